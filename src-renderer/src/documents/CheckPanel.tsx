import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type DocumentView } from '../../../src-preload/contract';
import { createStockFormatters } from '../stock/stock-format';

const lineStates = ['match', 'shortage', 'overage', 'unexpected'] as const;

/** Expected vs scanned for the whole document: how many lines match, are short, over, unexpected. */
export function CheckPanel({ check }: { check: DocumentView['check'] }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);

  if (check === null) {
    return (
      <aside className="side-panel check-panel" data-testid="doc-check" data-state="none">
        <h2>{t('documents.editor.checkPanel.title')}</h2>
        <p className="muted">{t('documents.editor.checkPanel.none')}</p>
      </aside>
    );
  }

  const difference = check.scannedTotal - check.expectedTotal;
  const isAllMatched = check.shortage === 0 && check.overage === 0 && check.unexpected === 0;

  return (
    <aside className="side-panel check-panel" data-testid="doc-check" data-state={isAllMatched ? 'matched' : 'differs'}>
      <h2>{t('documents.editor.checkPanel.title')}</h2>
      <dl className="check-counts">
        {lineStates.map((state) => (
          <div key={state} className={`check-count is-${state}`} data-testid={`check-${state}`} data-value={check[state]}>
            <dt>{t(`documents.editor.checkPanel.${state}`)}</dt>
            <dd>{format.count(check[state])}</dd>
          </div>
        ))}
      </dl>
      <dl className="about check-totals">
        <dt>{t('documents.editor.checkPanel.expectedTotal')}</dt>
        <dd className="num" data-testid="check-expected-total" data-value={check.expectedTotal}>
          {format.qty(check.expectedTotal)}
        </dd>
        <dt>{t('documents.editor.checkPanel.scannedTotal')}</dt>
        <dd className="num" data-testid="check-scanned-total" data-value={check.scannedTotal}>
          {format.qty(check.scannedTotal)}
        </dd>
        <dt>{t('documents.editor.checkPanel.difference')}</dt>
        <dd
          className={difference < 0 ? 'num is-negative' : difference > 0 ? 'num is-overage' : 'num'}
          data-testid="check-difference"
          data-value={difference}
        >
          {difference > 0 ? '+' : ''}
          {format.qty(difference)}
        </dd>
      </dl>
      {isAllMatched && (
        <p className="check-ok" data-testid="check-all-matched">
          {t('documents.editor.checkPanel.allMatched')}
        </p>
      )}
    </aside>
  );
}
