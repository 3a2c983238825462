import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createStockFormatters } from '../stock/stock-format';

type Props = { offset: number; pageSize: number; total: number; onChange: (offset: number) => void };

/** Previous / next page for lists the host pages; hidden when everything fits on one page. */
export function Pager({ offset, pageSize, total, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  if (total <= pageSize) return null;
  return (
    <div className="pager">
      <button type="button" className="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - pageSize))}>
        {t('documents.prevPage')}
      </button>
      <span>
        {t('documents.pageRange', {
          from: format.count(offset + 1),
          to: format.count(Math.min(offset + pageSize, total)),
          total: format.count(total),
        })}
      </span>
      <button type="button" className="button" disabled={offset + pageSize >= total} onClick={() => onChange(offset + pageSize)}>
        {t('documents.nextPage')}
      </button>
    </div>
  );
}
