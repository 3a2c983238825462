import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { openDashboardDb, now, p, wh } from './dashboard.testing';
import { getDashboardSummary } from './dashboard.service';
import { readStockTotals } from './stock-totals.repo';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(): AppDb {
  const { db, cleanup } = openDashboardDb();
  cleanups.push(cleanup);
  return db;
}

describe('dashboard summary', () => {
  it('counts products in stock, low stock and stock value for one warehouse (displayed quantities, retail prices)', () => {
    const db = setup();
    const summary = getDashboardSummary(db, wh.lenina, now);
    expect(summary).toMatchObject({ warehouseId: wh.lenina, productsInStock: 4, lowStockCount: 3, stockValue: 107_300, unreadAlerts: 1, generatedAt: now });
    expect(summary.outbox).toEqual({ depth: 1, rejected: 0 });
    expect(getDashboardSummary(db, wh.mira, now)).toMatchObject({ productsInStock: 1, lowStockCount: 1, stockValue: 500_000, unreadAlerts: 1, outbox: { depth: 0, rejected: 1 } });
    // A warehouse with nothing: zeros, not an error.
    expect(getDashboardSummary(db, wh.central, now)).toMatchObject({ productsInStock: 0, lowStockCount: 0, stockValue: 0, outbox: { depth: 0, rejected: 1 } });
  });

  it('counts each product once over all warehouses', () => {
    const db = setup();
    // Milk is in stock and low at both stores: one product in stock, one low product.
    expect(getDashboardSummary(db, null, now)).toMatchObject({
      warehouseId: null,
      productsInStock: 4,
      lowStockCount: 3,
      stockValue: 607_300,
      unreadAlerts: 2,
      outbox: { depth: 1, rejected: 1 },
    });
    expect(readStockTotals(db, 'perWarehouse')).toEqual([
      { warehouseId: wh.lenina, totalQty: 6000, stockValue: 107_300, productsInStock: 4, lowCount: 3 },
      { warehouseId: wh.mira, totalQty: 50_000, stockValue: 500_000, productsInStock: 1, lowCount: 1 },
      { warehouseId: wh.central, totalQty: 0, stockValue: 0, productsInStock: 0, lowCount: 0 },
    ]);
  });

  it('prices a variant at its own retail price where 1C has one', () => {
    const db = setup();
    db.sqlite.prepare("INSERT INTO characteristics (id, product_id, name) VALUES (71, ?, '1 л')").run(p.milk);
    db.sqlite.prepare('INSERT INTO prices (product_id, characteristic_id, price_type_id, price, period) VALUES (?, 71, 2, 20000, 1)').run(p.milk);
    db.sqlite.prepare('INSERT INTO stock (product_id, characteristic_id, warehouse_id, qty_1c, as_of_1c) VALUES (?, 71, ?, 2000, 1)').run(p.milk, wh.mira);
    // +2 шт × 200 ₽ at «Мира».
    expect(readStockTotals(db, wh.mira)).toEqual([{ warehouseId: wh.mira, totalQty: 52_000, stockValue: 540_000, productsInStock: 1, lowCount: 1 }]);
  });

  it('reports sync health per job with Russian titles', () => {
    const db = setup();
    const sync = getDashboardSummary(db, null, now).sync;
    expect(sync.map((job) => job.job)).toEqual(['warehouses', 'units', 'catalog', 'characteristics', 'barcodes', 'priceTypes', 'prices', 'movements', 'balances', 'customers']);
    expect(sync.find((job) => job.job === 'catalog')).toEqual({ job: 'catalog', title: 'Номенклатура', state: 'ok', lastSuccessAt: now - 290_000, lastErrorMessage: null });
    expect(sync.find((job) => job.job === 'balances')).toEqual({ job: 'balances', title: 'Остатки', state: 'failed', lastSuccessAt: null, lastErrorMessage: '1С не отвечает' });
    expect(sync.find((job) => job.job === 'units')).toEqual({ job: 'units', title: 'Единицы измерения', state: 'never', lastSuccessAt: null, lastErrorMessage: null });
  });

  it('lists the last 7 days top movers by quantity out, per warehouse or over all', () => {
    const db = setup();
    // «Ленина», 7 days: milk 7 sales × 2 + a 10 шт transfer out, 100 in; bread 7 × 1; cheese 2 × 2,5; matches 3.
    expect(getDashboardSummary(db, wh.lenina, now).topMovers).toEqual([
      { productId: p.milk, name: 'Молоко 3,2 %', code: '00-001', qtyOut: 24_000, qtyIn: 100_000 },
      { productId: p.bread, name: 'Хлеб Бородинский', code: '00-002', qtyOut: 7000, qtyIn: 0 },
      { productId: p.cheese, name: 'Сыр Российский весовой', code: '00-003', qtyOut: 5000, qtyIn: 0 },
      { productId: p.matches, name: 'Спички', code: '00-006', qtyOut: 3000, qtyIn: 0 },
    ]);
    // All warehouses: «Мира» sold 7 more шт of milk.
    expect(getDashboardSummary(db, null, now).topMovers[0]).toMatchObject({ productId: p.milk, qtyOut: 31_000 });
  });

  it('shows recent activity from documents, sync runs and alerts, newest first, in Russian', () => {
    const db = setup();
    expect(getDashboardSummary(db, null, now).recentActivity).toEqual([
      { at: now - 30_000, kind: 'alert', text: 'Сыр Российский весовой: осталось 0,5 кг' },
      { at: now - 60_000, kind: 'document', text: 'Списание СП-000001: в очереди на отправку в 1С' },
      { at: now - 90_000, kind: 'alert', text: 'Молоко 3,2 %: осталось 50 шт' },
      { at: now - 120_000, kind: 'document', text: 'Перемещение ПМ-000007: отклонён 1С' },
      { at: now - 240_000, kind: 'sync', text: 'Загрузка из 1С «Остатки»: ошибка — 1С не отвечает' },
      { at: now - 300_000, kind: 'sync', text: 'Загрузка из 1С «Номенклатура»: выполнена' },
      { at: now - 400_000, kind: 'alert', text: 'Хлеб Бородинский: осталось 1 шт' },
    ]);
    // «Ленина»: its own documents and alerts; sync runs serve every warehouse.
    expect(getDashboardSummary(db, wh.lenina, now).recentActivity.map((item) => item.at)).toEqual([now - 30_000, now - 60_000, now - 240_000, now - 300_000, now - 400_000]);
  });
});
