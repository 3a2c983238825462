import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Rows rendered at first and added per click: a 20,000-row ABC table stays responsive; CSV has everything. */
export const displayStep = 500;

/** How many rows of a long report are on screen, and the button that shows more. */
export function useDisplayLimit(): { limit: number; showMore: () => void } {
  const [limit, setLimit] = useState(displayStep);
  return { limit, showMore: () => setLimit((n) => n + displayStep) };
}

export function ShowMore({ shown, total, onMore }: { shown: number; total: number; onMore: () => void }) {
  const { t } = useTranslation();
  if (shown >= total) return null;
  return (
    <div className="pager">
      <span className="muted">{t('reports.shownOf', { shown, total })}</span>
      <button type="button" className="button" data-testid="report-show-more" onClick={onMore}>
        {t('reports.showMore')}
      </button>
    </div>
  );
}
