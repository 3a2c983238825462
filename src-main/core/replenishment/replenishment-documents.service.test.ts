import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { isAppError } from '../errors/app-error';
import { createSupplierOrder, createTransfer } from './replenishment-documents.service';
import { now, openReplenishmentDb, p, setStock, wh } from './replenishment.testing';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(): AppDb {
  const { db, cleanup } = openReplenishmentDb();
  cleanups.push(cleanup);
  setStock(db, p.milk, wh.mira, 50_000);
  setStock(db, p.bread, wh.mira, 3000);
  return db;
}

const documents = (db: AppDb) =>
  db.sqlite.prepare('SELECT kind, status, local_number AS localNumber, warehouse_id AS warehouseId, to_warehouse_id AS toWarehouseId FROM documents').all();
const lines = (db: AppDb, id: string) =>
  db.sqlite.prepare('SELECT line_no AS lineNo, product_id AS productId, qty FROM document_lines WHERE document_id = ? ORDER BY line_no').all(id);
const outbox = (db: AppDb) => db.sqlite.prepare('SELECT document_id AS documentId, status FROM outbox').all();

function thrown(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isAppError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('did not throw');
}

describe('createTransfer', () => {
  it('queues a transfer from the other store with its lines and an outbox row, in one step', () => {
    const db = setup();
    const created = createTransfer(db, {
      fromWarehouseId: wh.mira,
      toWarehouseId: wh.lenina,
      lines: [
        { productId: p.milk, qty: 20_000 },
        { productId: p.bread, qty: 1000 },
        // The same product twice is one line.
        { productId: p.milk, qty: 10_000 },
      ],
      userId: null,
      now,
    });
    expect(created.localNumber).toBe('ПМ-000001');
    expect(documents(db)).toEqual([{ kind: 'transfer', status: 'queued', localNumber: 'ПМ-000001', warehouseId: wh.mira, toWarehouseId: wh.lenina }]);
    expect(lines(db, created.documentId)).toEqual([
      { lineNo: 1, productId: p.milk, qty: 30_000 },
      { lineNo: 2, productId: p.bread, qty: 1000 },
    ]);
    expect(outbox(db)).toEqual([{ documentId: created.documentId, status: 'pending' }]);
    // Displayed stock moves at once: 50 − 30 at «Мира», and +30 at «Ленина» (pending_stock_effects).
    const displayed = db.sqlite
      .prepare('SELECT warehouse_id AS w, sum(qty_delta) AS q FROM pending_stock_effects WHERE product_id = ? GROUP BY warehouse_id ORDER BY warehouse_id')
      .all(p.milk);
    expect(displayed).toEqual([
      { w: wh.lenina, q: 30_000 },
      { w: wh.mira, q: -30_000 },
    ]);
  });

  it('refuses the same warehouse on both sides, and writes nothing', () => {
    const db = setup();
    const error = thrown(() => createTransfer(db, { fromWarehouseId: wh.mira, toWarehouseId: wh.mira, lines: [{ productId: p.milk, qty: 1000 }], userId: null, now }));
    expect(error).toEqual({ code: 'validation', message: 'Склад-отправитель и склад-получатель совпадают: выберите магазин, из которого переместить товар.' });
    expect(documents(db)).toEqual([]);
  });

  it('refuses a line above the source warehouse displayed quantity (pending documents counted), and writes nothing', () => {
    const db = setup();
    // «Мира» has 50 шт of milk in 1C; a first transfer takes 45, so 5 are displayed.
    createTransfer(db, { fromWarehouseId: wh.mira, toWarehouseId: wh.lenina, lines: [{ productId: p.milk, qty: 45_000 }], userId: null, now });
    const error = thrown(() =>
      createTransfer(db, {
        fromWarehouseId: wh.mira,
        toWarehouseId: wh.central,
        lines: [
          { productId: p.bread, qty: 1000 },
          { productId: p.milk, qty: 6000 },
        ],
        userId: null,
        now,
      }),
    );
    expect(error).toEqual({
      code: 'conflict',
      message: 'На складе «Магазин на Мира» не хватает товара для перемещения: «Молоко 3,2 %» — есть 5 шт, нужно 6 шт. Перемещение не создано.',
    });
    expect(documents(db)).toHaveLength(1);
    expect(db.sqlite.prepare('SELECT count(*) FROM document_lines').pluck().get()).toBe(1);
  });

  it('refuses a deleted or unknown warehouse', () => {
    const db = setup();
    expect(thrown(() => createTransfer(db, { fromWarehouseId: wh.mira, toWarehouseId: wh.old, lines: [{ productId: p.milk, qty: 1000 }], userId: null, now })).message).toMatch(
      /«Старый склад» помечен в 1С на удаление/,
    );
    expect(thrown(() => createTransfer(db, { fromWarehouseId: 77, toWarehouseId: wh.lenina, lines: [{ productId: p.milk, qty: 1000 }], userId: null, now }))).toEqual({
      code: 'not_found',
      message: 'Склад 77 не найден',
    });
    expect(documents(db)).toEqual([]);
  });
});

describe('createSupplierOrder', () => {
  it('queues a supplier order («Заказ поставщику») for the warehouse with its lines and an outbox row, and moves no stock', () => {
    const db = setup();
    const created = createSupplierOrder(db, {
      warehouseId: wh.lenina,
      lines: [
        { productId: p.cheese, qty: 2179 },
        { productId: p.salt, qty: 3000 },
      ],
      userId: null,
      now,
    });
    expect(created.localNumber).toBe('ЗП-000001');
    expect(documents(db)).toEqual([{ kind: 'supplier_order', status: 'queued', localNumber: 'ЗП-000001', warehouseId: wh.lenina, toWarehouseId: null }]);
    expect(lines(db, created.documentId)).toEqual([
      { lineNo: 1, productId: p.cheese, qty: 2179 },
      { lineNo: 2, productId: p.salt, qty: 3000 },
    ]);
    expect(outbox(db)).toEqual([{ documentId: created.documentId, status: 'pending' }]);
    expect(db.sqlite.prepare('SELECT count(*) FROM pending_stock_effects').pluck().get()).toBe(0);
  });
});
