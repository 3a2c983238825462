import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { silentLogger } from '../logging/logger';
import { makeTempDir, openTempDb } from '../testing/temp-db';
import { createSettingsService, defaultSettings } from './settings.service';

describe('settings.service', () => {
  let db: AppDb;
  let cleanup: () => void;
  beforeEach(() => ({ db, cleanup } = openTempDb()));
  afterEach(() => cleanup());

  it('returns defaults on a new database', () => {
    expect(createSettingsService(db, silentLogger, () => 1).get()).toEqual(defaultSettings);
  });

  it('persists a change across service instances', () => {
    createSettingsService(db, silentLogger, () => 1).set({ language: 'en', onecUrl: 'http://1c.local/base/odata/standard.odata' });
    const again = createSettingsService(db, silentLogger, () => 2).get();
    expect(again.language).toBe('en');
    expect(again.onecUrl).toBe('http://1c.local/base/odata/standard.odata');
  });

  it('rejects an invalid value and writes nothing', () => {
    const service = createSettingsService(db, silentLogger, () => 1);
    expect(() => service.set({ stockTtlMinutes: -5 })).toThrow();
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 0 });
  });

  it('rejects a schedule that is not a cron expression', () => {
    const service = createSettingsService(db, silentLogger, () => 1);
    expect(() => service.set({ syncSchedule: 'every morning' })).toThrowError(expect.objectContaining({ code: 'validation' }) as Error);
    expect(service.set({ syncSchedule: '0 9 * * 1-5' }).syncSchedule).toBe('0 9 * * 1-5');
  });

  it('keeps the CommerceML exchange settings: an existing absolute folder, auto-import, the export encoding', () => {
    const service = createSettingsService(db, silentLogger, () => 1);
    expect(service.get()).toMatchObject({ cmlFolder: '', cmlAutoImport: false, cmlExportEncoding: 'windows-1251' });
    const folder = makeTempDir('prilavok-cml-settings-');
    try {
      expect(service.set({ cmlFolder: folder.dir, cmlAutoImport: true, cmlExportEncoding: 'utf-8-bom' })).toMatchObject({ cmlFolder: folder.dir, cmlAutoImport: true, cmlExportEncoding: 'utf-8-bom' });
      expect(() => service.set({ cmlFolder: join(folder.dir, 'нет') })).toThrowError(expect.objectContaining({ code: 'validation', message: `Папка обмена «${join(folder.dir, 'нет')}» не найдена: создайте её или укажите другую.` }) as Error);
      expect(() => service.set({ cmlFolder: 'обмен' })).toThrow(/Нужен полный путь к папке/);
      expect(service.set({ cmlFolder: '' }).cmlFolder).toBe('');
    } finally {
      folder.cleanup();
    }
  });

  it('falls back to the default for a stored value it cannot read', () => {
    db.sqlite.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('language', '\"klingon\"', 1), ('stockTtlMinutes', 'not json', 1)").run();
    const settings = createSettingsService(db, silentLogger, () => 1).get();
    expect(settings.language).toBe('ru');
    expect(settings.stockTtlMinutes).toBe(15);
  });
});
