import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/testing/temp-db';
import { type CliIo } from './cli-io';
import { main } from './main';

const repoRoot = resolve(__dirname, '../..');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const temp = makeTempDir('prilavok-cli-');
  cleanups.push(temp.cleanup);
  return temp.dir;
}

type Run = { code: number; stdout: string; stderr: string };

async function runInProcess(argv: string[], env: Record<string, string | undefined> = {}, cwd = tempDir()): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    // A data folder of its own, so nothing here can touch a real database.
    env: { PRILAVOK_DATA_DIR: tempDir(), ...env },
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function runProcess(argv: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', ...argv], {
    cwd: repoRoot,
    env: { ...process.env, PRILAVOK_DATA_DIR: tempDir(), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('prilavok (in process)', () => {
  it.each([
    [[], 'no command'],
    [['frobnicate'], 'unknown command'],
    [['status', '--frob'], 'unknown option'],
    [['status', 'extra'], 'positional argument'],
    [['status', '--db'], 'option without its value'],
    [['demo-data'], 'missing --products'],
    [['demo-data', '--products', '0'], 'zero products'],
    [['demo-data', '--products', '-3'], 'negative products'],
    [['demo-data', '--products', '12abc'], 'not a number'],
    [['demo-data', '--products', '1.5'], 'not an integer'],
    [['demo-data', '--products', '2000001'], 'over 2,000,000'],
    [['demo-data', '--products', '10', '--warehouses', '0'], 'zero warehouses'],
    [['demo-data', '--products', '10', '--seed', 'x'], 'bad seed'],
  ])('exits 2 with a Russian message on stderr and nothing on stdout for %j (%s)', async (argv) => {
    const run = await runInProcess(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/[А-Яа-яЁё]/);
  });

  it('prints one JSON error document for bad usage under --json', async () => {
    const run = await runInProcess(['demo-data', '--products', 'many', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'validation', message: expect.stringContaining('--products') } });
    expect(run.stderr).toContain('Использование: prilavok demo-data');
  });

  it('prints help on stdout and exits 0 for --help', async () => {
    const run = await runInProcess(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('status');
    expect(run.stdout).toContain('demo-data');
  });

  it('generates a catalog and then reports it in status --json', async () => {
    const db = join(tempDir(), 'shop.db');
    const generated = await runInProcess(['demo-data', '--products', '300', '--warehouses', '3', '--seed', '5', '--db', db, '--json']);
    expect(generated.code).toBe(0);
    const doc = JSON.parse(generated.stdout);
    expect(doc).toMatchObject({ db, products: 300, warehouses: 3, seed: 5, priceTypes: 2 });
    expect(doc.barcodes).toBeGreaterThan(300);

    const status = await runInProcess(['status', '--db', db, '--json']);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.database.path).toBe(db);
    expect(report.counts).toMatchObject({ products: 300, warehouses: 3, barcodes: doc.barcodes, stockRows: doc.stockRows });
  });

  it('resolves --db against the working directory and uses PRILAVOK_DB by default', async () => {
    const dir = tempDir();
    const viaEnv = join(dir, 'env.db');
    const run = await runInProcess(['demo-data', '--products', '5', '--json'], { PRILAVOK_DB: viaEnv });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).db).toBe(viaEnv);
    expect(existsSync(viaEnv)).toBe(true);

    const relative = await runInProcess(['demo-data', '--products', '5', '--db', 'rel.db', '--json'], { PRILAVOK_DB: viaEnv }, dir);
    expect(relative.code).toBe(0);
    expect(JSON.parse(relative.stdout).db).toBe(join(dir, 'rel.db'));
  });

  it('fails with exit 1 and a conflict error when the database already has products', async () => {
    const db = join(tempDir(), 'shop.db');
    expect((await runInProcess(['demo-data', '--products', '5', '--db', db])).code).toBe(0);
    const again = await runInProcess(['demo-data', '--products', '5', '--db', db, '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toEqual({ error: { code: 'conflict', message: expect.stringMatching(/уже есть товары/) } });
  });

  it('fails with exit 1 and not_found for status of a missing database, without creating it', async () => {
    const db = join(tempDir(), 'missing.db');
    const run = await runInProcess(['status', '--db', db, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe('not_found');
    expect(existsSync(db)).toBe(false);
  });

  it('prints a human report on stdout without --json', async () => {
    const db = join(tempDir(), 'shop.db');
    await runInProcess(['demo-data', '--products', '20', '--db', db]);
    const run = await runInProcess(['status', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Товары: 20');
    expect(() => JSON.parse(run.stdout)).toThrow();
  });
});

describe('prilavok (real process)', () => {
  it('demo-data --products 1000 --db FILE --json prints one JSON document and exits 0', () => {
    const db = join(tempDir(), 'demo.db');
    const run = runProcess(['demo-data', '--products', '1000', '--db', db, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ db, products: 1000, warehouses: 4, priceTypes: 2 });
    expect(typeof doc.durationMs).toBe('number');
  });

  it('status --json prints counts and never the 1C password from PRILAVOK_1C_PASSWORD', () => {
    const db = join(tempDir(), 'demo.db');
    expect(runProcess(['demo-data', '--products', '50', '--db', db]).code).toBe(0);
    const secret = 'Пароль-1С-s3cr3t';
    const run = runProcess(['status', '--db', db, '--json'], { PRILAVOK_1C_PASSWORD: secret });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.counts).toMatchObject({ products: 50, warehouses: 4, customers: 0, documents: 0, movements: 0 });
    expect(typeof report.database.schemaVersion).toBe('string');
    expect(report.onec).toEqual({ url: null, user: null, profile: null });
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  });

  it('exits 2 for an unknown command and for demo-data without --products', () => {
    expect(runProcess(['nope']).code).toBe(2);
    const run = runProcess(['demo-data', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error.code).toBe('validation');
    expect(run.stderr).toContain('--products');
  });
});
