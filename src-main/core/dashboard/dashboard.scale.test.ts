// Scale check, opt-in (PRILAVOK_SCALE=1; ~20 s to build the data): 200,000 products in three
// warehouses, 300,000 movements over 90 days, 20,000 minimums, a few pending documents. Prints the
// time of each report call; asserts only generous bounds (a shared CI machine), the numbers go to
// the report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { addProduct } from '../documents/document-lines.service';
import { createDraft, queueDocument } from '../documents/documents.service';
import { computeAbc } from '../replenishment/abc.service';
import { buildReplenishmentList } from '../replenishment/replenishment-list.service';
import { acceptSuggestedLevels, listStockLevels } from '../replenishment/stock-levels.service';
import { openTempDb } from '../testing/temp-db';
import { getDashboardSummary } from './dashboard.service';
import { backfillSnapshots, takeDailySnapshot } from './snapshots.service';

const isOn = process.env.PRILAVOK_SCALE === '1';
const products = 200_000;
const now = Date.UTC(2026, 2, 1, 12);
const day = 86_400_000;

let db: AppDb;
let cleanup: () => void;

function time<T>(label: string, fn: () => T): T {
  const started = performance.now();
  const value = fn();
  process.stdout.write(`${label}: ${(performance.now() - started).toFixed(0)} ms\n`);
  return value;
}

describe.skipIf(!isOn)('dashboard and replenishment at 200,000 products', () => {
  beforeAll(() => {
    ({ db, cleanup } = openTempDb());
    const s = db.sqlite;
    s.prepare("INSERT INTO warehouses (id, ref_1c, name, kind, is_home) VALUES (1, 'w1', 'Магазин 1', 'store', 1), (2, 'w2', 'Магазин 2', 'store', 0), (3, 'w3', 'Склад', 'warehouse', 0)").run();
    s.prepare("INSERT INTO units (id, name) VALUES (1, 'шт')").run();
    s.prepare("INSERT INTO price_types (id, name, is_retail) VALUES (1, 'Розничная', 1)").run();
    const product = s.prepare("INSERT INTO products (id, code, name, unit_id, updated_at) VALUES (?, ?, ?, 1, 1)");
    const price = s.prepare('INSERT INTO prices (product_id, price_type_id, price, period) VALUES (?, 1, ?, 1)');
    const stock = s.prepare('INSERT INTO stock (product_id, warehouse_id, qty_1c, as_of_1c) VALUES (?, ?, ?, 1)');
    const level = s.prepare("INSERT INTO stock_levels (product_id, warehouse_id, min_qty, max_qty, source, updated_at) VALUES (?, 1, ?, NULL, 'manual', 1)");
    const movement = s.prepare(
      "INSERT INTO movements (source, product_id, warehouse_id, qty_delta, period, recorder_ref_1c, recorder_type, line_number, created_at) VALUES ('1c', ?, ?, ?, ?, ?, 'StandardODATA.Document_РеализацияТоваровУслуг', 1, 1)",
    );
    s.transaction(() => {
      for (let id = 1; id <= products; id += 1) {
        product.run(id, String(id).padStart(8, '0'), `Товар ${id}`);
        price.run(id, 1000 + (id % 500) * 10);
        for (let w = 1; w <= 3; w += 1) if ((id + w) % 4 !== 0) stock.run(id, w, ((id * 7 + w) % 50) * 1000);
        if (id % 10 === 0) level.run(id, 25_000);
      }
      for (let i = 0; i < 300_000; i += 1) movement.run((i * 7919) % products + 1, (i % 3) + 1, -1000, now - (i % 90) * day - 1000, `r-${i}`);
    })();
    for (let i = 1; i <= 5; i += 1) {
      const draft = createDraft(db, { kind: 'writeoff', warehouseId: 1, userId: null, now });
      addProduct(db, { documentId: draft.id, productId: i * 8 + 1, qty: 1000, userId: null, now });
      queueDocument(db, { documentId: draft.id, userId: null, now, allowNegative: true });
    }
  }, 300_000);
  afterAll(() => cleanup?.());

  it('answers each report call in bounded time', () => {
    const all = time('summary, all warehouses', () => getDashboardSummary(db, null, now));
    expect(all.productsInStock).toBeGreaterThan(100_000);
    time('summary, one warehouse', () => getDashboardSummary(db, 1, now));
    time('takeDailySnapshot', () => takeDailySnapshot(db, () => now));
    time('backfillSnapshots 90 days', () => backfillSnapshots(db, () => now));
    time('levels page', () => listStockLevels(db, { warehouseId: 1, isSetOnly: false, limit: 100, offset: 0 }, now));
    time('levels search', () => listStockLevels(db, { warehouseId: 1, search: 'товар 1999', isSetOnly: false, limit: 100, offset: 0 }, now));
    time('abc, one warehouse', () => computeAbc(db, 1, now));
    const list = time('replenishment list', () => buildReplenishmentList(db, 1, now));
    expect(list.items.length).toBeGreaterThan(1000);
    time('accept every suggestion', () => acceptSuggestedLevels(db, { warehouseId: 2, now }));
    const started = performance.now();
    getDashboardSummary(db, null, now);
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 300_000);
});
