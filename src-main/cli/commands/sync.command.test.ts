import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/open';
import { makeTempDir, repoMigrationsFolder } from '../../core/testing/temp-db';
import { startOnecEmulator } from '../../onec-emulator/emulator';
import { type CliIo } from '../cli-io';
import { type CliProcessRun, runCliProcess } from '../cli-testing';
import { main } from '../main';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const temp = makeTempDir('prilavok-sync-cli-');
  cleanups.push(temp.cleanup);
  return temp.dir;
}

type Run = { code: number | null; stdout: string; stderr: string };

/** The real CLI in a child process (the emulator runs in this one, on its own port); no 1C password unless `env` gives one. */
function runProcess(argv: string[], env: Record<string, string | undefined>): Promise<CliProcessRun> {
  return runCliProcess(argv, { PRILAVOK_1C_PASSWORD: undefined, ...env });
}

async function runInProcess(argv: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { PRILAVOK_DATA_DIR: tempDir(), ...env },
    cwd: tempDir(),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('prilavok sync', () => {
  it('pulls from a running emulator and prints one JSON document with per-job counts', async () => {
    const emulator = await startOnecEmulator({ port: 0, profile: 'unf', products: 200, password: 'секрет-1С' });
    cleanups.push(() => emulator.close());
    const dir = tempDir();
    const db = join(dir, 'store.db');

    const run = await runProcess(
      ['sync', '--db', db, '--url', emulator.baseUrl, '--user', emulator.user, '--profile', 'unf', '--json'],
      { PRILAVOK_1C_PASSWORD: emulator.password, PRILAVOK_DATA_DIR: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      status: string;
      profile: string;
      jobs: { job: string; status: string; fetched: number; inserted: number; updated: number; deleted: number; unchanged: number; bytes: number; durationMs: number; errors: unknown[] }[];
    };
    expect(doc.status).toBe('ok');
    expect(doc.profile).toBe('unf');
    expect(doc.jobs.map((j) => j.job)).toEqual(['warehouses', 'units', 'catalog', 'characteristics', 'barcodes', 'priceTypes', 'prices', 'movements', 'balances', 'customers']);
    const catalog = doc.jobs.find((j) => j.job === 'catalog');
    const snapshot = emulator.snapshot();
    expect(catalog).toMatchObject({ status: 'ok', inserted: snapshot.products.length + snapshot.groups.length, updated: 0, deleted: 0, errors: [] });
    for (const job of doc.jobs) {
      expect(job.bytes).toBeGreaterThan(0);
      expect(typeof job.durationMs).toBe('number');
    }
    // The password never shows up anywhere.
    expect(run.stdout + run.stderr).not.toContain(emulator.password);

    const mirror = openDatabase({ path: db, migrationsFolder: repoMigrationsFolder });
    try {
      expect(mirror.sqlite.prepare('SELECT count(*) FROM products').pluck().get()).toBe(snapshot.products.length);
      expect(mirror.sqlite.prepare("SELECT count(*) FROM sync_runs WHERE status = 'ok'").pluck().get()).toBe(10);
    } finally {
      mirror.close();
    }

    // Settings supply the URL and user; a second run changes nothing.
    const settingsDb = openDatabase({ path: db, migrationsFolder: repoMigrationsFolder });
    const put = settingsDb.sqlite.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, 0)');
    put.run('onecUrl', JSON.stringify(emulator.baseUrl));
    put.run('onecUser', JSON.stringify(emulator.user));
    put.run('onecProfile', JSON.stringify('unf'));
    settingsDb.close();
    const again = await runInProcess(['sync', '--db', db, '--jobs', 'catalog,barcodes', '--json'], { PRILAVOK_1C_PASSWORD: emulator.password });
    expect(again.code, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as { jobs: { job: string; inserted: number; updated: number; deleted: number }[] };
    expect(second.jobs.map((j) => [j.job, j.inserted + j.updated + j.deleted])).toEqual([['catalog', 0], ['barcodes', 0]]);
  });

  it('detects the profile from $metadata when asked for auto, and remembers it', async () => {
    const emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 50 });
    cleanups.push(() => emulator.close());
    const db = join(tempDir(), 'store.db');
    const argv = ['sync', '--db', db, '--url', emulator.baseUrl, '--user', emulator.user, '--profile', 'auto', '--jobs', 'warehouses', '--json'];
    const first = await runInProcess(argv, { PRILAVOK_1C_PASSWORD: emulator.password });
    expect(first.code, first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as { profile: string }).profile).toBe('ut11');
    emulator.resetRequestLog();
    const second = await runInProcess(argv, { PRILAVOK_1C_PASSWORD: emulator.password });
    expect(second.code).toBe(0);
    expect(emulator.requests.some((r) => r.path.includes('$metadata'))).toBe(false);
  });

  it('fails with exit 1 and a JSON error when the password is wrong, and never without PRILAVOK_1C_PASSWORD', async () => {
    const emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 20, password: 'верный' });
    cleanups.push(() => emulator.close());
    const db = join(tempDir(), 'store.db');
    const base = ['sync', '--db', db, '--url', emulator.baseUrl, '--user', emulator.user, '--profile', 'ut11', '--json'];

    const wrong = await runInProcess(base, { PRILAVOK_1C_PASSWORD: 'неверный' });
    expect(wrong.code).toBe(1);
    const doc = JSON.parse(wrong.stdout) as { status: string; error: { code: string; message: string } };
    expect(doc.status).toBe('failed');
    expect(doc.error).toMatchObject({ code: 'erp', message: expect.stringMatching(/логин или пароль/) });
    expect(wrong.stderr).toMatch(/логин или пароль/);

    const missing = await runInProcess(base, {});
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'secret_unavailable', message: expect.stringContaining('PRILAVOK_1C_PASSWORD') } });
  });

  it.each([
    [['sync', '--jobs', 'orders']],
    [['sync', '--jobs', '']],
    [['sync', '--profile', 'sap']],
    [['sync', '--password', 'x']],
  ])('exits 2 with a Russian message for %j', async (argv) => {
    const run = await runInProcess(argv, { PRILAVOK_1C_PASSWORD: 'x' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/[А-Яа-яЁё]/);
  });
});
