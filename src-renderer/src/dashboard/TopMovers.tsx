import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type DashboardSummary } from '../../../src-preload/contract';
import { createStockFormatters } from '../stock/stock-format';

/** The last 7 days' biggest movers by quantity out. */
export function TopMovers({ movers }: { movers: DashboardSummary['topMovers'] }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  return (
    <section className="dash-panel" aria-labelledby="dash-movers-title" data-testid="dash-movers">
      <h2 id="dash-movers-title">{t('dashboard.movers.title')}</h2>
      {movers.length === 0 ? (
        <p className="empty">{t('dashboard.movers.empty')}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('dashboard.movers.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.columns.code')}</th>
              <th scope="col">{t('reports.columns.name')}</th>
              <th scope="col" className="num">
                {t('dashboard.movers.qtyOut')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.movers.qtyIn')}
              </th>
            </tr>
          </thead>
          <tbody>
            {movers.map((m) => (
              <tr key={m.productId} data-testid="dash-mover" data-id={m.productId}>
                <td className="mono">{m.code ?? t('stock.noValue')}</td>
                <td>{m.name}</td>
                <td className="num" data-value={m.qtyOut}>
                  {format.qty(m.qtyOut)}
                </td>
                <td className="num" data-value={m.qtyIn}>
                  {format.qty(m.qtyIn)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
