import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EventName } from '../../../src-preload/contract';
import { type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { silentLogger } from '../logging/logger';
import { makeTempDir, repoMigrationsFolder } from '../testing/temp-db';
import { type Core, createCore } from './create-core';

describe('sync controller (the app side of sync)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let emulator: OnecEmulator;
  let core: Core;
  let now: number;
  let password: string | null;
  const events: EventName[] = [];

  beforeEach(async () => {
    temp = makeTempDir();
    emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 300, seed: 7, user: 'Кассир', password: 'секрет' });
    now = Date.now();
    password = 'секрет';
    events.length = 0;
    core = createCore({
      dbPath: join(temp.dir, 'app.db'),
      migrationsFolder: repoMigrationsFolder,
      logger: silentLogger,
      host: 'web',
      version: 't',
      clock: () => now,
      secrets: { onecPassword: () => Promise.resolve(password) },
    });
    core.events.subscribe((event) => events.push(event));
  });
  afterEach(async () => {
    await core.sync.idle();
    await core.close();
    await emulator.close();
    temp.cleanup();
  });

  const configure = () => core.settings.set({ onecUrl: emulator.baseUrl, onecUser: 'Кассир', onecProfile: 'ut11' });

  it('refuses to start with a clear message when no 1C address is set', async () => {
    await expect(core.sync.runNow()).rejects.toMatchObject({ code: 'erp', message: expect.stringMatching(/не настроено/) as string });
    expect(core.sync.overview().isConfigured).toBe(false);
  });

  it('asks for the password when the keychain has none', async () => {
    configure();
    password = null;
    await expect(core.sync.runNow()).rejects.toMatchObject({ code: 'secret_unavailable' });
  });

  it('runs in the background, joins a second request, and reports every job afterwards', async () => {
    configure();
    expect(await core.sync.runNow()).toEqual({ isStarted: true, isAlreadyRunning: false });
    expect(await core.sync.runNow()).toEqual({ isStarted: false, isAlreadyRunning: true });
    await core.sync.idle();
    const overview = core.sync.overview();
    expect(overview.isRunning).toBe(false);
    expect(overview.jobs.every((job) => job.lastRun?.status === 'ok')).toBe(true);
    expect(events).toContain('sync.progress');
    expect(events).toContain('sync.finished');
    const products = core.db.sqlite.prepare('SELECT count(*) AS n FROM products WHERE is_deleted = 0').get() as { n: number };
    expect(products.n).toBe(emulator.snapshot().products.filter((p) => !p.deletionMark).length);
  });

  it('refreshes balances when stock older than the TTL is viewed, and not again within the TTL', async () => {
    configure();
    await core.sync.runNow();
    await core.sync.idle();
    emulator.resetRequestLog();

    core.sync.refreshIfStale(undefined); // fresh: nothing to do
    await core.sync.idle();
    expect(emulator.requests).toHaveLength(0);

    now += 16 * 60_000; // past the default 15-minute TTL
    core.sync.refreshIfStale(undefined);
    expect(core.sync.overview().isRunning).toBe(true);
    await core.sync.idle();
    expect(emulator.requests.length).toBeGreaterThan(0);
    const balances = core.sync.overview().jobs.find((job) => job.job === 'balances');
    expect(balances?.lastRun).toMatchObject({ status: 'ok', startedAt: now });

    emulator.resetRequestLog();
    core.sync.refreshIfStale(undefined); // just tried: wait a whole TTL before trying again
    await core.sync.idle();
    expect(emulator.requests).toHaveLength(0);
  });

  it('records a wrong password as a failed run with a message, and announces the end', async () => {
    core.settings.set({ onecUrl: emulator.baseUrl, onecUser: 'Кассир', onecProfile: 'ut11' });
    password = 'не тот';
    await core.sync.runNow();
    await core.sync.idle();
    const failed = core.sync.overview().jobs.find((job) => job.lastRun?.status === 'failed');
    expect(failed?.lastRun?.errorMessage).toMatch(/логин|пароль/i);
    expect(events).toContain('sync.finished');
  });
});
