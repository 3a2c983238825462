// What an exchange means for the mirror: dry runs, full and partial exchanges, deletions, prices
// and balances over time, barcodes, units matched by code, and what happens after an import.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CmlReport } from '../../../../src-preload/contract/commerceml';
import { type AppDb } from '../../db/open';
import { mirrorFingerprint } from '../../sync/mirror-snapshot.testing';
import { makeTempDir, openTempDb } from '../../testing/temp-db';
import { type CmlTruth } from '../testing/cml-generated-truth';
import { generateExchange, type GeneratedExchange } from '../testing/cml-generator';
import { type CmlGeneratorOptions } from '../testing/cml-generator-options';
import { expectedProductView, readProductView } from '../testing/cml-mirror-view';
import { type CmlImportProgress, type CmlSourceFile, importExchange } from './import-exchange';

const now = new Date(2026, 1, 1, 12, 0, 0).getTime();
const zero = { added: 0, changed: 0, removed: 0, unchanged: 0 };
const base = { seed: 21, products: 36, version: '2.07', variantsEvery: 5, stockForm: 'attribute' } as const satisfies Partial<CmlGeneratorOptions>;

let t: { db: AppDb; cleanup(): void };
const temps: { dir: string; cleanup(): void }[] = [];
beforeEach(() => {
  t = openTempDb();
  t.db.sqlite.prepare("INSERT INTO warehouses (ref_1c, name, kind, is_home) VALUES ('home-store', 'Магазин', 'store', 1)").run();
});
afterEach(() => {
  t.cleanup();
  for (const temp of temps.splice(0)) temp.cleanup();
});

async function generated(options: Partial<CmlGeneratorOptions>): Promise<GeneratedExchange> {
  const temp = makeTempDir('prilavok-cml-sem-');
  temps.push(temp);
  return generateExchange(temp.dir, { ...base, ...options });
}

const filesOf = (g: GeneratedExchange): CmlSourceFile[] => g.files.map((f) => ({ name: f.name, path: f.path }));
const run = (g: GeneratedExchange, options: { dryRun?: boolean; onProgress?: (p: CmlImportProgress) => void; at?: number } = {}): Promise<CmlReport> =>
  importExchange(t.db, filesOf(g), { dryRun: options.dryRun ?? false, clock: () => options.at ?? now, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });

const everything = (db: AppDb) => ({
  mirror: mirrorFingerprint(db),
  fts: db.sqlite.prepare('SELECT rowid, * FROM products_fts ORDER BY rowid').all(),
  syncState: db.sqlite.prepare('SELECT * FROM sync_state').all(),
});

/** What the second exchange changes against the first, counted from the two truths (prices and stock). */
function registerDiff(before: CmlTruth, after: CmlTruth, indexes: number[]): { prices: typeof zero; stock: typeof zero } {
  const prices = { ...zero };
  const stock = { ...zero };
  for (const i of indexes) {
    const old = new Map(before.prices(i).map((p) => [`${p.charRef}/${p.typeRef}`, p.kopecks]));
    for (const p of after.prices(i)) {
      const was = old.get(`${p.charRef}/${p.typeRef}`);
      if (was === undefined) prices.added += 1;
      else if (was !== p.kopecks) prices.changed += 1;
      else prices.unchanged += 1;
    }
    const oldStock = new Map(before.stock(i).map((s) => [`${s.charRef}/${s.warehouseRef}`, s.qty]));
    for (const s of after.stock(i)) {
      const was = oldStock.get(`${s.charRef}/${s.warehouseRef}`) ?? 0;
      if (s.qty === was) stock.unchanged += 1;
      else if (s.qty === 0) stock.removed += 1;
      else if (was === 0) stock.added += 1;
      else stock.changed += 1;
    }
  }
  return { prices, stock };
}

describe('dry run', () => {
  it('reports exactly what the real run then does, and changes nothing (first load and a later exchange)', async () => {
    const first = await generated({});
    const before = everything(t.db);
    const dry = await run(first, { dryRun: true });
    expect(everything(t.db)).toEqual(before);
    expect(dry.dryRun).toBe(true);
    const real = await run(first);
    expect(real.counts).toEqual(dry.counts);
    expect(real.warnings).toEqual(dry.warnings);
    expect(real.counts.products.added).toBe(36);

    const second = await generated({ revision: 1, only: (i) => i % 2 === 0, onlyChanges: true });
    const between = everything(t.db);
    const dry2 = await run(second, { dryRun: true });
    expect(everything(t.db)).toEqual(between);
    expect(dry2.counts.products.changed).toBeGreaterThan(0);
    expect((await run(second)).counts).toEqual(dry2.counts);
  });
});

