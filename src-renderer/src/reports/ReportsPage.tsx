import { useTranslation } from 'react-i18next';
import { navigateTo } from '../app/app-routes';
import { TabBar } from '../app/TabBar';
import { AbcTab } from './AbcTab';
import { ReconciliationTab } from './ReconciliationTab';
import { ReplenishmentTab } from './ReplenishmentTab';
import { StockLevelsTab } from './StockLevelsTab';
import '../styles/manager-screens.css';

const tabOrder = { replenishment: 0, levels: 1, abc: 2, reconciliation: 3 } as const;
type ReportsTab = keyof typeof tabOrder;
const tabIds = Object.keys(tabOrder) as ReportsTab[];

function isReportsTab(value: string | undefined): value is ReportsTab {
  return value !== undefined && Object.hasOwn(tabOrder, value);
}

/** «Отчёты» at #/reports/<tab>: replenishment (default), min/max, ABC, reconciliation with 1C. */
export function ReportsPage({ params }: { params: readonly string[] }) {
  const { t } = useTranslation();
  const first = params[0];
  const tab: ReportsTab = isReportsTab(first) ? first : 'replenishment';
  return (
    <section className="page page-reports">
      <header className="page-header">
        <h1 data-testid="page-title">{t('nav.reports')}</h1>
      </header>
      <TabBar
        tabs={tabIds.map((id) => ({ id, label: t(`reports.tabs.${id}`) }))}
        current={tab}
        onSelect={(id) => navigateTo('reports', id)}
        label={t('nav.reports')}
        idPrefix="reports"
      />
      <div role="tabpanel" id="reports-panel" aria-labelledby={`reports-tab-${tab}`} data-testid={`reports-panel-${tab}`}>
        {tab === 'replenishment' ? <ReplenishmentTab /> : tab === 'levels' ? <StockLevelsTab /> : tab === 'abc' ? <AbcTab /> : <ReconciliationTab />}
      </div>
    </section>
  );
}
