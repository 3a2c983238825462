// The wizard's channels through the real dispatch, against the emulator over real HTTP: a wrong
// password and an unreachable 1C say so and save nothing; a publication lacking sets gets the list
// and the 1C code; publishing them fixes it; applying saves the connection without the password
// (here it comes from PRILAVOK_1C_PASSWORD; the keychain path runs in e2e/setup-wizard.e2e.ts against
// gnome-keyring) and starts the first sync.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ConnectionCheck } from '../../../src-preload/contract';
import { startOnecEmulator, type OnecEmulator } from '../../onec-emulator/emulator';
import { type Core, createCore } from '../app/create-core';
import { silentLogger } from '../logging/logger';
import { makeTempDir, repoMigrationsFolder } from '../testing/temp-db';

const user = 'Продавец';
const password = 'верный пароль 1С';

describe('setup wizard channels', () => {
  let emulator: OnecEmulator;
  let temp: ReturnType<typeof makeTempDir>;
  let core: Core;
  const savedEnv = process.env.PRILAVOK_1C_PASSWORD;

  beforeAll(async () => {
    emulator = await startOnecEmulator({ port: 0, profile: 'unf', products: 20, user, password, unpublished: ['Catalog_СтруктурныеЕдиницы', 'InformationRegister_ШтрихкодыНоменклатуры'] });
  }, 60_000);
  afterAll(() => emulator.close());
  beforeEach(() => {
    temp = makeTempDir();
    core = createCore({
      dbPath: join(temp.dir, 'setup.db'),
      migrationsFolder: repoMigrationsFolder,
      logger: silentLogger,
      host: 'web',
      version: '0.0.0-test',
      isOutboxRunning: false,
      isDevicesRunning: false,
      isAlertsRunning: false,
      isOutputChecked: true,
    });
  });
  afterEach(async () => {
    if (savedEnv === undefined) delete process.env.PRILAVOK_1C_PASSWORD;
    else process.env.PRILAVOK_1C_PASSWORD = savedEnv;
    await core.close();
    temp.cleanup();
  });

  const connection = (extra: Record<string, unknown> = {}) => ({ url: emulator.baseUrl, user, password, ...extra });

  it('says the password is wrong, and saves nothing', async () => {
    const result = await core.dispatch('setup.check', connection({ password: 'не тот' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'erp', message: expect.stringContaining(`отклонила логин или пароль пользователя «${user}»`) } });
    expect(JSON.stringify(result)).not.toContain('не тот');
    expect(core.settings.get().onecUrl).toBe('');
  });

  it('says 1C cannot be reached', async () => {
    const result = await core.dispatch('setup.check', connection({ url: 'http://127.0.0.1:9/trade/odata/standard.odata/' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'erp', message: expect.stringContaining('Нет связи с 1С') } });
  });

  it('lists the missing sets with the 1C code that publishes them; once published, nothing is missing', async () => {
    const result = await core.dispatch('setup.check', connection());
    if (!result.ok) throw new Error(result.error.message);
    const check = result.value as ConnectionCheck;
    expect(check.detected).toBe('unf');
    expect(check.missing.map((item) => item.set)).toEqual(expect.arrayContaining(['Catalog_СтруктурныеЕдиницы', 'InformationRegister_ШтрихкодыНоменклатуры']));
    expect(check.snippet.objects).toEqual(expect.arrayContaining(['Справочник.СтруктурныеЕдиницы', 'РегистрСведений.ШтрихкодыНоменклатуры']));
    expect(check.snippet.code).toContain('УстановитьСоставСтандартногоИнтерфейсаOData');
    emulator.publication.publish(['Catalog_СтруктурныеЕдиницы', 'InformationRegister_ШтрихкодыНоменклатуры']);
    try {
      const again = await core.dispatch('setup.check', connection());
      expect(again).toMatchObject({ ok: true, value: { profile: 'unf', missing: [], snippet: { code: '' } } });
      // The admin may also insist on a configuration: it is checked against this publication.
      const forced = await core.dispatch('setup.check', connection({ profile: 'ut11' }));
      expect(forced).toMatchObject({ ok: true, value: { profile: 'ut11', detected: 'unf' } });
      expect((forced as { value: ConnectionCheck }).value.missing.length).toBeGreaterThan(0);
    } finally {
      emulator.publication.unpublish(['Catalog_СтруктурныеЕдиницы', 'InformationRegister_ШтрихкодыНоменклатуры']);
    }
  });

  it('checks the admin\'s names for this base against the publication, and refuses a path no profile has', async () => {
    emulator.publication.publish(['Catalog_СтруктурныеЕдиницы', 'InformationRegister_ШтрихкодыНоменклатуры']);
    try {
      const renamed = await core.dispatch('setup.check', connection({ names: { 'products.article': 'АртикулВДругойВерсии' } }));
      if (!renamed.ok) throw new Error(renamed.error.message);
      const check = renamed.value as ConnectionCheck;
      expect(check.names['products.article']).toBe('Артикул');
      expect(check.missing.map((item) => item.set)).toEqual(['Catalog_Номенклатура/АртикулВДругойВерсии']);
      expect(check.snippet).toMatchObject({ code: '', notComposition: ['Catalog_Номенклатура/АртикулВДругойВерсии'] });
      expect(await core.dispatch('setup.check', connection({ names: { 'products.colour': 'Цвет' } }))).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('products') } });
    } finally {
      emulator.publication.unpublish(['Catalog_СтруктурныеЕдиницы', 'InformationRegister_ШтрихкодыНоменклатуры']);
    }
  });

  it('applies: the settings get the connection but never the password, and the first sync starts', async () => {
    process.env.PRILAVOK_1C_PASSWORD = password;
    emulator.publication.publish(['Catalog_СтруктурныеЕдиницы', 'InformationRegister_ШтрихкодыНоменклатуры']);
    try {
      const finished = new Promise<unknown>((resolve) => core.events.subscribe((event, payload) => event === 'sync.finished' && resolve(payload)));
      // "-": this base has no article field; the sync then does not ask 1C for it.
      const result = await core.dispatch('setup.apply', connection({ profile: 'unf', names: { 'products.article': '' } }));
      expect(result).toMatchObject({ ok: true, value: { isSyncStarted: true } });
      expect(core.settings.get()).toMatchObject({ onecUrl: emulator.baseUrl, onecUser: user, onecProfile: 'unf', onecProfileNames: { 'products.article': '' } });
      expect(await finished).toMatchObject({ isOk: true });
      const productReads = emulator.requests.map((request) => decodeURIComponent(request.path)).filter((path) => path.includes('Catalog_Номенклатура') && path.includes('$select'));
      expect(productReads.length).toBeGreaterThan(0);
      expect(productReads.filter((path) => path.includes('Артикул'))).toEqual([]);
      const warehouses = core.db.sqlite.prepare('SELECT count(*) AS n FROM warehouses').get() as { n: number };
      expect(warehouses.n).toBeGreaterThanOrEqual(3);
      core.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      for (const file of readdirSync(temp.dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())) {
        const bytes = readFileSync(join(file.parentPath, file.name));
        expect({ file: file.name, hasPassword: bytes.includes(Buffer.from(password)) }).toEqual({ file: file.name, hasPassword: false });
      }
    } finally {
      emulator.publication.unpublish(['Catalog_СтруктурныеЕдиницы', 'InformationRegister_ШтрихкодыНоменклатуры']);
    }
  });

  it('refuses to apply without a place for the password, and changes nothing', async () => {
    delete process.env.PRILAVOK_1C_PASSWORD;
    expect(await core.dispatch('setup.apply', connection())).toMatchObject({ ok: false, error: { code: 'secret_unavailable' } });
    expect(core.settings.get().onecUrl).toBe('');
  });
});