describe('full and partial exchanges', () => {
  it('a partial exchange touches only what it lists: names and prices of the listed change, the rest stay as they were', async () => {
    const first = await generated({});
    await run(first);
    const listed = (i: number) => i % 3 === 0;
    const second = await generated({ revision: 1, only: listed, onlyChanges: true });
    const untouched = Array.from({ length: 36 }, (_, i) => i).filter((i) => !listed(i)).map((i) => readProductView(t.db, first.truth.product(i).ref));
    const report = await run(second);
    const indexes = Array.from({ length: 36 }, (_, i) => i).filter(listed);
    // Revision 1 renames the even products among the listed ones.
    const renamed = indexes.filter((i) => i % 2 === 0).length;
    expect(report.counts.products).toEqual({ ...zero, changed: renamed, unchanged: indexes.length - renamed });
    const diff = registerDiff(first.truth, second.truth, indexes);
    expect(report.counts.prices).toEqual(diff.prices);
    expect(report.counts.stock).toEqual(diff.stock);
    expect(Array.from({ length: 36 }, (_, i) => i).filter((i) => !listed(i)).map((i) => readProductView(t.db, first.truth.product(i).ref))).toEqual(untouched);
    for (const i of indexes) expect(readProductView(t.db, second.truth.product(i).ref)).toEqual(expectedProductView(second.truth, i, 'home-store'));
  });

  it('a full exchange removes what it does not list: products marked deleted (never erased), their prices and balances gone', async () => {
    const first = await generated({});
    await run(first);
    // A product made here (no 1C ref) is not 1C's to remove.
    t.db.sqlite.prepare("INSERT INTO products (name, updated_at) VALUES ('Местный товар', 0)").run();
    const listed = (i: number) => i % 4 !== 0;
    const second = await generated({ only: listed });
    const absent = Array.from({ length: 36 }, (_, i) => i).filter((i) => !listed(i));
    const report = await run(second);
    expect(report.counts.products).toEqual({ ...zero, removed: absent.length, unchanged: 36 - absent.length });
    expect(report.counts.prices.removed).toBe(absent.reduce((sum, i) => sum + first.truth.prices(i).length, 0));
    expect(report.counts.stock.removed).toBe(absent.reduce((sum, i) => sum + first.truth.stock(i).filter((s) => s.qty !== 0).length, 0));
    for (const i of absent) {
      const view = readProductView(t.db, first.truth.product(i).ref);
      expect(view?.isDeleted).toBe(true);
      expect(view?.prices).toEqual([]);
      expect(view?.stock).toEqual([]);
    }
    expect(t.db.sqlite.prepare("SELECT is_deleted FROM products WHERE name = 'Местный товар'").pluck().get()).toBe(0);
    // Deleted products leave the search index.
    expect(t.db.sqlite.prepare('SELECT count(*) FROM products_fts').pluck().get()).toBe(36 - absent.length + 1);
  });

  it('a product listed again after removal is restored (changed, not added)', async () => {
    const first = await generated({});
    await run(first);
    await run(await generated({ only: (i) => i !== 1 }));
    expect(readProductView(t.db, first.truth.product(1).ref)?.isDeleted).toBe(true);
    const report = await run(first);
    expect(report.counts.products).toEqual({ ...zero, changed: 1, unchanged: 35 });
    expect(readProductView(t.db, first.truth.product(1).ref)).toEqual(expectedProductView(first.truth, 1, 'home-store'));
  });

  it('deletion marks in a partial exchange remove exactly those (Статус, ПометкаУдаления, Bitrix offer status)', async () => {
    for (const deletionForm of ['status', 'mark', 'bitrix'] as const) {
      t.cleanup();
      t = openTempDb();
      const first = await generated({ version: '2.09' });
      await run(first);
      // deletedEvery 4 marks indexes 2, 6, 10…; the partial exchange lists those and a few others.
      const second = await generated({ version: '2.09', deletedEvery: 4, deletionForm, onlyChanges: true, only: (i) => i % 2 === 0 });
      const deleted = Array.from({ length: 36 }, (_, i) => i).filter((i) => second.truth.product(i).isDeleted && second.truth.product(i).isListed);
      const report = await run(second);
      expect(report.counts.products.removed, deletionForm).toBe(deleted.length);
      expect(deleted.map((i) => readProductView(t.db, first.truth.product(i).ref)?.isDeleted)).toEqual(deleted.map(() => true));
      // Odd products were not in the exchange: still live.
      expect(readProductView(t.db, first.truth.product(1).ref)?.isDeleted).toBe(false);
    }
  });
});

