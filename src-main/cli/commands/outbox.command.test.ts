import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AppDb, openDatabase } from '../../core/db/open';
import { prilavokMarker } from '../../core/outbox/document-body';
import { stockedProducts } from '../../core/outbox/testing/synced-store';
import { makeTempDir, repoMigrationsFolder } from '../../core/testing/temp-db';
import { type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { type CliRun, runCli, syncedTemplate } from '../cli-testing';

const repoRoot = resolve(__dirname, '../../..');
const password = 'пароль-1С';
let emulator: OnecEmulator;
let template: Awaited<ReturnType<typeof syncedTemplate>>;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 200, password });
  template = await syncedTemplate(emulator);
});
afterAll(async () => {
  template.cleanup();
  await emulator.close();
});
afterEach(() => {
  emulator.faults.set(null);
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

type Store = {
  path: string;
  db: AppDb;
  run(argv: string[], env?: Record<string, string | undefined>): Promise<CliRun>;
  /** `doc create` of a receipt (or a shipment with --allow-negative) of one product; returns the document id. */
  create(kind: 'receipt' | 'shipment', line: string): Promise<string>;
};

function store(): Store {
  const temp = makeTempDir('prilavok-outbox-cli-');
  cleanups.push(temp.cleanup);
  const path = template.copy(temp.dir);
  const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
  cleanups.push(() => db.close());
  const run = (argv: string[], env: Record<string, string | undefined> = {}) => runCli([...argv, '--db', path], { cwd: temp.dir, dataDir: temp.dir, env });
  return {
    path,
    db,
    run,
    async create(kind, line) {
      const created = await run(['doc', 'create', '--kind', kind, '--warehouse', 'Основной склад', '--line', line, ...(kind === 'shipment' ? ['--allow-negative'] : []), '--json']);
      if (created.code !== 0) throw new Error(created.stderr);
      return (JSON.parse(created.stdout) as { id: string }).id;
    },
  };
}

const sendArgs = () => ['outbox', '--send', '--url', emulator.baseUrl, '--user', emulator.user, '--profile', 'ut11', '--json'];

type OutboxJson = {
  db: string;
  send?: { state: string; posted: number; rejected: number; waiting: number; lastError: string | null };
  counts: Record<'sending' | 'queued' | 'rejected' | 'posted', number>;
  documents: { id: string; kind: string; localNumber: string; number1c: string | null; status: string; message1c: string | null }[];
  error?: { code: string; message: string };
};

/** The emulator's documents that carry this local document's marker. */
const inOnec = (id: string) => emulator.documents().filter((d) => d.comment.includes(prilavokMarker(id)));

function barcodes(s: Store): { receipt: string; tooMuch: string } {
  const [stocked] = stockedProducts(s.db, s.db.sqlite.prepare("SELECT id FROM warehouses WHERE name = 'Основной склад'").pluck().get() as number, 1000);
  if (!stocked) throw new Error('the emulator data set has no stocked product');
  return { receipt: `${stocked.barcode}:3:25.50`, tooMuch: `${stocked.barcode}:${stocked.qty / 1000 + 5}:30` };
}

describe('prilavok outbox', () => {
  it('lists queued documents without contacting 1C', async () => {
    const s = store();
    const id = await s.create('receipt', barcodes(s).receipt);
    emulator.resetRequestLog();
    const run = await s.run(['outbox', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as OutboxJson;
    expect(doc.send).toBeUndefined();
    expect(doc.counts).toEqual({ sending: 0, queued: 1, rejected: 0, posted: 0 });
    expect(doc.documents).toEqual([expect.objectContaining({ id, kind: 'receipt', localNumber: 'ПР-000001', number1c: null, status: 'queued', message1c: null })]);
    expect(emulator.requests).toEqual([]);

    const human = await s.run(['outbox']);
    expect(human.stdout).toContain('Очередь отправки в 1С: отправляется 0, в очереди 1, отклонено 0, проведено 0');
    expect(human.stdout).toContain('ПР-000001  Поступление, Основной склад');
  });

  it('--send posts what 1C accepts, keeps what it refuses as rejected with its words, and reports both', async () => {
    const s = store();
    const { receipt, tooMuch } = barcodes(s);
    const first = await s.create('receipt', receipt);
    const refused = await s.create('shipment', tooMuch);
    const second = await s.create('receipt', receipt);

    const run = await s.run(sendArgs(), { PRILAVOK_1C_PASSWORD: password });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as OutboxJson;
    expect(doc.send).toEqual({ state: 'idle', posted: 2, rejected: 1, waiting: 0, nextAttemptAt: null, lastError: null });
    expect(doc.counts).toEqual({ sending: 0, queued: 0, rejected: 1, posted: 2 });
    const byId = new Map(doc.documents.map((d) => [d.id, d]));
    for (const id of [first, second]) {
      const [onec] = inOnec(id);
      expect(onec?.posted).toBe(true);
      expect(byId.get(id)).toMatchObject({ status: 'posted', number1c: onec?.number, message1c: null });
    }
    expect(byId.get(refused)).toMatchObject({ status: 'rejected', message1c: expect.stringMatching(/недостаточно остатка/) });
    expect(inOnec(refused).map((d) => d.posted)).toEqual([false]);

    const human = await s.run(['outbox']);
    expect(human.stdout).toMatch(/Отклонён 1С:\n {2}ОТ-000001 {2}Отгрузка, Основной склад, в 1С № \S+\n {6}1С: Для отгрузки товара/);
  });

  it('--send exits 1 and leaves the document queued when 1C fails; the next --send posts it exactly once', async () => {
    const s = store();
    const id = await s.create('receipt', barcodes(s).receipt);
    // The create is performed, then its answer is lost.
    emulator.faults.failNext('lostresponse', 1, 'write');
    const failed = await s.run(sendArgs(), { PRILAVOK_1C_PASSWORD: password });
    expect(failed.code).toBe(1);
    const doc = JSON.parse(failed.stdout) as OutboxJson;
    expect(doc.send).toMatchObject({ state: 'waiting', posted: 0, rejected: 0, waiting: 1 });
    expect(doc.error).toEqual({ code: 'erp', message: expect.stringMatching(/^Отправка прервана: .+Не отправлено документов: 1/) });
    expect(doc.documents).toEqual([expect.objectContaining({ id, status: 'queued' })]);
    expect(inOnec(id).map((d) => d.posted)).toEqual([false]);

    const again = await s.run(sendArgs(), { PRILAVOK_1C_PASSWORD: password });
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as OutboxJson).send).toMatchObject({ state: 'idle', posted: 1, waiting: 0 });
    expect(inOnec(id).map((d) => d.posted)).toEqual([true]);
  });

  it('--send takes the URL and user from the settings and refuses a wrong password, keeping the queue', async () => {
    const s = store();
    await s.create('receipt', barcodes(s).receipt);
    const put = s.db.sqlite.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, 0)');
    put.run('onecUrl', JSON.stringify(emulator.baseUrl));
    put.run('onecUser', JSON.stringify(emulator.user));
    put.run('onecProfile', JSON.stringify('ut11'));

    const wrong = await s.run(['outbox', '--send', '--json'], { PRILAVOK_1C_PASSWORD: 'неверный' });
    expect(wrong.code).toBe(1);
    const doc = JSON.parse(wrong.stdout) as OutboxJson;
    expect(doc.send).toMatchObject({ state: 'paused', posted: 0, waiting: 1 });
    expect(doc.error).toEqual({ code: 'erp', message: expect.stringMatching(/логин или пароль/) });
    expect(wrong.stdout + wrong.stderr).not.toContain('неверный');

    const right = await s.run(['outbox', '--send', '--json'], { PRILAVOK_1C_PASSWORD: password });
    expect(right.code, right.stderr).toBe(0);
    expect((JSON.parse(right.stdout) as OutboxJson).send).toMatchObject({ state: 'idle', posted: 1 });
  });

  it('--send fails with secret_unavailable without PRILAVOK_1C_PASSWORD and with validation without a URL', async () => {
    const s = store();
    const noPassword = await s.run(sendArgs());
    expect(noPassword.code).toBe(1);
    expect(JSON.parse(noPassword.stdout)).toEqual({ error: { code: 'secret_unavailable', message: expect.stringContaining('PRILAVOK_1C_PASSWORD') } });
    const noUrl = await s.run(['outbox', '--send', '--json'], { PRILAVOK_1C_PASSWORD: '' });
    expect(noUrl.code).toBe(1);
    expect(JSON.parse(noUrl.stdout)).toEqual({ error: { code: 'validation', message: expect.stringContaining('--url') } });
  });

  it('--send works from a real process: one JSON document on stdout, the password never printed', async () => {
    const s = store();
    const id = await s.create('receipt', barcodes(s).receipt);
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', ...sendArgs(), '--db', s.path], {
        cwd: repoRoot,
        env: { ...process.env, PRILAVOK_1C_PASSWORD: password, PRILAVOK_DATA_DIR: resolve(s.path, '..') },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', fail);
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as OutboxJson).send).toMatchObject({ posted: 1 });
    expect(run.stdout + run.stderr).not.toContain(password);
    expect(inOnec(id).map((d) => d.posted)).toEqual([true]);
  });

  it.each([
    [['outbox', '--url', 'http://x/']],
    [['outbox', '--send', '--profile', 'sap']],
    [['outbox', '--limit', '0']],
    [['outbox', '--password', 'x']],
    [['outbox', 'now']],
  ])('exits 2 with a Russian message for %j', async (argv) => {
    const s = store();
    const run = await s.run([...argv, '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'validation', message: expect.stringMatching(/[А-Яа-яЁё]/) } });
  });
});
