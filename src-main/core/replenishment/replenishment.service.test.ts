// Known answers for suggestions, ABC classes and the replenishment list, on the generated sales
// history of replenishment.testing.ts. Defaults: window 28 days, lead 2 + safety 1 (cover 3), order
// cycle 7, ABC window 90 days, A ≤ 80 %, B ≤ 95 %.
//
//            window sales   avg/day (rounded)   min = ceil(avg×3)          max = min + ceil(avg×7)
//  Молоко    56 шт          2 шт                6 шт                       6 + 14 = 20 шт
//  Хлеб      10 шт          0,357 шт            ceil(1,07) = 2 шт          2 + ceil(2,5) = 5 шт
//  Сыр (вес) 7,5 кг         0,268 кг            ceil(803,57 г) = 0,804 кг  0,804 + 1,875 = 2,679 кг
//  Спички    3 шт           0,107 шт            ceil(0,32) = 1 шт          1 + ceil(0,75) = 2 шт
//
//  ABC at «Ленина» (90 days × retail price): Молоко 100 шт × 100 ₽ = 10 000 ₽ (50 %, A), Сыр 7,5 кг ×
//  800 ₽ = 6 000 ₽ (cum 80 %: A, exactly on the line), Хлеб 10 × 250 ₽ = 2 500 ₽ (92,5 %, B), Соль
//  15 × 100 ₽ = 1 500 ₽ (100 %, C); Спички have no price, Гвозди no sales.
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { addProduct } from '../documents/document-lines.service';
import { createDraft, queueDocument } from '../documents/documents.service';
import { computeAbc } from './abc.service';
import { buildReplenishmentList } from './replenishment-list.service';
import { createReplenishmentSettingsService, defaultReplenishmentSettings } from './replenishment-settings.service';
import { insertSalesHistory, now, openReplenishmentDb, p, setLevel, setStock, wh } from './replenishment.testing';
import { acceptSuggestedLevels, listStockLevels, setStockLevel } from './stock-levels.service';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(): AppDb {
  const { db, cleanup, addMovement } = openReplenishmentDb();
  cleanups.push(cleanup);
  insertSalesHistory(addMovement);
  return db;
}

function levels(db: AppDb): Array<{ productId: number; avgDailySales: number; suggestedMin: number; suggestedMax: number }> {
  return listStockLevels(db, { warehouseId: wh.lenina, isSetOnly: false, limit: 100, offset: 0 }, now).items.map(
    ({ productId, avgDailySales, suggestedMin, suggestedMax }) => ({ productId, avgDailySales, suggestedMin, suggestedMax }),
  );
}

function storedLevels(db: AppDb): Array<{ productId: number; minQty: number | null; maxQty: number | null; source: string }> {
  return db.sqlite
    .prepare('SELECT product_id AS productId, min_qty AS minQty, max_qty AS maxQty, source FROM stock_levels WHERE warehouse_id = ? ORDER BY product_id')
    .all(wh.lenina) as Array<{ productId: number; minQty: number | null; maxQty: number | null; source: string }>;
}

/** A queued local write-off: displayed stock counts it before 1C does. */
function queueWriteoff(db: AppDb, warehouseId: number, productId: number, qty: number): void {
  const draft = createDraft(db, { kind: 'writeoff', warehouseId, userId: null, now });
  addProduct(db, { documentId: draft.id, productId, qty, userId: null, now });
  queueDocument(db, { documentId: draft.id, userId: null, now });
}

