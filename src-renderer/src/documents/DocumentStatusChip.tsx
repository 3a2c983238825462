import { useTranslation } from 'react-i18next';
import { type DocumentStatus, type LineCheck } from '../../../src-preload/contract';

/** A document's status as a coloured chip; the colour is also said in words, never alone. */
export function DocumentStatusChip({ status }: { status: DocumentStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`doc-status is-${status}`} data-testid="doc-status" data-status={status}>
      {t(`documents.statuses.${status}`)}
    </span>
  );
}

/** A line's expected-vs-scanned result; nothing when no quantity is expected anywhere. */
export function LineCheckChip({ check }: { check: LineCheck }) {
  const { t } = useTranslation();
  if (check === 'none') return null;
  return (
    <span className={`check-chip is-${check}`} data-testid="line-check" data-check={check}>
      {t(`documents.editor.checks.${check}`)}
    </span>
  );
}
