// The real exchange files in ../shared/fixtures/commerceml (each .xml has a .source.txt saying
// where it comes from), imported and checked field by field against what the files say.
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../../db/open';
import { openTempDb } from '../../testing/temp-db';
import { readProductView } from '../testing/cml-mirror-view';
import { importExchange } from './import-exchange';

// The repository's byte-for-byte copies of ../shared/fixtures/commerceml (CI runs on a clean clone).
const fixtures = resolve(__dirname, '../../../../tests/fixtures/commerceml');
const sample = (name: string) => ({ name, path: join(fixtures, name) });
const catalog207 = sample('v2.07_import_deleted-status.xml');
const offers208 = sample('v2.08_ns210_offers_variants.xml');
const offers204 = sample('v2.04_offers_official-sample_crlf.xml');
const now = new Date(2026, 1, 1, 12, 0, 0).getTime();
const zero = { added: 0, changed: 0, removed: 0, unchanged: 0 };

let t: { db: AppDb; cleanup(): void };
beforeEach(() => {
  t = openTempDb();
});
afterEach(() => t.cleanup());

const run = (files: { name: string; path: string }[], dryRun = false) => importExchange(t.db, files, { dryRun, clock: () => now });

/** A product (and this store's warehouse) as the OData pull would have mirrored them. */
function seedPulledProduct(db: AppDb, ref: string, name: string): void {
  db.sqlite.prepare("INSERT OR IGNORE INTO warehouses (ref_1c, name, kind, is_home) VALUES ('home-store', 'Магазин', 'store', 1)").run();
  db.sqlite.prepare('INSERT INTO products (ref_1c, name, updated_at) VALUES (?, ?, 0)').run(ref, name);
}

