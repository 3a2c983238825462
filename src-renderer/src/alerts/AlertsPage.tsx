import { useTranslation } from 'react-i18next';
import { navigateTo } from '../app/app-routes';
import { TabBar } from '../app/TabBar';
import { AlertCentre } from './AlertCentre';
import { AlertHistoryTab } from './AlertHistoryTab';
import { AlertRulesTab } from './AlertRulesTab';
import { DeliverySettingsTab } from './DeliverySettingsTab';
import '../styles/manager-screens.css';

const tabOrder = { centre: 0, rules: 1, history: 2, delivery: 3 } as const;
type AlertsTab = keyof typeof tabOrder;
const tabIds = Object.keys(tabOrder) as AlertsTab[];

function isAlertsTab(value: string | undefined): value is AlertsTab {
  return value !== undefined && Object.hasOwn(tabOrder, value);
}

/** «Оповещения» at #/alerts/<tab>: the alert centre (default), rules, history, delivery settings. */
export function AlertsPage({ params }: { params: readonly string[] }) {
  const { t } = useTranslation();
  const first = params[0];
  const tab: AlertsTab = isAlertsTab(first) ? first : 'centre';
  return (
    <section className="page page-alerts">
      <header className="page-header">
        <h1 data-testid="page-title">{t('nav.alerts')}</h1>
      </header>
      <TabBar
        tabs={tabIds.map((id) => ({ id, label: t(`alerts.tabs.${id}`) }))}
        current={tab}
        onSelect={(id) => navigateTo('alerts', id)}
        label={t('nav.alerts')}
        idPrefix="alerts"
      />
      <div role="tabpanel" id="alerts-panel" aria-labelledby={`alerts-tab-${tab}`} data-testid={`alerts-panel-${tab}`}>
        {tab === 'centre' ? <AlertCentre /> : tab === 'rules' ? <AlertRulesTab /> : tab === 'history' ? <AlertHistoryTab /> : <DeliverySettingsTab />}
      </div>
    </section>
  );
}
