import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AppDb, openDatabase } from '../../core/db/open';
import { stockedProducts } from '../../core/outbox/testing/synced-store';
import { makeTempDir, repoMigrationsFolder } from '../../core/testing/temp-db';
import { type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { type CliRun, runCli, syncedTemplate } from '../cli-testing';
import { parseLineArg } from './doc.command';

let emulator: OnecEmulator;
let template: Awaited<ReturnType<typeof syncedTemplate>>;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 200 });
  template = await syncedTemplate(emulator);
});
afterAll(async () => {
  template.cleanup();
  await emulator.close();
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(): string {
  const temp = makeTempDir('prilavok-doc-cli-');
  cleanups.push(temp.cleanup);
  return temp.dir;
}

/** A fresh copy of the synced store, and the CLI run against it. */
function store(): { path: string; run(argv: string[]): Promise<CliRun>; open(): AppDb } {
  const dir = tempDir();
  const path = template.copy(dir);
  return {
    path,
    run: (argv) => runCli([...argv, '--db', path], { cwd: dir, dataDir: dir }),
    open: () => {
      const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
      cleanups.push(() => db.close());
      return db;
    },
  };
}

type CreatedJson = {
  id: string;
  kind: string;
  localNumber: string;
  status: string;
  warehouse: string;
  toWarehouse: string | null;
  lines: { lineNo: number; code: string; productCode: string; name: string; qty: number; price: number | null; amount: number | null }[];
  warnings: string[];
};

function product(db: AppDb, id: number): { code: string; article: string; barcode: string } {
  return db.sqlite
    .prepare('SELECT code, article, (SELECT min(code) FROM barcodes WHERE product_id = p.id AND package_qty = 1000) AS barcode FROM products p WHERE id = ?')
    .get(id) as { code: string; article: string; barcode: string };
}

const mainWarehouse = (db: AppDb): number => db.sqlite.prepare("SELECT id FROM warehouses WHERE name = 'Основной склад'").pluck().get() as number;

const count = (db: AppDb, sql: string): number => db.sqlite.prepare(sql).pluck().get() as number;

describe('prilavok doc create', () => {
  it('creates a receipt from a barcode, an article and a 1C code, queues it, and prints one JSON document', async () => {
    const s = store();
    const db = s.open();
    const [a, b, c] = [product(db, 1), product(db, 2), product(db, 3)];
    const run = await s.run([
      'doc', 'create', '--kind', 'receipt', '--warehouse', 'основной склад',
      '--line', `${a.barcode}:1.5:12.34`, '--line', `${b.article}:2:100`, '--line', `${c.code}:0,25:7`, '--comment', 'от поставщика', '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as CreatedJson;
    expect(doc).toMatchObject({ kind: 'receipt', localNumber: 'ПР-000001', status: 'queued', warehouse: 'Основной склад', toWarehouse: null, warnings: [] });
    expect(doc.lines.map((l) => [l.lineNo, l.code, l.productCode, l.qty, l.price, l.amount])).toEqual([
      [1, a.barcode, a.code, 1500, 1234, 1851],
      [2, b.article, b.code, 2000, 10000, 20000],
      [3, c.code, c.code, 250, 700, 175],
    ]);
    const row = db.sqlite.prepare('SELECT status, comment, local_number AS localNumber FROM documents WHERE id = ?').get(doc.id);
    expect(row).toEqual({ status: 'queued', comment: 'от поставщика', localNumber: 'ПР-000001' });
    expect(db.sqlite.prepare('SELECT status FROM outbox WHERE document_id = ?').pluck().all(doc.id)).toEqual(['pending']);
  });

  it('prints the document for people without --json, and a transfer takes warehouses by name or by 1C ref', async () => {
    const s = store();
    const db = s.open();
    const from = db.sqlite.prepare("SELECT ref_1c FROM warehouses WHERE name = 'Основной склад'").pluck().get() as string;
    const [stocked] = stockedProducts(db, mainWarehouse(db), 5000);
    if (!stocked) throw new Error('the emulator data set has no stocked product');
    const run = await s.run(['doc', 'create', '--kind', 'transfer', '--warehouse', from.toUpperCase(), '--to', 'Магазин на Ленина', '--line', `${stocked.barcode}:2`]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Перемещение товаров ПМ-000001 \(«Основной склад» → «Магазин на Ленина»\): в очереди на отправку в 1С\n/);
    expect(run.stdout).toMatch(/1\. .+: 2 шт/);
    expect(() => JSON.parse(run.stdout)).toThrow();
  });

  it('creates nothing and uses up no number when a code is unknown', async () => {
    const s = store();
    const db = s.open();
    const a = product(db, 1);
    const run = await s.run(['doc', 'create', '--kind', 'receipt', '--warehouse', 'Основной склад', '--line', `${a.barcode}:1:10`, '--line', 'НЕТ-ТАКОГО:1:10', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'not_found', message: expect.stringMatching(/^Строка 2 \(«НЕТ-ТАКОГО»\): .*не найден.*Документ не создан\.$/) } });
    expect(count(db, 'SELECT count(*) FROM documents')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM document_lines')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM outbox')).toBe(0);

    const next = await s.run(['doc', 'create', '--kind', 'receipt', '--warehouse', 'Основной склад', '--line', `${a.barcode}:1:10`, '--json']);
    expect((JSON.parse(next.stdout) as CreatedJson).localNumber).toBe('ПР-000001');
  });

  it('refuses a price-less receipt line with a hint, creating nothing', async () => {
    const s = store();
    const db = s.open();
    // A product 1C has no price for: the line gets no default price, so it must be given.
    db.sqlite.prepare('DELETE FROM prices WHERE product_id = 1').run();
    const run = await s.run(['doc', 'create', '--kind', 'receipt', '--warehouse', 'Основной склад', '--line', `${product(db, 1).barcode}:1`, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'validation', message: expect.stringMatching(/Укажите цену.*КОД:КОЛИЧЕСТВО:ЦЕНА.*Документ не создан/) } });
    expect(count(db, 'SELECT count(*) FROM documents')).toBe(0);
  });

  it('refuses a shipment beyond the stock unless --allow-negative, and always under the "block" policy', async () => {
    const s = store();
    const db = s.open();
    const [stocked] = stockedProducts(db, mainWarehouse(db), 1000);
    if (!stocked) throw new Error('the emulator data set has no stocked product');
    const tooMuch = `${stocked.barcode}:${stocked.qty / 1000 + 1}:50`;
    const base = ['doc', 'create', '--kind', 'shipment', '--warehouse', 'Основной склад', '--line', tooMuch, '--json'];

    const refused = await s.run(base);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({ error: { code: 'conflict', message: expect.stringMatching(/Не хватает товара.*--allow-negative/) } });
    expect(count(db, 'SELECT count(*) FROM documents')).toBe(0);

    const allowed = await s.run([...base, '--allow-negative']);
    expect(allowed.code, allowed.stderr).toBe(0);
    const doc = JSON.parse(allowed.stdout) as CreatedJson;
    expect(doc.status).toBe('queued');
    expect(doc.warnings).toEqual([expect.stringMatching(/останется −1 шт/)]);

    db.sqlite.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('negativeStockPolicy', '\"block\"', 0)").run();
    const blocked = await s.run([...base, '--allow-negative']);
    expect(blocked.code).toBe(1);
    expect(JSON.parse(blocked.stdout)).toEqual({ error: { code: 'conflict', message: expect.stringMatching(/Недостаточно товара/) } });
    expect(count(db, 'SELECT count(*) FROM documents')).toBe(1);
  });

  it('fails with not_found for an unknown warehouse and for a missing database, creating neither', async () => {
    const s = store();
    const unknown = await s.run(['doc', 'create', '--kind', 'count', '--warehouse', 'Склад на Луне', '--line', 'X:1', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toEqual({ error: { code: 'not_found', message: expect.stringMatching(/Склад «Склад на Луне» не найден.*«Основной склад»/) } });

    const dir = tempDir();
    const missing = join(dir, 'missing.db');
    const run = await runCli(['doc', 'create', '--kind', 'count', '--warehouse', 'W', '--line', 'X:1', '--db', missing, '--json'], { cwd: dir, dataDir: dir });
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { error: { code: string } }).error.code).toBe('not_found');
    expect(existsSync(missing)).toBe(false);
  });

  it.each([
    [['doc']],
    [['doc', 'delete']],
    [['doc', 'create', '--warehouse', 'W', '--line', 'X:1']],
    [['doc', 'create', '--kind', 'sale', '--warehouse', 'W', '--line', 'X:1']],
    [['doc', 'create', '--kind', 'receipt', '--line', 'X:1']],
    [['doc', 'create', '--kind', 'receipt', '--warehouse', 'W']],
    [['doc', 'create', '--kind', 'receipt', '--warehouse', 'W', '--line', 'X']],
    [['doc', 'create', '--kind', 'receipt', '--warehouse', 'W', '--line', 'X:0']],
    [['doc', 'create', '--kind', 'receipt', '--warehouse', 'W', '--line', 'X:-1']],
    [['doc', 'create', '--kind', 'receipt', '--warehouse', 'W', '--line', 'X:1.2345']],
    [['doc', 'create', '--kind', 'receipt', '--warehouse', 'W', '--line', 'X:1:1.234']],
    [['doc', 'create', '--kind', 'receipt', '--warehouse', 'W', '--line', ':1']],
    [['doc', 'create', '--kind', 'receipt', '--warehouse', 'W', '--to', 'V', '--line', 'X:1']],
    [['doc', 'create', '--kind', 'transfer', '--warehouse', 'W', '--line', 'X:1']],
    [['doc', 'create', '--kind', 'transfer', '--warehouse', 'W', '--to', 'V', '--line', 'X:1:10']],
    [['doc', 'create', '--kind', 'count', '--warehouse', 'W', '--line', 'X:1', '--price', '3']],
  ])('exits 2 with a Russian message for %j', async (argv) => {
    const dir = tempDir();
    const run = await runCli([...argv, '--json'], { cwd: dir, dataDir: dir });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'validation', message: expect.stringMatching(/[А-Яа-яЁё]/) } });
    expect(run.stderr).toContain('Использование: prilavok doc create');
  });
});

describe('parseLineArg', () => {
  it.each([
    ['4600000000017:2', { code: '4600000000017', qty: 2000, price: null }],
    ['КРП-00001:1,5:89,90', { code: 'КРП-00001', qty: 1500, price: 8990 }],
    ['A:0.001', { code: 'A', qty: 1, price: null }],
    ['A:1.500:0', { code: 'A', qty: 1500, price: 0 }],
    ['A:B:3', { code: 'A:B', qty: 3000, price: null }],
    ['A:B:3:4', { code: 'A:B', qty: 3000, price: 400 }],
    [' A :2', { code: 'A', qty: 2000, price: null }],
  ])('reads %s', (raw, expected) => {
    expect(parseLineArg(raw)).toEqual(expected);
  });

  it.each(['A', 'A:', 'A:x', 'A:1e3', 'A:0', 'A:0.0001', 'A:1:x:', 'A:1:0.001'])('refuses %s with a message', (raw) => {
    expect(typeof parseLineArg(raw)).toBe('string');
  });
});
