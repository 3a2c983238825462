import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AppInfo, type IpcError, type Settings } from '../../../src-preload/contract';
import { AlertsPage } from '../alerts/AlertsPage';
import { AuditPage } from '../audit/AuditPage';
import { useUnreadAlerts } from '../alerts/use-unread-alerts';
import { api } from '../api/api-client';
import { useEvent } from '../api/use-event';
import { errorMessage } from '../i18n/error-message';
import { CustomersPage } from '../customers/CustomersPage';
import { useCustomerConflicts } from '../customers/use-customer-conflicts';
import { DashboardPage } from '../dashboard/DashboardPage';
import { DevicesPage } from '../devices/DevicesPage';
import { DocumentsPage } from '../documents/DocumentsPage';
import { ExchangePage } from '../exchange/ExchangePage';
import { applyLanguage } from '../i18n/i18n.setup';
import { ReportsPage } from '../reports/ReportsPage';
import { ScanCaptureProvider } from '../scan-capture/ScanCaptureProvider';
import { type CapturedScan } from '../scan-capture/scan-capture-context';
import { ScanDeskPage } from '../scan/ScanDeskPage';
import { createScanDesk } from '../scan/use-scan-desk';
import { SettingsPage } from '../settings/SettingsPage';
import { SetupWizardPage } from '../setup/SetupWizardPage';
import { SetupBanner } from '../setup/SetupBanner';
import { StockPage } from '../stock/StockPage';
import { SyncPage } from '../sync/SyncPage';
import { useSyncRun } from '../sync/use-sync-run';
import { defaultRoute, navigateTo, useHashLocation } from './app-routes';
import { isRouteAllowed } from './route-permissions';
import { useAuth } from '../auth/auth-context';
import { Nav } from './Nav';
import { OutboxBar } from './OutboxBar';
import { useOutboxStatus } from './use-outbox-status';

type Boot =
  | { state: 'loading' }
  | { state: 'ready'; info: AppInfo; settings: Settings }
  | { state: 'error'; error: IpcError };

export function App() {
  const { t } = useTranslation();
  const location = useHashLocation();
  const { status } = useAuth();
  // A section this role may not use (e.g. the previous user's Настройки still in the address) shows the start screen.
  const { route, params } = isRouteAllowed(location.route, status.permissions) ? location : { route: defaultRoute, params: [] };
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const syncRun = useSyncRun();
  const outbox = useOutboxStatus();
  const unreadAlerts = useUnreadAlerts();
  const conflictQueue = useCustomerConflicts();
  const [desk] = useState(createScanDesk);
  const isSyncing = syncRun.run.phase === 'starting' || syncRun.run.phase === 'running';

  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      const [info, settings] = await Promise.all([api.invoke('app.info', {}), api.invoke('settings.get', {})]);
      if (!isCurrent) return;
      if (!info.ok) return setBoot({ state: 'error', error: info.error });
      if (!settings.ok) return setBoot({ state: 'error', error: settings.error });
      // The language is applied before "ready" so tests and users never see a flash of Russian.
      await applyLanguage(settings.value.language);
      if (isCurrent) setBoot({ state: 'ready', info: info.value, settings: settings.value });
    })();
    return () => {
      isCurrent = false;
    };
  }, [attempt]);

  // A scan no screen claimed (no document open, not on Устройства) goes to the scan desk, which comes up.
  const onUnclaimedScan = useCallback(
    (scan: CapturedScan) => {
      desk.accept(scan);
      navigateTo('scan');
    },
    [desk],
  );

  const onSettingsChange = useCallback((settings: Settings) => {
    setBoot((prev) => (prev.state === 'ready' ? { ...prev, settings } : prev));
  }, []);
  // Settings saved elsewhere (the wizard, another window) reach every screen that shows them.
  useEvent('data.changed', ({ tables }) => {
    if (tables.includes('settings')) void api.invoke('settings.get', {}).then((result) => result.ok && onSettingsChange(result.value));
  });

  if (boot.state === 'loading') {
    return (
      <div className="app app-centered" data-app-state="loading">
        <p>{t('app.loading')}</p>
      </div>
    );
  }

  if (boot.state === 'error') {
    return (
      <div className="app app-centered" data-app-state="error">
        <div className="boot-error" role="alert">
          <h1>{t('app.loadFailed')}</h1>
          <p data-testid="app-error">{errorMessage(t, boot.error)}</p>
          <button
            type="button"
            onClick={() => {
              setBoot({ state: 'loading' });
              setAttempt((n) => n + 1);
            }}
          >
            {t('app.retry')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <ScanCaptureProvider onUnclaimed={onUnclaimedScan}>
      <div className="app" data-app-state="ready">
        <Nav current={route} isSyncing={isSyncing} unreadAlerts={unreadAlerts} customerConflicts={conflictQueue.conflicts?.length ?? 0} />
        <div className="main-column">
          {boot.settings.onecUrl === '' && route !== 'setup' && status.permissions.includes('settings') && <SetupBanner />}
          <OutboxBar control={outbox} />
          <main className="content">
            {route === 'dashboard' ? (
              <DashboardPage />
            ) : route === 'stock' ? (
              <StockPage />
            ) : route === 'documents' ? (
              <DocumentsPage params={params} />
            ) : route === 'customers' ? (
              <CustomersPage params={params} queue={conflictQueue} />
            ) : route === 'exchange' ? (
              <ExchangePage />
            ) : route === 'scan' ? (
              <ScanDeskPage desk={desk} />
            ) : route === 'alerts' ? (
              <AlertsPage params={params} />
            ) : route === 'reports' ? (
              <ReportsPage params={params} />
            ) : route === 'sync' ? (
              <SyncPage control={syncRun} />
            ) : route === 'devices' ? (
              <DevicesPage />
            ) : route === 'audit' ? (
              <AuditPage />
            ) : route === 'setup' ? (
              <SetupWizardPage />
            ) : (
              <SettingsPage info={boot.info} settings={boot.settings} onChange={onSettingsChange} />
            )}
          </main>
        </div>
      </div>
    </ScanCaptureProvider>
  );
}
