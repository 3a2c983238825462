import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DeviceSettings, type IpcError, type SerialScannerConfig } from '../../../src-preload/contract';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { errorMessage } from '../i18n/error-message';
import { createStockFormatters } from '../stock/stock-format';
import { type DeviceSettingsControl, nextDeviceId } from './use-device-settings';
import { DeviceSection } from './DeviceSection';
import { ErrorAlert } from '../app/ErrorAlert';

type Status = { scanners: Array<{ id: string; state: string; path: string; lastError: string | null; scanCount: number; lastScanAt: number | null }> };

export const baudRates = [9600, 19200, 38400, 57600, 115200] as const;
const framings = ['suffix', 'timeout'] as const;
const suffixes = ['cr', 'lf', 'crlf', 'tab', 'none'] as const;
// The states the core reports (serial-scanner.ts, serial-device-manager.ts); anything else is shown as sent.
const scannerStates = ['connecting', 'connected', 'disconnected', 'closed', 'disabled', 'misconfigured'] as const;

type Editing = { config: SerialScannerConfig; isNew: boolean };

/** Scanners on a serial port (USB VCP, RS-232): found ports, configured scanners with their live state, add and edit. */
export function SerialScannersSection({ control, settings }: { control: DeviceSettingsControl; settings: DeviceSettings }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const ports = useInvoke('devices.ports', {});
  const loadedStatus = useInvoke('devices.status', {});
  const [pushed, setPushed] = useState<Status | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEvent('devices.changed', (status) => setPushed(status));
  const status = pushed ?? loadedStatus.value;
  const dash = t('stock.noValue');

  function stateName(state: string): string {
    return (scannerStates as readonly string[]).includes(state) ? t(`devices.serial.states.${state}`) : state;
  }

  function newScanner(path: string): SerialScannerConfig {
    return { id: nextDeviceId('scanner', settings.scanners), name: '', path, baudRate: 9600, framing: 'suffix', suffix: 'cr', timeoutMs: 50, isEnabled: true };
  }

  async function saveScanners(scanners: SerialScannerConfig[]): Promise<boolean> {
    setError(null);
    const result = await control.save({ scanners });
    if (!result.ok) setError(result.error);
    return result.ok;
  }

  return (
    <DeviceSection name="serial" title={t('devices.serial.title')} intro={t('devices.serial.intro')}>

      {settings.scanners.length === 0 ? (
        <p className="empty" data-testid="serial-none">
          {t('devices.serial.none')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="serial-scanners">
            <caption className="visually-hidden">{t('devices.serial.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('devices.serial.columns.name')}</th>
                <th scope="col">{t('devices.serial.columns.path')}</th>
                <th scope="col">{t('devices.serial.columns.settings')}</th>
                <th scope="col">{t('devices.serial.columns.state')}</th>
                <th scope="col" className="num">
                  {t('devices.serial.columns.scans')}
                </th>
                <th scope="col">{t('devices.serial.columns.lastScan')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('devices.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {settings.scanners.map((scanner) => {
                const live = status?.scanners.find((s) => s.id === scanner.id);
                return (
                  <tr key={scanner.id} data-testid="serial-scanner" data-id={scanner.id} data-state={live?.state ?? ''}>
                    <td>{scanner.name || scanner.id}</td>
                    <td className="mono">{scanner.path}</td>
                    <td>
                      {t('devices.serial.summary', {
                        baud: scanner.baudRate,
                        framing:
                          scanner.framing === 'suffix'
                            ? t(`devices.serial.suffixes.${scanner.suffix}`)
                            : t('devices.serial.silence', { ms: scanner.timeoutMs }),
                      })}
                      {!scanner.isEnabled && <span className="muted"> · {t('devices.serial.disabled')}</span>}
                    </td>
                    <td data-testid="serial-scanner-state" className={live?.state === 'connected' ? 'is-positive' : live?.state === 'disconnected' || live?.state === 'misconfigured' ? 'is-negative' : undefined}>
                      {live ? stateName(live.state) : dash}
                      {live?.lastError && <span className="cell-note is-negative"> {live.lastError}</span>}
                    </td>
                    <td className="num">{live?.scanCount ?? 0}</td>
                    <td>{live?.lastScanAt ? format.dateTime(live.lastScanAt) : dash}</td>
                    <td className="row-actions">
                      <button type="button" className="button button-small" data-testid="serial-edit" onClick={() => setEditing({ config: scanner, isNew: false })}>
                        {t('devices.edit')}
                      </button>{' '}
                      <button
                        type="button"
                        className="button button-small"
                        data-testid="serial-remove"
                        onClick={() => void saveScanners(settings.scanners.filter((s) => s.id !== scanner.id))}
                      >
                        {t('devices.remove')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="serial-error">
          {t('devices.saveFailed')}: {errorMessage(t, error)}
        </p>
      )}

      {editing ? (
        <ScannerForm
          key={editing.config.id}
          initial={editing.config}
          ports={ports.value?.map((p) => p.path) ?? []}
          onCancel={() => setEditing(null)}
          onSave={async (config) => {
            const next = editing.isNew ? [...settings.scanners, config] : settings.scanners.map((s) => (s.id === config.id ? config : s));
            const isSaved = await saveScanners(next);
            if (isSaved) setEditing(null);
          }}
        />
      ) : (
        <div className="toolbar">
          <button type="button" className="button" data-testid="serial-add" disabled={settings.scanners.length >= 8} onClick={() => setEditing({ config: newScanner(''), isNew: true })}>
            {t('devices.serial.add')}
          </button>
        </div>
      )}

      <h3>{t('devices.serial.ports')}</h3>
      <div className="toolbar">
        <button type="button" className="button button-small" data-testid="ports-refresh" onClick={ports.reload}>
          {t('devices.serial.refreshPorts')}
        </button>
      </div>
      <ErrorAlert error={ports.status === 'error' ? ports.error : null} />
      {ports.value && ports.value.length === 0 && <p className="muted">{t('devices.serial.noPorts')}</p>}
      {ports.value && ports.value.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="serial-ports">
            <caption className="visually-hidden">{t('devices.serial.ports')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('devices.serial.portColumns.path')}</th>
                <th scope="col">{t('devices.serial.portColumns.kind')}</th>
                <th scope="col">{t('devices.serial.portColumns.ids')}</th>
                <th scope="col">{t('devices.serial.portColumns.device')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('devices.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {ports.value.map((port) => (
                <tr key={port.path} data-testid="serial-port" data-path={port.path}>
                  <td className="mono">{port.path}</td>
                  <td>{t(`devices.serial.portKinds.${port.kind}`)}</td>
                  <td className="mono">{port.vendorId || port.productId ? `${port.vendorId ?? '????'}:${port.productId ?? '????'}` : dash}</td>
                  <td>{[port.manufacturer, port.product, port.serialNumber].filter(Boolean).join(' · ') || dash}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="serial-port-use"
                      disabled={editing !== null || settings.scanners.length >= 8}
                      onClick={() => setEditing({ config: newScanner(port.path), isNew: true })}
                    >
                      {t('devices.serial.usePort')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </DeviceSection>
  );
}

type FormProps = {
  initial: SerialScannerConfig;
  ports: readonly string[];
  onSave: (config: SerialScannerConfig) => Promise<void>;
  onCancel: () => void;
};

function ScannerForm({ initial, ports, onSave, onCancel }: FormProps) {
  const { t } = useTranslation();
  const [config, setConfig] = useState(initial);
  const [timeoutText, setTimeoutText] = useState(String(initial.timeoutMs));
  const [isInvalid, setIsInvalid] = useState(false);
  const [isSaving, setIsSaving] = useState(false);
  const change = (patch: Partial<SerialScannerConfig>): void => {
    setConfig((prev) => ({ ...prev, ...patch }));
    setIsInvalid(false);
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const timeoutMs = /^\d+$/.test(timeoutText.trim()) ? Number(timeoutText.trim()) : NaN;
    if (config.path.trim() === '' || !(timeoutMs >= 10 && timeoutMs <= 5000)) {
      setIsInvalid(true);
      return;
    }
    setIsSaving(true);
    await onSave({ ...config, path: config.path.trim(), name: config.name.trim(), timeoutMs });
    setIsSaving(false);
  }

  return (
    <form className="form-stack device-form device-edit" data-testid="serial-form" onSubmit={(event) => void submit(event)}>
      <h3>{t('devices.serial.form.title', { id: config.id })}</h3>
      <label className="field">
        <span className="field-label">{t('devices.serial.form.name')}</span>
        <input type="text" data-testid="serial-form-name" value={config.name} maxLength={100} onChange={(e) => change({ name: e.target.value })} />
      </label>
      <label className="field">
        <span className="field-label">{t('devices.serial.form.path')}</span>
        <input type="text" className="mono" list="serial-port-paths" data-testid="serial-form-path" value={config.path} maxLength={260} onChange={(e) => change({ path: e.target.value })} />
        <datalist id="serial-port-paths">
          {ports.map((path) => (
            <option key={path} value={path} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span className="field-label">{t('devices.serial.form.baudRate')}</span>
        <select data-testid="serial-form-baud" value={config.baudRate} onChange={(e) => change({ baudRate: Number(e.target.value) })}>
          {[...new Set([...baudRates, config.baudRate])].map((rate) => (
            <option key={rate} value={rate}>
              {rate}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="radio-group">
        <legend className="field-label">{t('devices.serial.form.framing')}</legend>
        <div className="radio-row">
          {framings.map((framing) => (
            <label key={framing} className="radio">
              <input type="radio" name="serial-framing" value={framing} data-testid={`serial-form-framing-${framing}`} checked={config.framing === framing} onChange={() => change({ framing })} />
              {t(`devices.serial.framings.${framing}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {config.framing === 'suffix' && (
        <label className="field">
          <span className="field-label">{t('devices.serial.form.suffix')}</span>
          <select data-testid="serial-form-suffix" value={config.suffix} onChange={(e) => change({ suffix: suffixes.find((s) => s === e.target.value) ?? 'cr' })}>
            {suffixes.map((suffix) => (
              <option key={suffix} value={suffix}>
                {t(`devices.serial.suffixes.${suffix}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span className="field-label">{t('devices.serial.form.timeoutMs')}</span>
        <input type="number" min={10} max={5000} data-testid="serial-form-timeout" value={timeoutText} onChange={(e) => setTimeoutText(e.target.value)} />
        <span className="field-hint">{t('devices.serial.form.timeoutHint')}</span>
      </label>
      <label className="checkbox">
        <input type="checkbox" data-testid="serial-form-enabled" checked={config.isEnabled} onChange={(e) => change({ isEnabled: e.target.checked })} />
        {t('devices.serial.form.isEnabled')}
      </label>
      {isInvalid && (
        <p className="error" role="alert" data-testid="serial-form-invalid">
          {t('devices.serial.form.invalid')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" data-testid="serial-form-save" disabled={isSaving}>
          {isSaving ? t('devices.saving') : t('devices.save')}
        </button>
        <button type="button" className="button" data-testid="serial-form-cancel" onClick={onCancel}>
          {t('devices.cancel')}
        </button>
      </div>
    </form>
  );
}