describe('replenishment suggestions', () => {
  it('computes average daily sales and suggested min/max from sales only (not transfers, receipts or other warehouses)', () => {
    const db = setup();
    expect(levels(db)).toEqual([
      // Sorted by name: Гвозди, Молоко, Соль, Спички, Сыр, Хлеб.
      { productId: p.nails, avgDailySales: 0, suggestedMin: 0, suggestedMax: 0 },
      { productId: p.milk, avgDailySales: 2000, suggestedMin: 6000, suggestedMax: 20_000 },
      { productId: p.salt, avgDailySales: 0, suggestedMin: 0, suggestedMax: 0 },
      { productId: p.matches, avgDailySales: 107, suggestedMin: 1000, suggestedMax: 2000 },
      { productId: p.cheese, avgDailySales: 268, suggestedMin: 804, suggestedMax: 2679 },
      { productId: p.bread, avgDailySales: 357, suggestedMin: 2000, suggestedMax: 5000 },
    ]);
  });

  it('follows the settings: a 14-day window and other lead/safety/cycle days change every suggestion', () => {
    const db = setup();
    createReplenishmentSettingsService(db, () => now).set({ ...defaultReplenishmentSettings, salesWindowDays: 14, leadTimeDays: 4, safetyDays: 0, orderCycleDays: 3 });
    const milk = levels(db).find((row) => row.productId === p.milk);
    // 14 days: 28 sales... 14 of them (k = 0..13) = 28 шт → 2 шт/day; min ceil(2 × 4) = 8, max 8 + ceil(2 × 3) = 14.
    expect(milk).toEqual({ productId: p.milk, avgDailySales: 2000, suggestedMin: 8000, suggestedMax: 14_000 });
    const bread = levels(db).find((row) => row.productId === p.bread);
    // 14 days: 9 sales (days 1..9) + the write-off at day 12 = 10 шт → 0,714/day; min ceil(2,86) = 3, max 3 + ceil(2,14) = 6.
    expect(bread).toEqual({ productId: p.bread, avgDailySales: 714, suggestedMin: 3000, suggestedMax: 6000 });
  });

  it('shows quantity and levels, searches by name, code or article, and lists only set levels when asked', () => {
    const db = setup();
    setStock(db, p.milk, wh.lenina, 4000);
    setLevel(db, p.milk, wh.lenina, 10_000, 30_000);
    queueWriteoff(db, wh.lenina, p.milk, 1000);
    const page = listStockLevels(db, { warehouseId: wh.lenina, search: 'МОЛОКО', isSetOnly: false, limit: 10, offset: 0 }, now);
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ productId: p.milk, code: '00-001', qty: 3000, minQty: 10_000, maxQty: 30_000, source: 'manual' });
    expect(listStockLevels(db, { warehouseId: wh.lenina, search: 'ХЛБ', isSetOnly: false, limit: 10, offset: 0 }, now).items.map((r) => r.productId)).toEqual([p.bread]);
    const set = listStockLevels(db, { warehouseId: wh.lenina, isSetOnly: true, limit: 10, offset: 0 }, now);
    expect(set.total).toBe(1);
    expect(set.items.map((r) => r.productId)).toEqual([p.milk]);
    const second = listStockLevels(db, { warehouseId: wh.lenina, isSetOnly: false, limit: 2, offset: 2 }, now);
    expect(second.total).toBe(6);
    expect(second.items.map((r) => r.productId)).toEqual([p.salt, p.matches]);
  });

  it('sets levels by hand, clears them with two nulls, and refuses a maximum below the minimum', () => {
    const db = setup();
    const row = setStockLevel(db, { warehouseId: wh.lenina, productId: p.bread, minQty: 3000, maxQty: null, now });
    expect(row).toMatchObject({ productId: p.bread, minQty: 3000, maxQty: null, source: 'manual', suggestedMin: 2000 });
    expect(() => setStockLevel(db, { warehouseId: wh.lenina, productId: p.bread, minQty: 3000, maxQty: 2000, now })).toThrow(/Максимум меньше минимума/);
    setStockLevel(db, { warehouseId: wh.lenina, productId: p.bread, minQty: null, maxQty: null, now });
    expect(storedLevels(db)).toEqual([]);
    expect(() => setStockLevel(db, { warehouseId: 99, productId: p.bread, minQty: 1, maxQty: null, now })).toThrow(/Склад 99 не найден/);
  });

  it('accepts suggestions for every product that sold, keeping hand-set levels, or for chosen products including hand-set ones', () => {
    const db = setup();
    setLevel(db, p.milk, wh.lenina, 1000, 1000, 'manual');
    expect(acceptSuggestedLevels(db, { warehouseId: wh.lenina, now })).toEqual({ updated: 3 });
    expect(storedLevels(db)).toEqual([
      { productId: p.milk, minQty: 1000, maxQty: 1000, source: 'manual' },
      { productId: p.bread, minQty: 2000, maxQty: 5000, source: 'suggested' },
      { productId: p.cheese, minQty: 804, maxQty: 2679, source: 'suggested' },
      { productId: p.matches, minQty: 1000, maxQty: 2000, source: 'suggested' },
    ]);
    // Chosen: the hand-set milk is replaced; nails never sold, so there is nothing to accept for them.
    expect(acceptSuggestedLevels(db, { warehouseId: wh.lenina, productIds: [p.milk, p.nails], now })).toEqual({ updated: 1 });
    expect(storedLevels(db)[0]).toEqual({ productId: p.milk, minQty: 6000, maxQty: 20_000, source: 'suggested' });
  });
});

