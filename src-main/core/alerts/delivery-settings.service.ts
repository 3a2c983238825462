// Where alerts go besides the alert centre: one JSON value under the settings key 'alerts' (like
// device settings), validated on read and write. Never a secret: the SMTP password comes from the
// injected smtpPassword() port (keychain, issue #7; until then PRILAVOK_SMTP_PASSWORD).
import { type AlertDeliverySettings, alertDeliverySettings } from '../../../src-preload/contract/alerts';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { type Logger } from '../logging/logger';

const settingsKey = 'alerts';

export const defaultAlertDeliverySettings: AlertDeliverySettings = alertDeliverySettings.parse({});

export type AlertSettingsService = {
  get(): AlertDeliverySettings;
  /** Replaces the whole value (the contract sends the complete settings) and returns what was stored. */
  set(next: AlertDeliverySettings): AlertDeliverySettings;
};

export function createAlertSettingsService(db: AppDb, logger: Logger, clock: () => number): AlertSettingsService {
  return {
    get() {
      const row = cachedStatement(db, 'SELECT value_json AS valueJson FROM settings WHERE key = ?').get(settingsKey) as { valueJson: string } | undefined;
      if (!row) return defaultAlertDeliverySettings;
      let json: unknown;
      try {
        json = JSON.parse(row.valueJson);
      } catch {
        json = null;
      }
      const parsed = alertDeliverySettings.safeParse(json);
      if (parsed.success) return parsed.data;
      // Unreadable (another version, hand-edited): nothing is sent by e-mail or webhook until the
      // admin saves the settings again, rather than a screen that cannot open.
      logger.warn('alert delivery settings are unreadable; using the defaults');
      return defaultAlertDeliverySettings;
    },
    set(next) {
      const value = alertDeliverySettings.parse(next);
      cachedStatement(
        db,
        `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      ).run(settingsKey, JSON.stringify(value), clock());
      return value;
    },
  };
}
