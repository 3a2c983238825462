import { useTranslation } from 'react-i18next';
import { type DocumentKind, type DocumentStatus, type LineCheck } from '../../../src-preload/contract';
import { isPostedIn1C } from './document-kinds';

/** A document's status as a coloured chip; the colour is also said in words, never alone. */
export function DocumentStatusChip({ status, kind }: { status: DocumentStatus; kind: DocumentKind }) {
  const { t } = useTranslation();
  // A supplier order is done once written: 1C keeps it as an unposted draft.
  const label = status === 'posted' && !isPostedIn1C(kind) ? t('documents.statuses.written') : t(`documents.statuses.${status}`);
  return (
    <span className={`doc-status is-${status}`} data-testid="doc-status" data-status={status}>
      {label}
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
