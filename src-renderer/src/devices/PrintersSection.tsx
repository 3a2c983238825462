import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DeviceSettings, type IpcError, type PrinterConfig } from '../../../src-preload/contract';
import { errorMessage } from '../i18n/error-message';
import { baudRates } from './SerialScannersSection';
import { TestPrint } from './TestPrint';
import { type DeviceSettingsControl, nextDeviceId } from './use-device-settings';
import { DeviceSection } from './DeviceSection';

// The contract's values (devices.ts labelLanguages, labelSizes, labelDpis); the renderer takes only types from it.
const languages = ['tspl', 'zpl', 'epl', 'tspl-bitmap', 'zpl-bitmap'] as const satisfies readonly PrinterConfig['language'][];
const sizes = ['58x40', '58x30', '40x25', '30x20'] as const satisfies readonly PrinterConfig['size'][];
const dpis = [203, 300] as const satisfies readonly PrinterConfig['dpi'][];
const transportKinds = ['path', 'serial', 'spooler'] as const satisfies readonly PrinterConfig['transport']['kind'][];
type TransportKind = (typeof transportKinds)[number];

type Editing = { config: PrinterConfig; isNew: boolean };

/** Label printers: language, dpi, size and how the bytes get there; the default one; a test print with its preview. */
export function PrintersSection({ control, settings }: { control: DeviceSettingsControl; settings: DeviceSettings }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  async function save(patch: Partial<Pick<DeviceSettings, 'printers' | 'defaultPrinterId'>>): Promise<boolean> {
    setError(null);
    const result = await control.save(patch);
    if (!result.ok) setError(result.error);
    return result.ok;
  }

  function transportText(transport: PrinterConfig['transport']): string {
    switch (transport.kind) {
      case 'serial':
        return `${t('devices.printers.transports.serial')}: ${transport.path}, ${transport.baudRate}`;
      case 'path':
        return `${t('devices.printers.transports.path')}: ${transport.path}`;
      case 'spooler':
        return `${t('devices.printers.transports.spooler')}: ${transport.printerName}`;
    }
  }

  return (
    <DeviceSection name="printers" title={t('devices.printers.title')} intro={t('devices.printers.intro')}>
      {settings.printers.length === 0 ? (
        <p className="empty" data-testid="printers-none">
          {t('devices.printers.none')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="printers">
            <caption className="visually-hidden">{t('devices.printers.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('devices.printers.columns.default')}</th>
                <th scope="col">{t('devices.printers.columns.name')}</th>
                <th scope="col">{t('devices.printers.columns.language')}</th>
                <th scope="col">{t('devices.printers.columns.label')}</th>
                <th scope="col">{t('devices.printers.columns.transport')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('devices.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {settings.printers.map((printer) => (
                <tr key={printer.id} data-testid="printer" data-id={printer.id} data-default={printer.id === settings.defaultPrinterId}>
                  <td>
                    <input
                      type="radio"
                      name="default-printer"
                      data-testid="printer-default"
                      aria-label={t('devices.printers.makeDefault', { name: printer.name || printer.id })}
                      checked={printer.id === settings.defaultPrinterId}
                      onChange={() => void save({ defaultPrinterId: printer.id })}
                    />
                  </td>
                  <td>{printer.name || printer.id}</td>
                  <td>{t(`devices.printers.languages.${printer.language}`)}</td>
                  <td>{t('devices.printers.labelSummary', { size: printer.size.replace('x', '×'), dpi: printer.dpi })}</td>
                  <td className="mono-soft">{transportText(printer.transport)}</td>
                  <td className="row-actions">
                    <button type="button" className="button button-small" data-testid="printer-edit" onClick={() => setEditing({ config: printer, isNew: false })}>
                      {t('devices.edit')}
                    </button>{' '}
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="printer-remove"
                      onClick={() =>
                        void save({
                          printers: settings.printers.filter((p) => p.id !== printer.id),
                          ...(settings.defaultPrinterId === printer.id && { defaultPrinterId: '' }),
                        })
                      }
                    >
                      {t('devices.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="printers-error">
          {t('devices.saveFailed')}: {errorMessage(t, error)}
        </p>
      )}
      {editing ? (
        <PrinterForm
          key={editing.config.id}
          initial={editing.config}
          onCancel={() => setEditing(null)}
          onSave={async (config) => {
            const printers = editing.isNew ? [...settings.printers, config] : settings.printers.map((p) => (p.id === config.id ? config : p));
            // The first printer becomes the default: «Печать ценников» needs one.
            const isSaved = await save({ printers, ...(settings.defaultPrinterId === '' && { defaultPrinterId: config.id }) });
            if (isSaved) setEditing(null);
          }}
        />
      ) : (
        <div className="toolbar">
          <button
            type="button"
            className="button"
            data-testid="printer-add"
            disabled={settings.printers.length >= 8}
            onClick={() =>
              setEditing({
                config: { id: nextDeviceId('printer', settings.printers), name: '', language: 'tspl', dpi: 203, size: '58x40', transport: { kind: 'path', path: '' } },
                isNew: true,
              })
            }
          >
            {t('devices.printers.add')}
          </button>
        </div>
      )}
      <TestPrint printers={settings.printers} defaultPrinterId={settings.defaultPrinterId} />
    </DeviceSection>
  );
}

type TransportDraft = { kind: TransportKind; path: string; baudRate: number; printerName: string };

function toTransportDraft(transport: PrinterConfig['transport']): TransportDraft {
  const base: TransportDraft = { kind: transport.kind, path: '', baudRate: 9600, printerName: '' };
  switch (transport.kind) {
    case 'serial':
      return { ...base, path: transport.path, baudRate: transport.baudRate };
    case 'path':
      return { ...base, path: transport.path };
    case 'spooler':
      return { ...base, printerName: transport.printerName };
  }
}

function fromTransportDraft(draft: TransportDraft): PrinterConfig['transport'] | null {
  switch (draft.kind) {
    case 'serial':
      return draft.path.trim() === '' ? null : { kind: 'serial', path: draft.path.trim(), baudRate: draft.baudRate };
    case 'path':
      return draft.path.trim() === '' ? null : { kind: 'path', path: draft.path.trim() };
    case 'spooler':
      return draft.printerName.trim() === '' ? null : { kind: 'spooler', printerName: draft.printerName.trim() };
  }
}

type FormProps = { initial: PrinterConfig; onSave: (config: PrinterConfig) => Promise<void>; onCancel: () => void };

function PrinterForm({ initial, onSave, onCancel }: FormProps) {
  const { t } = useTranslation();
  const [config, setConfig] = useState(initial);
  const [transport, setTransport] = useState(() => toTransportDraft(initial.transport));
  const [isInvalid, setIsInvalid] = useState(false);
  const [isSaving, setIsSaving] = useState(false);
  const change = (patch: Partial<PrinterConfig>): void => {
    setConfig((prev) => ({ ...prev, ...patch }));
    setIsInvalid(false);
  };
  const changeTransport = (patch: Partial<TransportDraft>): void => {
    setTransport((prev) => ({ ...prev, ...patch }));
    setIsInvalid(false);
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const next = fromTransportDraft(transport);
    if (next === null) {
      setIsInvalid(true);
      return;
    }
    setIsSaving(true);
    await onSave({ ...config, name: config.name.trim(), transport: next });
    setIsSaving(false);
  }

  return (
    <form className="form-stack device-form device-edit" data-testid="printer-form" onSubmit={(event) => void submit(event)}>
      <h3>{t('devices.printers.form.title', { id: config.id })}</h3>
      <label className="field">
        <span className="field-label">{t('devices.printers.form.name')}</span>
        <input type="text" data-testid="printer-form-name" maxLength={100} value={config.name} onChange={(e) => change({ name: e.target.value })} />
      </label>
      <label className="field">
        <span className="field-label">{t('devices.printers.form.language')}</span>
        <select data-testid="printer-form-language" value={config.language} onChange={(e) => change({ language: languages.find((l) => l === e.target.value) ?? 'tspl' })}>
          {languages.map((language) => (
            <option key={language} value={language}>
              {t(`devices.printers.languages.${language}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="field-row">
        <label className="field">
          <span className="field-label">{t('devices.printers.form.size')}</span>
          <select data-testid="printer-form-size" value={config.size} onChange={(e) => change({ size: sizes.find((s) => s === e.target.value) ?? '58x40' })}>
            {sizes.map((size) => (
              <option key={size} value={size}>
                {t('devices.printers.sizeMm', { size: size.replace('x', '×') })}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('devices.printers.form.dpi')}</span>
          <select data-testid="printer-form-dpi" value={config.dpi} onChange={(e) => change({ dpi: dpis.find((d) => String(d) === e.target.value) ?? 203 })}>
            {dpis.map((dpi) => (
              <option key={dpi} value={dpi}>
                {dpi}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="radio-group">
        <legend className="field-label">{t('devices.printers.form.transport')}</legend>
        <div className="radio-row">
          {transportKinds.map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name="printer-transport" value={kind} data-testid={`printer-form-transport-${kind}`} checked={transport.kind === kind} onChange={() => changeTransport({ kind })} />
              {t(`devices.printers.transports.${kind}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {transport.kind !== 'spooler' && (
        <label className="field">
          <span className="field-label">{t(transport.kind === 'serial' ? 'devices.printers.form.port' : 'devices.printers.form.path')}</span>
          <input type="text" className="mono" data-testid="printer-form-path" maxLength={260} value={transport.path} onChange={(e) => changeTransport({ path: e.target.value })} />
          {transport.kind === 'path' && <span className="field-hint">{t('devices.printers.form.pathHint')}</span>}
        </label>
      )}
      {transport.kind === 'serial' && (
        <label className="field">
          <span className="field-label">{t('devices.printers.form.baudRate')}</span>
          <select data-testid="printer-form-baud" value={transport.baudRate} onChange={(e) => changeTransport({ baudRate: Number(e.target.value) })}>
            {[...new Set([...baudRates, transport.baudRate])].map((rate) => (
              <option key={rate} value={rate}>
                {rate}
              </option>
            ))}
          </select>
        </label>
      )}
      {transport.kind === 'spooler' && (
        <label className="field">
          <span className="field-label">{t('devices.printers.form.printerName')}</span>
          <input type="text" data-testid="printer-form-spooler" maxLength={260} value={transport.printerName} onChange={(e) => changeTransport({ printerName: e.target.value })} />
          <span className="field-hint">{t('devices.printers.form.spoolerHint')}</span>
        </label>
      )}
      {isInvalid && (
        <p className="error" role="alert" data-testid="printer-form-invalid">
          {t('devices.printers.form.invalid')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" data-testid="printer-form-save" disabled={isSaving}>
          {isSaving ? t('devices.saving') : t('devices.save')}
        </button>
        <button type="button" className="button" data-testid="printer-form-cancel" onClick={onCancel}>
          {t('devices.cancel')}
        </button>
      </div>
    </form>
  );
}
