// How replenishment suggestions are computed (sales window, lead time, safety and order-cycle days,
// transfer ETA, ABC window and thresholds): one JSON value under the settings key 'replenishment',
// validated on read and write like the device settings. Defaults come from the contract.
import { type ReplenishmentSettings, replenishmentSettings } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { AppError } from '../errors/app-error';

const settingsKey = 'replenishment';

export const defaultReplenishmentSettings: ReplenishmentSettings = replenishmentSettings.parse({});

export type ReplenishmentSettingsService = {
  get(): ReplenishmentSettings;
  /** Validates the whole value (class B must close after class A) and stores it. */
  set(next: ReplenishmentSettings): ReplenishmentSettings;
};

export function createReplenishmentSettingsService(db: AppDb, clock: () => number): ReplenishmentSettingsService {
  const get = (): ReplenishmentSettings => readReplenishmentSettings(db);
  return {
    get,
    set(next) {
      const parsed = replenishmentSettings.parse(next);
      if (parsed.abcBPercent <= parsed.abcAPercent) {
        throw new AppError(
          'validation',
          `Граница класса B (${parsed.abcBPercent} %) должна быть больше границы класса A (${parsed.abcAPercent} %).`,
        );
      }
      cachedStatement(
        db,
        `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      ).run(settingsKey, JSON.stringify(parsed), clock());
      return parsed;
    },
  };
}

/** The stored settings merged over the defaults; an unreadable value (hand-edited, another version) gives the defaults. */
export function readReplenishmentSettings(db: AppDb): ReplenishmentSettings {
  const raw = cachedStatement(db, 'SELECT value_json FROM settings WHERE key = ?').pluck().get(settingsKey);
  if (typeof raw !== 'string') return defaultReplenishmentSettings;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return defaultReplenishmentSettings;
  }
  // Known keys only: the schema is strict, and a key from another version must not cost the rest.
  const stored = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const known = Object.fromEntries(Object.keys(defaultReplenishmentSettings).filter((key) => key in stored).map((key) => [key, stored[key]]));
  const parsed = replenishmentSettings.safeParse({ ...defaultReplenishmentSettings, ...known });
  return parsed.success && parsed.data.abcBPercent > parsed.data.abcAPercent ? parsed.data : defaultReplenishmentSettings;
}
