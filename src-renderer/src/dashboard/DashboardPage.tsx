import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWarehouseChoice } from '../reports/use-warehouse-choice';
import { WarehouseSelect } from '../reports/WarehouseSelect';
import { useNow } from '../stock/use-now';
import { KpiTiles } from './KpiTiles';
import { RecentActivity } from './RecentActivity';
import { StockTrendChart } from './StockTrendChart';
import { SyncHealthList } from './SyncHealthList';
import { TopMovers } from './TopMovers';
import { TrendPeriod } from './TrendPeriod';
import { useDashboardSummary } from './use-dashboard-summary';
import { type TrendDays, useStockTrend } from './use-stock-trend';
import '../styles/manager-screens.css';
import { ErrorAlert } from '../app/ErrorAlert';

const defaultDays: TrendDays = 30;
const clockTickMs = 60_000;

/** «Сводка»: the start screen — how the store stands, what needs attention, how stock is moving. */
export function DashboardPage() {
  const { t } = useTranslation();
  const choice = useWarehouseChoice(true);
  const [days, setDays] = useState<TrendDays>(defaultDays);
  const summary = useDashboardSummary(choice.warehouseId);
  const value = summary.value;
  const trend = useStockTrend(choice.warehouseId, days, value?.generatedAt);
  const now = useNow(clockTickMs);

  return (
    <section className="page page-dashboard" data-testid="dashboard" data-generated-at={value?.generatedAt}>
      <header className="page-header page-header-row">
        <h1 data-testid="page-title">{t('nav.dashboard')}</h1>
        <WarehouseSelect warehouses={choice.warehouses} value={choice.warehouseId} onChange={choice.choose} isAllAllowed testId="dash-warehouse" />
      </header>

      <ErrorAlert error={summary.status === 'error' ? summary.error : null} testId="dash-error" />
      {value === undefined ? (
        summary.status === 'loading' && <p className="muted">{t('app.loading')}</p>
      ) : (
        <>
          <KpiTiles summary={value} />
          <section className="dash-panel dash-trend" aria-labelledby="dash-trend-title">
            <div className="dash-panel-head">
              <h2 id="dash-trend-title">{t('dashboard.trend.title')}</h2>
              <TrendPeriod days={days} onChange={setDays} />
            </div>
            <ErrorAlert error={trend.status === 'error' ? trend.error : null} />
            {trend.value && <StockTrendChart points={trend.value.points} />}
          </section>
          <div className="dash-columns">
            <SyncHealthList jobs={value.sync} now={now} />
            <RecentActivity items={value.recentActivity} now={now} />
          </div>
          <TopMovers movers={value.topMovers} />
        </>
      )}
    </section>
  );
}