describe('replenishment settings', () => {
  it('gives the contract defaults, stores a change under the key replenishment, and refuses B ≤ A', () => {
    const db = setup();
    const service = createReplenishmentSettingsService(db, () => now);
    expect(service.get()).toEqual({
      salesWindowDays: 28,
      leadTimeDays: 2,
      safetyDays: 1,
      orderCycleDays: 7,
      transferEtaDays: 1,
      abcWindowDays: 90,
      abcAPercent: 80,
      abcBPercent: 95,
    });
    service.set({ ...service.get(), transferEtaDays: 3 });
    expect(db.sqlite.prepare("SELECT json_extract(value_json, '$.transferEtaDays') FROM settings WHERE key = 'replenishment'").pluck().get()).toBe(3);
    expect(() => service.set({ ...service.get(), abcAPercent: 90, abcBPercent: 90 })).toThrow(/класса B/);
    // A hand-edited, unreadable value: the defaults, not a broken screen.
    db.sqlite.prepare("UPDATE settings SET value_json = '{\"salesWindowDays\": 1}' WHERE key = 'replenishment'").run();
    expect(service.get().salesWindowDays).toBe(28);
  });
});

describe('ABC analysis', () => {
  it('classes products by cumulative turnover share at one warehouse', () => {
    const db = setup();
    const abc = computeAbc(db, wh.lenina, now);
    expect(abc.items.map(({ productId, turnover, abcClass }) => ({ productId, turnover, abcClass }))).toEqual([
      { productId: p.milk, turnover: 1_000_000, abcClass: 'A' },
      { productId: p.cheese, turnover: 600_000, abcClass: 'A' },
      { productId: p.bread, turnover: 250_000, abcClass: 'B' },
      { productId: p.salt, turnover: 150_000, abcClass: 'C' },
    ]);
    expect(abc.items.map((row) => [row.share, row.cumulativeShare])).toEqual([
      [50, 50],
      [30, 80],
      [12.5, 92.5],
      [7.5, 100],
    ]);
    expect(abc.counts).toEqual({ A: 2, B: 1, C: 1 });
  });

  it('adds every warehouse when none is given (milk sold at «Мира» too pushes cheese over the A line)', () => {
    const db = setup();
    // Milk 107 шт → 10 700 ₽ of 20 700 ₽ (51,7 %); cheese cumulative 16 700 ₽ = 80,7 % > 80 %: B.
    const abc = computeAbc(db, null, now);
    expect(abc.items.map((row) => [row.productId, row.turnover, row.abcClass])).toEqual([
      [p.milk, 1_070_000, 'A'],
      [p.cheese, 600_000, 'B'],
      [p.bread, 250_000, 'B'],
      [p.salt, 150_000, 'C'],
    ]);
    expect(abc.counts).toEqual({ A: 1, B: 2, C: 1 });
  });

  it('makes the top product A even when it alone is above the A share', () => {
    const { db, cleanup, addMovement } = openReplenishmentDb();
    cleanups.push(cleanup);
    addMovement({ product: p.milk, warehouse: wh.lenina, qty: -90_000, period: now - 1000 });
    addMovement({ product: p.bread, warehouse: wh.lenina, qty: -4000, period: now - 1000 });
    // 900 000 (90 %), 100 000 (100 %).
    expect(computeAbc(db, wh.lenina, now).items.map((row) => row.abcClass)).toEqual(['A', 'C']);
  });
});

