import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { addByCode, setLine } from '../documents/document-lines.service';
import { createDraft } from '../documents/documents.service';
import { milkBoxBarcode, openDocumentsDb, shirtM, shirtMBarcode, shirtId, t0 } from '../documents/documents.testing';
import { applyPriceSlice, createVariantTable, putVariant } from '../sync/register-mirror.repo';
import { labelCandidateForCode, labelCandidatesForDocument, labelCandidatesWithChangedPrices, lastPricePullStart } from './label-selection.repo';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function open(): AppDb {
  const { db, cleanup } = openDocumentsDb();
  cleanups.push(cleanup);
  return db;
}

const retail = 2;

/** A price pull as the sync job runs it: a sync_runs row, then one SliceLast answer applied at `now`. */
function pullPrices(db: AppDb, startedAt: number, prices: Array<[productId: number, characteristicId: number | null, kopecks: number]>): void {
  db.sqlite.prepare("INSERT INTO sync_runs (id, job, started_at, finished_at, status) VALUES (?, 'prices', ?, ?, 'ok')").run(`run-${startedAt}`, startedAt, startedAt + 500);
  const current = db.sqlite.prepare('SELECT product_id AS p, characteristic_id AS c, price, period FROM prices WHERE price_type_id = ?').all(retail) as Array<{
    p: number;
    c: number | null;
    price: number;
    period: number;
  }>;
  const wanted = createVariantTable();
  for (const row of current) putVariant(wanted, row.p, row.c, row.price, row.period, 'replace');
  for (const [p, c, kopecks] of prices) putVariant(wanted, p, c, kopecks, startedAt - 1000, 'replace');
  db.sqlite.transaction(() => applyPriceSlice(db, wanted, retail, startedAt + 100))();
}

describe('labelCandidatesForDocument', () => {
  it('gives one label per line in line order, at the retail price with the unit, codes and barcode', () => {
    const db = open();
    const doc = createDraft(db, { kind: 'receipt', warehouseId: 1, toWarehouseId: null, comment: '', userId: null, now: t0 });
    addByCode(db, { documentId: doc.id, code: '00-003', qty: 2000, userId: null, now: t0 });
    addByCode(db, { documentId: doc.id, code: shirtMBarcode, qty: 1000, userId: null, now: t0 });
    // One box of 12 scanned by its package barcode: 12 units on the line.
    const milk = addByCode(db, { documentId: doc.id, code: milkBoxBarcode, qty: 1000, userId: null, now: t0 });
    // A purchase price on the line does not change the shelf price on the label.
    setLine(db, { documentId: doc.id, lineNo: milk.lineNo, price: 5000, userId: null, now: t0 });

    const labels = labelCandidatesForDocument(db, doc.id);
    expect(labels.map((l) => [l.lineNo, l.product.name, l.product.price, l.qty])).toEqual([
      [1, 'Сметана «Ёлкины» 20% 300 г', 12900, 2000],
      [2, 'Футболка хлопок (M)', 109000, 1000],
      [3, 'Молоко «Простоквашино» 3,2% 930 мл', 8990, 12000],
    ]);
    expect(labels[0]?.product).toMatchObject({ unit: 'шт', code: '00-003', article: 'СМТ-010', barcode: '4601111111110' });
    // The variant's own barcode; the unit's barcode for milk, not the box's.
    expect(labels[1]).toMatchObject({ productId: shirtId, characteristicId: shirtM, product: { barcode: shirtMBarcode } });
    expect(labels[2]?.product.barcode).toBe('4601234567893');
  });

  it('uses another price type when asked and flags a missing price', () => {
    const db = open();
    const doc = createDraft(db, { kind: 'receipt', warehouseId: 1, toWarehouseId: null, comment: '', userId: null, now: t0 });
    addByCode(db, { documentId: doc.id, code: '00-001', qty: 1000, userId: null, now: t0 });
    addByCode(db, { documentId: doc.id, code: shirtMBarcode, qty: 1000, userId: null, now: t0 });
    const purchase = labelCandidatesForDocument(db, doc.id, { priceTypeId: 1 });
    expect(purchase.map((l) => [l.product.price, l.isPriceMissing])).toEqual([
      [Math.round(8990 * 0.7), false],
      [0, true],
    ]);
  });

  it('refuses an unknown document', () => {
    expect(() => labelCandidatesForDocument(open(), 'no-such-document')).toThrow(/не найден/);
  });
});