describe('CommerceML samples', () => {
  it('2.07 catalog (BOM, namespace, full, Статус="Удален"): 35 products, one deleted one left out, every field of three products', async () => {
    const report = await run([catalog207]);
    expect(report.files).toEqual([{ name: catalog207.name, bytes: 164_635, version: '2.07', onlyChanges: false }]);
    expect(report.warnings).toEqual([]);
    expect(report.counts).toEqual({
      groups: { ...zero, added: 1 },
      units: { ...zero, added: 1 },
      warehouses: zero,
      priceTypes: zero,
      products: { ...zero, added: 35, unchanged: 1 },
      characteristics: zero,
      barcodes: { ...zero, added: 22 },
      prices: zero,
      stock: zero,
    });
    const group = '82cfb8dc-18f9-11e7-80c2-0cc47ab29cd1';
    const common = { groupRef: group, unit: { okei: '796', name: 'Штука' }, vat: '20%', isDeleted: false, variants: [], prices: [], stock: [] };
    expect(readProductView(t.db, 'bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1')).toEqual({
      ...common,
      name: 'Портативный коврик Portable 140x200x1 см, Деревянные лошадки',
      article: 'PM-421-WP',
      barcodes: [{ code: '8809288404089', charRef: null }],
    });
    expect(readProductView(t.db, '5252eb59-33fb-11e9-80c9-0cc47ab29cd1')).toEqual({
      ...common,
      name: 'Коврик Bubble play 190x130x4 см, Нежные Совы/Елочки',
      article: 'PB-934-COMG',
      barcodes: [],
    });
    expect(readProductView(t.db, '97478090-9d50-11e9-80c9-0cc47ab29cd1')).toEqual({
      ...common,
      name: 'Портативный коврик Portable 140x200x1см, Лесные тропинки',
      article: 'PM-421-CS',
      barcodes: [{ code: '8809288408117', charRef: null }],
    });
    // <Товар Статус="Удален"> never mirrored: not inserted just to be marked deleted.
    expect(readProductView(t.db, 'b631c9c1-49de-11e9-80c9-0cc47ab29cd1')).toBeNull();
    expect(t.db.sqlite.prepare('SELECT ref_1c, name, parent_id FROM product_groups').all()).toEqual([{ ref_1c: group, name: 'Коврики для дома', parent_id: null }]);
    // The unit's code comes padded ('796 ') and is matched trimmed.
    expect(t.db.sqlite.prepare('SELECT okei, name FROM units').all()).toEqual([{ okei: '796', name: 'Штука' }]);
    // The search index knows the new products by name and by barcode.
    const match = (q: string) => t.db.sqlite.prepare('SELECT p.ref_1c FROM products_fts f JOIN products p ON p.id = f.rowid WHERE products_fts MATCH ?').pluck().all(q);
    expect(match('"8809288408117"')).toEqual(['97478090-9d50-11e9-80c9-0cc47ab29cd1']);
    expect(match('тропинки')).toEqual(['97478090-9d50-11e9-80c9-0cc47ab29cd1']);
  });

  it('2.07 catalog again: everything unchanged', async () => {
    await run([catalog207]);
    const again = await run([catalog207]);
    expect(again.counts.products).toEqual({ ...zero, unchanged: 36 });
    expect(again.counts.barcodes).toEqual({ ...zero, unchanged: 22 });
    expect(again.counts.groups).toEqual({ ...zero, unchanged: 1 });
    expect(again.counts.units).toEqual({ ...zero, unchanged: 1 });
  });

  it('2.08 offers with the 2.10 namespace: variants of a pulled product, their names, prices in kopecks, stock at this store', async () => {
    seedPulledProduct(t.db, 'ffce323d-c133-11e8-8111-0050569b2b72', 'Тестовый товар');
    const report = await run([offers208]);
    expect(report.warnings).toEqual([]);
    expect(report.files).toEqual([{ name: offers208.name, bytes: 8_270, version: '2.08', onlyChanges: false }]);
    expect(report.counts).toEqual({
      groups: zero,
      units: zero,
      warehouses: zero,
      priceTypes: { ...zero, added: 3 },
      products: zero,
      characteristics: { ...zero, added: 2 },
      barcodes: zero,
      prices: { ...zero, added: 6 },
      stock: { ...zero, added: 2 },
    });
    const v1 = '8a4e5ea9-d129-11e8-8112-0050569b2b72';
    const v2 = '8a4e5eaa-d129-11e8-8112-0050569b2b72';
    const [cpu, cp, supplier] = ['a5d63ccd-7df9-11e8-80fc-0050569b0657', '913eb9e7-7df9-11e8-80fc-0050569b0657', 'db7b09f3-94c2-11e8-810b-0050569b5454'];
    const view = readProductView(t.db, 'ffce323d-c133-11e8-8111-0050569b2b72');
    // ХарактеристикиТовара name the variants by value, as 1C names characteristics.
    expect(view?.variants).toEqual([
      { ref: v1, name: 'Бежевый', isDeleted: false },
      { ref: v2, name: 'Желтый', isDeleted: false },
    ]);
    expect(view?.prices).toEqual(
      [
        { charRef: v1, typeRef: supplier, price: 1_050_000 },
        { charRef: v1, typeRef: cpu, price: 1_550_000 },
        { charRef: v1, typeRef: cp, price: 1_050_000 },
        { charRef: v2, typeRef: cp, price: 1_050_000 },
        { charRef: v2, typeRef: cpu, price: 1_550_000 },
        { charRef: v2, typeRef: supplier, price: 1_050_000 },
      ].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    );
    // Количество without a warehouse: this store's balance (thousandths).
    expect(view?.stock).toEqual([
      { charRef: v1, warehouseRef: 'home-store', qty: 2_000 },
      { charRef: v2, warehouseRef: 'home-store', qty: 5_000 },
    ]);
    expect(t.db.sqlite.prepare('SELECT name, currency FROM price_types ORDER BY name').all()).toEqual([
      { name: 'ЦП', currency: 'RUB' },
      { name: 'ЦПУ', currency: 'RUB' },
      { name: 'Цена поставщика', currency: 'RUB' },
    ]);
    // The balance is 1C's as of the file's ДатаФормирования (local time), for the pending-documents view.
    const asOf = new Date(2018, 9, 18, 16, 52, 7).getTime();
    expect(t.db.sqlite.prepare('SELECT DISTINCT as_of_1c FROM stock').pluck().all()).toEqual([asOf]);
    expect(JSON.parse(String(t.db.sqlite.prepare("SELECT cursor FROM sync_state WHERE job = 'balances'").pluck().get()))).toEqual({
      'home-store': { asOf, readAt: asOf, upTo: -1, hadSkipped: true },
    });
  });

  it('2.08 offers alone, for a product nobody has: price types only, one warning per variant with its line', async () => {
    const report = await run([offers208]);
    expect(report.counts.priceTypes).toEqual({ ...zero, added: 3 });
    expect(report.counts.characteristics).toEqual(zero);
    expect(report.counts.prices).toEqual(zero);
    expect(report.warnings).toEqual([
      { file: offers208.name, line: 68, column: 4, message: 'товар ffce323d-c133-11e8-8111-0050569b2b72 не найден ни в обмене, ни в базе: характеристика 8a4e5ea9-d129-11e8-8112-0050569b2b72, её цены и остатки пропущены' },
      { file: offers208.name, line: 112, column: 4, message: 'товар ffce323d-c133-11e8-8111-0050569b2b72 не найден ни в обмене, ни в базе: характеристика 8a4e5eaa-d129-11e8-8112-0050569b2b72, её цены и остатки пропущены' },
    ]);
    expect(report.warningCount).toBe(2);
  });

  it('2.04 official offers (CRLF, no BOM, no namespace): four price types in two currencies, variants named after the offer', async () => {
    seedPulledProduct(t.db, '05e26d70-01e4-11dc-a411-00055d80a2d1', 'Стол');
    const report = await run([offers204]);
    expect(report.warnings).toEqual([]);
    expect(report.files).toEqual([{ name: offers204.name, bytes: 9_003, version: '2.04', onlyChanges: false }]);
    expect(report.counts.priceTypes).toEqual({ ...zero, added: 4 });
    expect(report.counts.characteristics).toEqual({ ...zero, added: 2 });
    expect(report.counts.prices).toEqual({ ...zero, added: 8 });
    // Количество 0: no balance, nothing to store.
    expect(report.counts.stock).toEqual({ ...zero, unchanged: 2 });
    expect(t.db.sqlite.prepare('SELECT ref_1c AS ref, name, currency FROM price_types ORDER BY ref_1c').all()).toEqual([
      { ref: 'bd72d8fc-55bc-11d9-848a-00112f43529a', name: 'Закупочная', currency: 'USD' },
      { ref: 'bd72d8fd-55bc-11d9-848a-00112f43529a', name: 'Плановая', currency: 'USD' },
      { ref: 'cbcf493b-55bc-11d9-848a-00112f43529a', name: 'Розничная', currency: 'RUB' },
      { ref: 'cbcf495d-55bc-11d9-848a-00112f43529a', name: 'Оптовая', currency: 'USD' },
    ]);
    const view = readProductView(t.db, '05e26d70-01e4-11dc-a411-00055d80a2d1');
    expect(view?.variants).toEqual([
      { ref: '05e26d76-01e4-11dc-a411-00055d80a2d1', name: 'Стол обеденный', isDeleted: false },
      { ref: '218a1598-044b-11dc-a414-00055d80a2d1', name: 'Стол обеденный', isDeleted: false },
    ]);
    const pricesOf = (charRef: string) => Object.fromEntries((view?.prices ?? []).filter((p) => p.charRef === charRef).map((p) => [p.typeRef.slice(0, 8), p.price]));
    expect(pricesOf('05e26d76-01e4-11dc-a411-00055d80a2d1')).toEqual({ bd72d8fc: 400, bd72d8fd: 600, cbcf493b: 700, cbcf495d: 500 });
    expect(pricesOf('218a1598-044b-11dc-a414-00055d80a2d1')).toEqual({ bd72d8fc: 400, bd72d8fd: 600, cbcf493b: 700, cbcf495d: 500 });
  });

  it('all three samples as one exchange, given offers first: the catalog is read first (by content), counts add up', async () => {
    const report = await run([offers204, offers208, catalog207]);
    expect(report.files.map((f) => f.name)).toEqual([catalog207.name, offers204.name, offers208.name]);
    expect(report.counts.products).toEqual({ ...zero, added: 35, unchanged: 1 });
    expect(report.counts.priceTypes).toEqual({ ...zero, added: 7 });
    expect(report.counts.barcodes).toEqual({ ...zero, added: 22 });
    expect(report.warningCount).toBe(4);
  });
});
