import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { productListInput } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { getProduct, listProducts } from '../inventory/products.repo';
import { addByCode, addProduct } from './document-lines.service';
import { documentKindInfo, lineStockEffects } from './document-kinds';
import { markPosted, markRejected, markSending } from './document-sending.service';
import { readDisplayedQty } from './displayed-stock.repo';
import { cancelDocument, createDraft, queueDocument } from './documents.service';
import { documentKinds } from './documents.schema';
import { home, openDocumentsDb, other, setBalance, setBalanceAsOf, shirtId, shirtM, t0 } from './documents.testing';

const user = 'u-1';

describe('displayed stock (pending_stock_effects)', () => {
  let db: AppDb;
  let cleanup: () => void;
  beforeEach(() => ({ db, cleanup } = openDocumentsDb()));
  afterEach(() => cleanup());

  const qty = (productId: number, warehouseId: number, characteristicId: number | null = null) =>
    readDisplayedQty(db, { productId, characteristicId, warehouseId });
  const listed = (productId: number, warehouseId?: number) =>
    listProducts(db, productListInput.parse({ ...(warehouseId === undefined ? {} : { warehouseId }), limit: 500 })).rows.find((r) => r.id === productId);

  /** A queued document of `kind` with one line of product 1 (milk: 12 at home, 0 at the other warehouse). */
  const queued = (kind: (typeof documentKinds)[number], amount: number, now = t0 + 10, productId = 1): string => {
    const doc = createDraft(db, { kind, warehouseId: home, ...(kind === 'transfer' ? { toWarehouseId: other } : {}), userId: user, now });
    addProduct(db, { documentId: doc.id, productId, qty: amount, userId: user, now });
    queueDocument(db, { documentId: doc.id, userId: user, now, allowNegative: true });
    return doc.id;
  };
  const post = (id: string, at: number) => {
    markSending(db, id, at - 1);
    markPosted(db, id, at);
  };

  it('adds nothing for a draft, the effect once queued, and keeps it while sending', () => {
    setBalanceAsOf(db, { 'w-1': t0, 'w-2': t0 });
    const doc = createDraft(db, { kind: 'shipment', warehouseId: home, userId: user, now: t0 + 1 });
    addProduct(db, { documentId: doc.id, productId: 1, qty: 5000, userId: user, now: t0 + 1 });
    expect(qty(1, home)).toEqual({ qty1c: 12000, pending: 0, displayed: 12000 });
    expect(listed(1, home)).toMatchObject({ qty: 12000, qty1c: 12000 });

    queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 2 });
    expect(qty(1, home)).toEqual({ qty1c: 12000, pending: -5000, displayed: 7000 });
    expect(listed(1, home)).toMatchObject({ qty: 7000, qty1c: 12000 });
    expect(listed(1)).toMatchObject({ qty: 7000, qty1c: 12000 });
    expect(getProduct(db, 1, home)).toMatchObject({ qty: 7000, qty1c: 12000 });

    markSending(db, doc.id, t0 + 3);
    expect(qty(1, home).displayed).toBe(7000);
  });

  it('counts a posted document until a balance taken after posted_at includes it, never twice, never dropped', () => {
    setBalanceAsOf(db, { 'w-1': t0, 'w-2': t0 });
    const id = queued('shipment', 5000, t0 + 10);
    post(id, t0 + 20);
    // The balance (12, taken at t0) predates the posting: still add it.
    expect(qty(1, home)).toEqual({ qty1c: 12000, pending: -5000, displayed: 7000 });

    // A balance taken at t0 + 15 (before posted_at) that happens to show a 1C-side change: still add.
    setBalance(db, { productId: 1, warehouseId: home }, 11000, t0 + 15);
    setBalanceAsOf(db, { 'w-1': t0 + 15, 'w-2': t0 });
    expect(qty(1, home).displayed).toBe(6000);

    // The next balance, taken after posted_at, includes the shipment: 1C says 6 and nothing is added.
    setBalance(db, { productId: 1, warehouseId: home }, 6000, t0 + 30);
    setBalanceAsOf(db, { 'w-1': t0 + 30, 'w-2': t0 });
    expect(qty(1, home)).toEqual({ qty1c: 6000, pending: 0, displayed: 6000 });
    expect(listed(1, home)).toMatchObject({ qty: 6000, qty1c: 6000 });
  });

  it('uses the warehouse balance time from the balances job, not the stock row time', () => {
    // An unchanged stock row keeps its old as_of_1c; a balance confirmed after the posting still includes it.
    setBalanceAsOf(db, { 'w-1': t0, 'w-2': t0 });
    const receipt = queued('receipt', 3000, t0 + 10);
    const shipment = queued('shipment', 3000, t0 + 11);
    post(receipt, t0 + 20);
    post(shipment, t0 + 21);
    expect(qty(1, home).displayed).toBe(12000);
    // 1C's balance at t0 + 30 is 12 again (+3 −3): the row is not rewritten and keeps as_of_1c = catalog time.
    setBalanceAsOf(db, { 'w-1': t0 + 30, 'w-2': t0 });
    expect(qty(1, home)).toEqual({ qty1c: 12000, pending: 0, displayed: 12000 });
    // A balance that fell to zero deletes the row: the posted shipment must not be subtracted again.
    const all = queued('shipment', 12000, t0 + 40);
    post(all, t0 + 41);
    expect(qty(1, home).displayed).toBe(0);
    setBalance(db, { productId: 1, warehouseId: home }, 0, t0 + 50);
    setBalanceAsOf(db, { 'w-1': t0 + 50, 'w-2': t0 });
    expect(qty(1, home)).toEqual({ qty1c: 0, pending: 0, displayed: 0 });
  });

  it('counts every posted document of a warehouse whose balance was never taken', () => {
    const id = queued('receipt', 2000, t0 + 10);
    post(id, t0 + 20);
    expect(qty(1, home).displayed).toBe(14000);
    // Pre-D15 cursor: a bare number per warehouse.
    db.sqlite.prepare("INSERT INTO sync_state (job, cursor) VALUES ('balances', ?)").run(JSON.stringify({ 'w-1': t0 + 30 }));
    expect(qty(1, home).displayed).toBe(12000);
  });

  it('does not break the stock screen on an unreadable cursor', () => {
    db.sqlite.prepare("INSERT INTO sync_state (job, cursor) VALUES ('balances', 'not json')").run();
    const id = queued('receipt', 2000, t0 + 10);
    post(id, t0 + 20);
    expect(listed(1, home)).toMatchObject({ qty: 14000, qty1c: 12000 });
  });

  it('moves a transfer out of one warehouse and into the other, each side against its own balance time', () => {
    setBalanceAsOf(db, { 'w-1': t0, 'w-2': t0 });
    const id = queued('transfer', 4000, t0 + 10);
    expect(qty(1, home).displayed).toBe(8000);
    expect(qty(1, other).displayed).toBe(4000);
    expect(listed(1)).toMatchObject({ qty: 12000, qty1c: 12000 });
    post(id, t0 + 20);
    // Only the destination's balance was refreshed after the posting.
    setBalance(db, { productId: 1, warehouseId: other }, 4000, t0 + 30);
    setBalanceAsOf(db, { 'w-1': t0, 'w-2': t0 + 30 });
    expect(qty(1, home)).toEqual({ qty1c: 12000, pending: -4000, displayed: 8000 });
    expect(qty(1, other)).toEqual({ qty1c: 4000, pending: 0, displayed: 4000 });
  });

  it('leaves stock alone for counts, drafts, rejected and cancelled documents', () => {
    queued('count', 1000);
    const rejected = queued('shipment', 1000);
    markSending(db, rejected, t0 + 20);
    markRejected(db, rejected, 'Нет остатка', t0 + 21);
    const cancelled = queued('writeoff', 1000);
    cancelDocument(db, { documentId: cancelled, userId: user, now: t0 + 22 });
    expect(qty(1, home)).toEqual({ qty1c: 12000, pending: 0, displayed: 12000 });
    expect(db.sqlite.prepare('SELECT count(*) FROM pending_stock_effects').pluck().get()).toBe(0);
  });

  it('shows a product with no 1C balance that a pending receipt brings in', () => {
    // Nails (4) have no stock row at the other warehouse; shirts M have none there either.
    const doc = createDraft(db, { kind: 'receipt', warehouseId: other, userId: user, now: t0 });
    addProduct(db, { documentId: doc.id, productId: 4, qty: 7000, userId: user, now: t0 });
    addByCode(db, { documentId: doc.id, code: '4603333333336', qty: 2000, userId: user, now: t0 });
    queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 1 });
    db.sqlite.prepare('DELETE FROM stock WHERE product_id = 4 AND warehouse_id = 2').run();
    expect(listed(4, other)).toMatchObject({ qty: 7000, qty1c: 0 });
    expect(listProducts(db, productListInput.parse({ warehouseId: other, inStockOnly: true, limit: 500 })).rows.map((r) => r.id)).toContain(4);
    expect(getProduct(db, 4).stock).toEqual([
      { warehouseId: home, warehouse: 'Магазин на Ленина', qty: 2750, qty1c: 2750, asOf: 1_700_000_000_000 },
      { warehouseId: other, warehouse: 'Основной склад', qty: 7000, qty1c: 0, asOf: null },
    ]);
    expect(qty(shirtId, other, shirtM)).toEqual({ qty1c: 0, pending: 2000, displayed: 2000 });
    expect(getProduct(db, shirtId, other)).toMatchObject({ qty: 2000, qty1c: 0 });
  });

  it('sorts and filters the stock table by the displayed quantity', () => {
    // Home: milk 12, sour cream 3.5, nails 2.75, bread 40, milk 2,5% 0, shirts 4.
    queued('shipment', 11_000, t0 + 10, 5); // bread 40 → 29
    queued('receipt', 50_000, t0 + 11, 2); // milk 2,5% 0 → 50
    queued('writeoff', 2_750, t0 + 12, 4); // nails 2.75 → 0
    const desc = listProducts(db, productListInput.parse({ warehouseId: home, sort: { by: 'qty', desc: true } })).rows;
    expect(desc.map((r) => [r.id, r.qty, r.qty1c])).toEqual([
      [2, 50_000, 0],
      [5, 29_000, 40_000],
      [1, 12_000, 12_000],
      [6, 4_000, 4_000],
      [3, 3_500, 3_500],
      [4, 0, 2_750],
    ]);
    const inStock = listProducts(db, productListInput.parse({ warehouseId: home, inStockOnly: true }));
    expect(inStock.rows.map((r) => r.id).sort()).toEqual([1, 2, 3, 5, 6]);
    expect(inStock.total).toBe(5);
    // Searching goes through FTS and still shows the displayed quantity.
    expect(listProducts(db, productListInput.parse({ warehouseId: home, search: 'Бородинский' })).rows[0]).toMatchObject({ qty: 29_000, qty1c: 40_000 });
  });

  it('agrees with document-kinds.ts for every kind', () => {
    for (const kind of documentKinds) {
      db.sqlite.prepare('DELETE FROM outbox').run();
      db.sqlite.prepare('DELETE FROM documents').run();
      const id = queued(kind, 3000);
      const rows = db.sqlite
        .prepare('SELECT warehouse_id AS warehouseId, qty_delta AS qtyDelta FROM pending_stock_effects WHERE document_id = ? ORDER BY qty_delta')
        .all(id);
      const expected = lineStockEffects(kind, { warehouseId: home, toWarehouseId: documentKindInfo[kind].isDestinationNeeded ? other : null }, 3000);
      expect(rows, kind).toEqual([...expected].sort((a, b) => a.qtyDelta - b.qtyDelta));
    }
  });
});