describe('prices and balances over time', () => {
  it('a changed price keeps the one it replaced (re-pricing labels); an unchanged one is not rewritten', async () => {
    const first = await generated({});
    await run(first, { at: now });
    const id = Number(t.db.sqlite.prepare('SELECT id FROM products WHERE ref_1c = ?').pluck().get(first.truth.product(0).ref));
    const before = t.db.sqlite.prepare('SELECT price_type_id, price, period, previous_price, seen_at FROM prices WHERE product_id = ? ORDER BY price_type_id').all(id);
    const later = new Date(2026, 0, 20, 8, 0, 0);
    await run(await generated({ revision: 1, generatedAt: later }), { at: now + 1000 });
    const after = t.db.sqlite.prepare('SELECT price_type_id, price, period, previous_price FROM prices WHERE product_id = ? ORDER BY price_type_id').all(id) as { price: number; period: number; previous_price: number | null }[];
    expect(after.map((p) => [p.price, p.period, p.previous_price])).toEqual((before as { price: number }[]).map((p) => [p.price + 100, later.getTime(), p.price]));
    // The same file again: nothing is rewritten, not even seen_at.
    const snapshot = mirrorFingerprint(t.db);
    await run(await generated({ revision: 1, generatedAt: later }), { at: now + 2000 });
    expect(mirrorFingerprint(t.db)).toEqual(snapshot);
  });

  it('balances: new ones take the file time, a zero removes the row, and the active alert rules get their pairs marked', async () => {
    t.db.sqlite.prepare("INSERT INTO alert_rules (id, name, scope, condition, threshold, is_active, created_at, updated_at) VALUES ('r1', 'Мало', 'all', 'below', 5000, 1, 0, 0)").run();
    const first = await generated({});
    await run(first);
    expect(Number(t.db.sqlite.prepare('SELECT count(*) FROM alert_dirty').pluck().get())).toBeGreaterThan(0);
    expect(t.db.sqlite.prepare('SELECT DISTINCT as_of_1c FROM stock').pluck().all()).toEqual([new Date(2026, 0, 15, 9, 5, 7).getTime()]);
  });
});

describe('barcodes and units', () => {
  it('a code moves to the product that now has it; a code given to two products goes to the last, with a warning', async () => {
    const first = await generated({ products: 6, variantsEvery: 0 });
    await run(first);
    const [a, b] = [first.truth.product(0), first.truth.product(1)];
    t.db.sqlite.prepare('UPDATE barcodes SET product_id = (SELECT id FROM products WHERE ref_1c = ?) WHERE code = ?').run(b.ref, a.barcode);
    const report = await run(first);
    expect(report.counts.barcodes).toEqual({ ...zero, changed: 1, unchanged: 5 });
    expect(readProductView(t.db, a.ref)?.barcodes).toEqual([{ code: a.barcode, charRef: null }]);
  });

  it('a unit already mirrored by the OData pull is found by its OKEI code, not duplicated', async () => {
    t.db.sqlite.prepare("INSERT INTO units (ref_1c, name, okei) VALUES ('unit-ref-from-1c', 'шт', '796')").run();
    const report = await run(await generated({}));
    expect(report.counts.units).toEqual({ ...zero, unchanged: 1 });
    expect(t.db.sqlite.prepare('SELECT DISTINCT u.ref_1c FROM products p JOIN units u ON u.id = p.unit_id').pluck().all()).toEqual(['unit-ref-from-1c']);
  });
});

describe('running', () => {
  it('reports progress by file, ending at the total', async () => {
    const ticks: CmlImportProgress[] = [];
    await run(await generated({ products: 200 }), { onProgress: (p) => ticks.push(p) });
    expect(ticks[0]).toEqual({ file: 'import.xml', bytesDone: 0, bytesTotal: ticks[0]?.bytesTotal });
    expect(ticks.map((p) => p.bytesDone)).toEqual([...ticks.map((p) => p.bytesDone)].sort((x, y) => x - y));
    expect(ticks.at(-1)?.bytesDone).toBe(ticks.at(-1)?.bytesTotal);
    expect(new Set(ticks.map((p) => p.file))).toEqual(new Set(['import.xml', 'offers.xml']));
  });

  it('two imports started together run one after the other', async () => {
    const g = await generated({});
    const [one, two] = await Promise.all([run(g), run(g)]);
    expect(one?.counts.products.added).toBe(36);
    expect(two?.counts.products).toEqual({ ...zero, unchanged: 36 });
  });

  it('a big first load rebuilds the search index once and leaves it complete', async () => {
    const g = await generated({ products: 5_200, variantsEvery: 0 });
    const report = await run(g);
    expect(report.counts.products.added).toBe(5_200);
    expect(t.db.sqlite.prepare('SELECT count(*) FROM search_index_deferred').pluck().get()).toBe(0);
    expect(t.db.sqlite.prepare('SELECT count(*) FROM products_fts').pluck().get()).toBe(5_200);
    const p = g.truth.product(4_321);
    expect(t.db.sqlite.prepare('SELECT p.ref_1c FROM products_fts f JOIN products p ON p.id = f.rowid WHERE products_fts MATCH ?').pluck().all(`"${p.barcode ?? ''}"`)).toEqual([p.ref]);
  });
});
