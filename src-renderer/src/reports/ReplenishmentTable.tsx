import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ReplenishmentRow } from '../../../src-preload/contract';
import { createStockFormatters } from '../stock/stock-format';
import { ShowMore, useDisplayLimit } from './ShowMore';

type Props = {
  rows: readonly ReplenishmentRow[];
  selected: ReadonlySet<number>;
  onToggle: (productId: number, isOn: boolean) => void;
  onToggleAll: (isOn: boolean) => void;
};

/** What to order and where it can come from; rows are chosen with checkboxes. */
export function ReplenishmentTable({ rows, selected, onToggle, onToggleAll }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const { limit, showMore } = useDisplayLimit();
  const dash = t('stock.noValue');
  const isAllSelected = rows.length > 0 && rows.every((r) => selected.has(r.productId));
  const qtyOrDash = (qty: number | null): string => (qty === null ? dash : format.qty(qty));

  return (
    <>
      <div className="table-scroll">
        <table className="data-table report-table" data-testid="replenishment-list">
          <caption className="visually-hidden">{t('reports.tabs.replenishment')}</caption>
          <thead>
            <tr>
              <th scope="col">
                <input type="checkbox" aria-label={t('reports.selectAll')} data-testid="replenishment-select-all" checked={isAllSelected} onChange={(event) => onToggleAll(event.target.checked)} />
              </th>
              <th scope="col">{t('reports.columns.code')}</th>
              <th scope="col">{t('reports.columns.name')}</th>
              <th scope="col">{t('reports.columns.abc')}</th>
              <th scope="col" className="num">
                {t('reports.columns.qty')}
              </th>
              <th scope="col" className="num">
                {t('reports.columns.min')}
              </th>
              <th scope="col" className="num">
                {t('reports.columns.max')}
              </th>
              <th scope="col" className="num">
                {t('reports.columns.avgDailySales')}
              </th>
              <th scope="col" className="num">
                {t('reports.columns.orderQty')}
              </th>
              <th scope="col">{t('reports.columns.availability')}</th>
              <th scope="col">{t('reports.columns.sources')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((row) => (
              <tr key={row.productId} data-testid="replenishment-row" data-id={row.productId} data-availability={row.availability} className={selected.has(row.productId) ? 'is-selected' : undefined}>
                <td>
                  <input
                    type="checkbox"
                    data-testid="replenishment-select"
                    aria-label={t('reports.selectRow', { name: row.name })}
                    checked={selected.has(row.productId)}
                    onChange={(event) => onToggle(row.productId, event.target.checked)}
                  />
                </td>
                <td className="mono">{row.code ?? dash}</td>
                <td data-col="name">{row.name}</td>
                <td data-col="abc">{row.abcClass ? <span className={`abc-chip is-${row.abcClass}`}>{row.abcClass}</span> : dash}</td>
                <td className="num" data-col="qty" data-value={row.qty}>
                  {format.qty(row.qty)}
                </td>
                <td className="num">{qtyOrDash(row.minQty)}</td>
                <td className="num">{qtyOrDash(row.maxQty)}</td>
                <td className="num">{format.qty(row.avgDailySales)}</td>
                <td className="num" data-col="orderQty" data-value={row.orderQty}>
                  <strong>{format.qty(row.orderQty)}</strong> {row.unitName ?? ''}
                </td>
                <td data-col="availability" className={row.availability === 'other_store' ? 'availability is-other-store' : 'availability'}>
                  {row.availabilityText}
                </td>
                <td data-col="sources">
                  {row.sources.length === 0 ? dash : row.sources.map((s) => `${s.warehouseName}: ${format.qty(s.available)}`).join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ShowMore shown={Math.min(limit, rows.length)} total={rows.length} onMore={showMore} />
    </>
  );
}
