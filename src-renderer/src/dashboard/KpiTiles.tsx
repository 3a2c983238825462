import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type DashboardSummary } from '../../../src-preload/contract';
import { hrefFor } from '../app/app-routes';
import { createStockFormatters } from '../stock/stock-format';
import { KpiTile } from './KpiTile';

/** Products in stock, low stock, stock value, the outbox and unread alerts. */
export function KpiTiles({ summary }: { summary: DashboardSummary }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  return (
    <div className="kpi-tiles" data-testid="dash-kpis">
      <KpiTile label={t('dashboard.kpi.productsInStock')} value={format.count(summary.productsInStock)} rawValue={summary.productsInStock} testId="kpi-products" />
      <KpiTile
        label={t('dashboard.kpi.lowStock')}
        value={format.count(summary.lowStockCount)}
        rawValue={summary.lowStockCount}
        testId="kpi-low-stock"
        isAlarm={summary.lowStockCount > 0}
      >
        <a href={hrefFor('reports', 'replenishment')}>{t('dashboard.kpi.openReplenishment')}</a>
      </KpiTile>
      <KpiTile label={t('dashboard.kpi.stockValue')} value={`${format.price(summary.stockValue)} ₽`} rawValue={summary.stockValue} testId="kpi-stock-value" />
      <KpiTile
        label={t('dashboard.kpi.outbox')}
        value={format.count(summary.outbox.depth)}
        rawValue={summary.outbox.depth}
        testId="kpi-outbox"
        isAlarm={summary.outbox.rejected > 0}
      >
        <span data-testid="kpi-outbox-rejected" data-value={summary.outbox.rejected}>
          {t('dashboard.kpi.rejected', { count: summary.outbox.rejected })}
        </span>{' '}
        <a href={hrefFor('documents')}>{t('dashboard.kpi.openDocuments')}</a>
      </KpiTile>
      <KpiTile
        label={t('dashboard.kpi.unreadAlerts')}
        value={format.count(summary.unreadAlerts)}
        rawValue={summary.unreadAlerts}
        testId="kpi-alerts"
        isAlarm={summary.unreadAlerts > 0}
      >
        <a href={hrefFor('alerts')}>{t('dashboard.kpi.openAlerts')}</a>
      </KpiTile>
    </div>
  );
}
