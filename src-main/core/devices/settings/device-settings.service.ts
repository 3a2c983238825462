// Scanners, printers and the keyboard-wedge calibration of this station: one JSON value under the
// settings key 'devices' (never secrets), validated on read and write like the other settings.
import { type DeviceSettings, deviceSettings } from '../../../../src-preload/contract';
import { type AppDb } from '../../db/open';
import { cachedStatement } from '../../db/statement-cache';
import { AppError } from '../../errors/app-error';
import { type Logger } from '../../logging/logger';

/**
 * Defaults for an uncalibrated station: cheap USB scanners type a key every 1–15 ms, people rarely
 * type faster than every 50 ms (design doc §3.1); the calibration wizard narrows it per station.
 */
export const defaultDeviceSettings: DeviceSettings = {
  keyboard: { maxInterKeyMs: 35, minLength: 6, gsSubstitute: '', isEnterRequired: true },
  scanners: [],
  printers: [],
  defaultPrinterId: '',
};

const settingsKey = 'devices';

export type DeviceSettingsService = {
  get(): DeviceSettings;
  /** Validates the merged result (duplicate device ids → AppError 'validation') and stores it. */
  set(patch: Partial<DeviceSettings>): DeviceSettings;
};

export function createDeviceSettingsService(db: AppDb, logger: Logger, clock: () => number): DeviceSettingsService {
  const get = (): DeviceSettings => {
    const row = cachedStatement(db, 'SELECT value_json AS valueJson FROM settings WHERE key = ?').get(settingsKey) as { valueJson: string } | undefined;
    if (!row) return defaultDeviceSettings;
    let json: unknown;
    try {
      json = JSON.parse(row.valueJson);
    } catch {
      json = null;
    }
    const parsed = deviceSettings.safeParse({ ...defaultDeviceSettings, ...(typeof json === 'object' && json !== null ? json : {}) });
    if (parsed.success) return parsed.data;
    // Unreadable (another version, hand-edited): the defaults, rather than a screen that cannot open.
    logger.warn('device settings are unreadable; using the defaults');
    return defaultDeviceSettings;
  };
  return {
    get,
    set(patch) {
      const next = deviceSettings.parse({ ...get(), ...patch });
      const ids = (list: readonly { id: string }[]) => new Set(list.map((x) => x.id)).size === list.length;
      if (!ids(next.scanners) || !ids(next.printers)) throw new AppError('validation', 'У двух устройств одинаковый идентификатор: у каждого сканера и принтера он должен быть свой.');
      cachedStatement(
        db,
        `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      ).run(settingsKey, JSON.stringify(next), clock());
      return next;
    },
  };
}
