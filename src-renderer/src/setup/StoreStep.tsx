import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type SyncOverview, type Warehouse } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useEvent } from '../api/use-event';
import { navigateTo } from '../app/app-routes';
import { ErrorAlert } from '../app/ErrorAlert';

const schedules = ['*/5 * * * *', '*/15 * * * *', '*/30 * * * *', '0 * * * *'] as const;

/** After the first sync: which warehouse is this PC's store, and how often to sync. */
export function StoreStep() {
  const { t } = useTranslation();
  const [sync, setSync] = useState<SyncOverview | null>(null);
  const [warehouses, setWarehouses] = useState<Warehouse[]>([]);
  const [homeId, setHomeId] = useState('');
  const [schedule, setSchedule] = useState<string>('*/15 * * * *');
  const [error, setError] = useState<IpcError | null>(null);

  const reload = useCallback(() => {
    void api.invoke('sync.status', {}).then((result) => result.ok && setSync(result.value));
    void api.invoke('warehouses.list', {}).then((result) => result.ok && setWarehouses(result.value));
  }, []);
  useEffect(reload, [reload]);
  useEvent('sync.finished', reload);

  const lastError = sync?.jobs.find((job) => job.lastRun?.errorMessage)?.lastRun?.errorMessage ?? null;
  async function finish(): Promise<void> {
    const result = await api.invoke('settings.set', { homeWarehouseId: Number(homeId), syncSchedule: schedule });
    if (!result.ok) return setError(result.error);
    navigateTo('dashboard');
  }

  return (
    <div className="form" data-testid="wizard-store">
      {sync === null || sync.isRunning ? (
        <p data-testid="wizard-syncing">{t('wizard.syncing')}</p>
      ) : lastError !== null ? (
        <p className="error" role="alert" data-testid="wizard-sync-failed">
          {t('wizard.syncFailed', { message: lastError })}
        </p>
      ) : (
        <p data-testid="wizard-sync-done">{t('wizard.syncDone')}</p>
      )}
      <label className="field">
        <span className="field-label">{t('wizard.home')}</span>
        <select value={homeId} onChange={(event) => setHomeId(event.target.value)} data-testid="wizard-home">
          <option value="">{t('wizard.chooseHome')}</option>
          {warehouses.map((warehouse) => (
            <option key={warehouse.id} value={warehouse.id}>
              {warehouse.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('wizard.schedule')}</span>
        <select value={schedule} onChange={(event) => setSchedule(event.target.value)} data-testid="wizard-schedule">
          {schedules.map((value) => (
            <option key={value} value={value}>
              {t(`wizard.schedules.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <ErrorAlert error={error} />
      <button type="button" className="button-primary" disabled={homeId === ''} onClick={() => void finish()} data-testid="wizard-finish">
        {t('wizard.finish')}
      </button>
    </div>
  );
}