describe('replenishment list', () => {
  it('lists products below their minimum with the quantity to order and where another store has them', () => {
    const db = setup();
    // Молоко: 4 шт in 1C − a queued write-off of 1 шт = 3 шт < min 10; order up to max 30 → 27 шт.
    setStock(db, p.milk, wh.lenina, 4000);
    queueWriteoff(db, wh.lenina, p.milk, 1000);
    setLevel(db, p.milk, wh.lenina, 10_000, 30_000);
    // «Мира» has 50 шт over its min 20 → can give 30; the central warehouse 5 шт (no min); the deleted one never.
    setStock(db, p.milk, wh.mira, 50_000);
    setLevel(db, p.milk, wh.mira, 20_000, null);
    setStock(db, p.milk, wh.central, 5000);
    setStock(db, p.milk, wh.old, 100_000);
    // Сыр by weight: 0,5 кг < 0,804; order to 2,679 → 2,179 кг, no rounding.
    setStock(db, p.cheese, wh.lenina, 500);
    setLevel(db, p.cheese, wh.lenina, 804, 2679, 'suggested');
    // Хлеб: 1,5 шт < 2 (no max) → 0,5 шт, rounded up to 1 шт; «Мира» has 1,5 шт but its own min is 2.
    setStock(db, p.bread, wh.lenina, 1500);
    setLevel(db, p.bread, wh.lenina, 2000, null);
    setStock(db, p.bread, wh.mira, 1500);
    setLevel(db, p.bread, wh.mira, 2000, null);
    // Гвозди: 5 шт ≥ min 1: not listed.
    setStock(db, p.nails, wh.lenina, 5000);
    setLevel(db, p.nails, wh.lenina, 1000, null);
    // Соль: no stock row at all (0) < 3 → 3 шт; the central warehouse has 2,5 шт: 2 whole шт can go.
    setLevel(db, p.salt, wh.lenina, 3000, null);
    setStock(db, p.salt, wh.central, 2500);

    const list = buildReplenishmentList(db, wh.lenina, now);
    expect(list.generatedAt).toBe(now);
    expect(list.items).toEqual([
      {
        productId: p.milk,
        name: 'Молоко 3,2 %',
        code: '00-001',
        unitName: 'шт',
        qty: 3000,
        minQty: 10_000,
        maxQty: 30_000,
        orderQty: 27_000,
        abcClass: 'A',
        avgDailySales: 2000,
        sources: [
          { warehouseId: wh.mira, warehouseName: 'Магазин на Мира', available: 30_000 },
          { warehouseId: wh.central, warehouseName: 'Центральный склад', available: 5000 },
        ],
        availability: 'other_store',
        availabilityText: 'есть в другом магазине, перемещение ~ завтра',
      },
      {
        productId: p.cheese,
        name: 'Сыр Российский весовой',
        code: '00-003',
        unitName: 'кг',
        qty: 500,
        minQty: 804,
        maxQty: 2679,
        orderQty: 2179,
        abcClass: 'A',
        avgDailySales: 268,
        sources: [],
        availability: 'supplier',
        availabilityText: 'заказать у поставщика',
      },
      expect.objectContaining({ productId: p.bread, orderQty: 1000, abcClass: 'B', sources: [], availability: 'supplier' }),
      expect.objectContaining({
        productId: p.salt,
        qty: 0,
        orderQty: 3000,
        abcClass: 'C',
        sources: [{ warehouseId: wh.central, warehouseName: 'Центральный склад', available: 2000 }],
        availability: 'other_store',
      }),
    ]);
  });

  it('words the transfer ETA from the settings', () => {
    const db = setup();
    setLevel(db, p.salt, wh.lenina, 3000, null);
    setStock(db, p.salt, wh.central, 5000);
    const service = createReplenishmentSettingsService(db, () => now);
    const texts: string[] = [];
    for (const eta of [0, 1, 2, 5]) {
      service.set({ ...service.get(), transferEtaDays: eta });
      texts.push(buildReplenishmentList(db, wh.lenina, now).items[0]?.availabilityText ?? '');
    }
    expect(texts).toEqual([
      'есть в другом магазине, перемещение ~ сегодня',
      'есть в другом магазине, перемещение ~ завтра',
      'есть в другом магазине, перемещение ~ послезавтра',
      'есть в другом магазине, перемещение ~ через 5 дн.',
    ]);
  });
});