describe('labelCandidatesWithChangedPrices', () => {
  it('lists nothing before the first price pull', () => {
    const db = open();
    expect(lastPricePullStart(db)).toBeNull();
    expect(labelCandidatesWithChangedPrices(db)).toEqual([]);
  });

  it('lists the products whose price the last pull changed or added, with the new price and the one it replaced', () => {
    const db = open();
    pullPrices(db, t0 + 10_000, [[1, null, 9490]]);
    pullPrices(db, t0 + 20_000, [
      [3, null, 13900],
      [shirtId, shirtM, 99900],
    ]);
    // The other products were in the answer unchanged: not rewritten, so no label.
    const labels = labelCandidatesWithChangedPrices(db);
    expect(labels.map((l) => [l.product.name, l.product.price, l.product.oldPrice])).toEqual([
      ['Сметана «Ёлкины» 20% 300 г', 13900, 12900],
      ['Футболка хлопок (M)', 99900, 109000],
    ]);
    expect(labels[0]).toMatchObject({ changedAt: t0 + 20_100, period: t0 + 19_000, product: { barcode: '4601111111110', unit: 'шт' } });
    // Everything written since an earlier moment.
    expect(labelCandidatesWithChangedPrices(db, { since: t0 + 10_000 }).map((l) => l.productId)).toEqual([1, 3, shirtId]);
  });

  it('fills in the old price the pull replaced (prices.previous_price)', () => {
    const db = open();
    // What applyPriceSlice's UPDATE does (core/sync/register-mirror.repo.ts), for the helper's plain UPDATEs.
    db.sqlite.exec(`CREATE TEMP TRIGGER keep_previous AFTER UPDATE OF price, period ON prices
      BEGIN UPDATE prices SET previous_price = old.price, previous_period = old.period WHERE id = new.id; END`);
    pullPrices(db, t0 + 20_000, [
      [3, null, 11900],
      [5, null, 7200],
    ]);
    // A re-posted identical price (new period, same amount) needs no new label.
    db.sqlite.prepare('UPDATE prices SET period = period + 1, seen_at = ? WHERE product_id = 1 AND price_type_id = ?').run(t0 + 20_100, retail);
    const labels = labelCandidatesWithChangedPrices(db);
    expect(labels.map((l) => [l.productId, l.product.price, l.product.oldPrice])).toEqual([
      [3, 11900, 12900],
      [5, 7200, 6500],
    ]);
  });
});

describe('labelCandidateForCode', () => {
  it('finds a product by barcode (printing that barcode), by article and by 1C code', () => {
    const db = open();
    expect(labelCandidateForCode(db, '4600000000017').product).toMatchObject({ name: 'Молоко «Домик в деревне» 2,5% 1 л', price: 9450, barcode: '4600000000017' });
    expect(labelCandidateForCode(db, shirtMBarcode)).toMatchObject({ characteristicId: shirtM, product: { name: 'Футболка хлопок (M)', price: 109000 } });
    expect(labelCandidateForCode(db, ' СМТ-010 ').product).toMatchObject({ code: '00-003', price: 12900, barcode: '4601111111110' });
    expect(labelCandidateForCode(db, '00-005').product.name).toBe('Хлеб «Бородинский» 400 г');
    // A box barcode finds the product; the label carries the unit's barcode.
    expect(labelCandidateForCode(db, milkBoxBarcode).product.barcode).toBe('4601234567893');
  });

  it('refuses unknown and ambiguous codes', () => {
    const db = open();
    expect(() => labelCandidateForCode(db, 'нет-такого')).toThrow(/не найден/);
    db.sqlite.prepare("INSERT INTO products (id, code, article, name, updated_at) VALUES (7, '00-007', 'СМТ-010', 'Сметана 15%', 1)").run();
    expect(() => labelCandidateForCode(db, 'СМТ-010')).toThrow(/нескольких товаров/);
  });
});
