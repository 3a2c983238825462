import { statSync } from 'node:fs';
import { type Settings, settingsShape } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { AppError } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { overridesFromNames } from '../onec/profiles/profile-names';
import { appendAudit } from '../security/audit-log.repo';
import { isValidCronExpression } from '../sync/scheduler';

export const defaultSettings: Settings = {
  language: 'ru',
  onecUrl: '',
  onecUser: '',
  onecProfile: 'auto',
  onecProfileNames: {},
  homeWarehouseId: null,
  stockTtlMinutes: 15,
  syncSchedule: '*/15 * * * *',
  negativeStockPolicy: 'warn',
  idleLockMinutes: 10,
  onecCaPem: '',
  onecPinSha256: '',
  onecProxyUrl: '',
  onecOrganizationRef: '',
  cmlFolder: '',
  cmlAutoImport: false,
  cmlExportEncoding: 'windows-1251',
};

const settingKeys = Object.keys(defaultSettings) as Array<keyof Settings>;

export type SettingsService = {
  get(): Settings;
  /** Validates the whole merged result, then writes all changed keys and their audit row in one transaction. */
  set(patch: Partial<Settings>, userId?: string | null): Settings;
};

export function createSettingsService(db: AppDb, logger: Logger, clock: () => number): SettingsService {
  const read = (): Settings => {
    const rows = cachedStatement(db, 'SELECT key, value_json AS valueJson FROM settings').all() as Array<{
      key: string;
      valueJson: string;
    }>;
    const merged: Record<string, unknown> = { ...defaultSettings };
    for (const row of rows) {
      if (!settingKeys.includes(row.key as keyof Settings)) continue;
      const field = settingsShape.shape[row.key as keyof Settings];
      const parsed = field.safeParse(safeJson(row.valueJson));
      // A value this version cannot read (hand-edited, or from another version) falls back to the
      // default instead of locking the user out of the settings screen.
      if (parsed.success) merged[row.key] = parsed.data;
      else logger.warn(`setting ${row.key} has an unreadable value; using the default`);
    }
    return merged as Settings;
  };

  return {
    get: read,
    set(patch, userId = null) {
      const next = settingsShape.parse({ ...read(), ...patch });
      // Names are checked against the profile schema now, not at the next sync.
      if (patch.onecProfileNames !== undefined) overridesFromNames(patch.onecProfileNames);
      // The exchange folder must exist now: a typo would otherwise surface only at the first import.
      if (patch.cmlFolder !== undefined && patch.cmlFolder !== '' && !isDirectory(patch.cmlFolder)) {
        throw new AppError('validation', `Папка обмена «${patch.cmlFolder}» не найдена: создайте её или укажите другую.`);
      }
      if (!isValidCronExpression(next.syncSchedule)) {
        throw new AppError('validation', `Неверное расписание синхронизации «${next.syncSchedule}»: нужно выражение cron, например «*/15 * * * *».`);
      }
      const upsert = cachedStatement(
        db,
        `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      );
      const now = clock();
      db.sqlite.transaction(() => {
        for (const key of Object.keys(patch) as Array<keyof Settings>) {
          upsert.run(key, JSON.stringify(next[key]), now);
        }
        // Settings hold no secrets (passwords live in the keychain), so the values themselves are recorded.
        appendAudit(db, { at: now, userId, action: 'settings.set', details: { changed: Object.fromEntries(Object.keys(patch).map((key) => [key, next[key as keyof Settings]])) } });
      })();
      return next;
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
