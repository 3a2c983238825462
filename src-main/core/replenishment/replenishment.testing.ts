// Test support: a real temp database with three warehouses, six products (one sold by weight, one
// without a price) and a generated sales history whose averages, suggestions and ABC classes the
// tests work out by hand. See the table in replenishment.service.test.ts.
import { type AppDb } from '../db/open';
import { openTempDb } from '../testing/temp-db';

export const now = Date.UTC(2026, 2, 1, 12, 0, 0);
export const day = 86_400_000;

/** Store «Магазин на Ленина» (1), store «Магазин на Мира» (2), «Центральный склад» (3), deleted «Старый склад» (4). */
export const wh = { lenina: 1, mira: 2, central: 3, old: 4 } as const;

/** Молоко 10000 коп., Хлеб 25000, Сыр (весовой) 80000 за кг, Гвозди (no sales) 100, Соль 10000, Спички (no price). */
export const p = { milk: 1, bread: 2, cheese: 3, nails: 4, salt: 5, matches: 6 } as const;

export const saleType = 'StandardODATA.Document_РеализацияТоваровУслуг';
export const transferType = 'StandardODATA.Document_ПеремещениеТоваров';
export const writeoffType = 'StandardODATA.Document_СписаниеНедостачТоваров';
export const receiptType = 'StandardODATA.Document_ПриобретениеТоваровУслуг';

export function openReplenishmentDb(): { db: AppDb; cleanup(): void; addMovement(m: MovementSpec): void } {
  const temp = openTempDb();
  const s = temp.db.sqlite;
  s.prepare(
    `INSERT INTO warehouses (id, ref_1c, name, kind, is_home, is_deleted) VALUES
     (1, 'w-1', 'Магазин на Ленина', 'store', 1, 0), (2, 'w-2', 'Магазин на Мира', 'store', 0, 0),
     (3, 'w-3', 'Центральный склад', 'warehouse', 0, 0), (4, 'w-4', 'Старый склад', 'warehouse', 0, 1)`,
  ).run();
  s.prepare("INSERT INTO units (id, name, okei) VALUES (1, 'шт', '796'), (2, 'кг', '166')").run();
  s.prepare("INSERT INTO price_types (id, name, is_retail) VALUES (1, 'Закупочная', 0), (2, 'Розничная', 1)").run();
  const product = s.prepare('INSERT INTO products (id, code, article, name, unit_id, is_weighted, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1)');
  product.run(p.milk, '00-001', 'МЛК', 'Молоко 3,2 %', 1, 0);
  product.run(p.bread, '00-002', 'ХЛБ', 'Хлеб Бородинский', 1, 0);
  product.run(p.cheese, '00-003', 'СЫР', 'Сыр Российский весовой', 2, 1);
  product.run(p.nails, '00-004', 'ГВЗ', 'Гвозди 100 мм', 1, 0);
  product.run(p.salt, '00-005', 'СОЛ', 'Соль поваренная', 1, 0);
  product.run(p.matches, '00-006', 'СПЧ', 'Спички', 1, 0);
  const price = s.prepare('INSERT INTO prices (product_id, price_type_id, price, period) VALUES (?, ?, ?, 1)');
  for (const [id, kopecks] of [[p.milk, 10_000], [p.bread, 25_000], [p.cheese, 80_000], [p.nails, 100], [p.salt, 10_000]] as const) {
    price.run(id, 2, kopecks);
    // A purchase price that must never be used for turnover or value.
    price.run(id, 1, 1);
  }
  let seq = 0;
  const insert = s.prepare(
    `INSERT INTO movements (source, product_id, warehouse_id, qty_delta, period, recorder_ref_1c, recorder_type, line_number, created_at)
     VALUES ('1c', ?, ?, ?, ?, ?, ?, 1, 1)`,
  );
  const addMovement = (m: MovementSpec): void => {
    seq += 1;
    insert.run(m.product, m.warehouse, m.qty, m.period, `rec-${seq}`, m.type ?? saleType);
  };
  return { db: temp.db, cleanup: temp.cleanup, addMovement };
}

export type MovementSpec = { product: number; warehouse: number; qty: number; period: number; type?: string };

/**
 * The sales history at «Магазин на Ленина» (window 28 days, ABC window 90 days, as the defaults):
 *  Молоко: 28 sales of 2 шт inside 28 days (56 шт), 24 шт at −30 d and 20 шт at −60 d (ABC only),
 *          99 шт at −100 d (outside both); a transfer out of 10 шт and a receipt of 100 шт (neither counts);
 *          7 шт sold at «Магазин на Мира» (another warehouse).
 *  Хлеб:   9 sales of 1 шт and a write-off of 1 шт inside 28 days (10 шт).
 *  Сыр:    3 sales of 2,5 кг inside 28 days (7,5 кг).
 *  Соль:   15 шт at −40 d (ABC only).
 *  Спички: 3 шт inside 28 days (no price: no turnover).
 */
export function insertSalesHistory(addMovement: (m: MovementSpec) => void): void {
  for (let k = 0; k < 28; k += 1) addMovement({ product: p.milk, warehouse: wh.lenina, qty: -2000, period: now - k * day - day / 2 });
  addMovement({ product: p.milk, warehouse: wh.lenina, qty: -24_000, period: now - 30 * day });
  addMovement({ product: p.milk, warehouse: wh.lenina, qty: -20_000, period: now - 60 * day });
  addMovement({ product: p.milk, warehouse: wh.lenina, qty: -99_000, period: now - 100 * day });
  addMovement({ product: p.milk, warehouse: wh.lenina, qty: -10_000, period: now - 3 * day, type: transferType });
  addMovement({ product: p.milk, warehouse: wh.lenina, qty: 100_000, period: now - 5 * day, type: receiptType });
  addMovement({ product: p.milk, warehouse: wh.mira, qty: -7000, period: now - 2 * day });
  for (let k = 0; k < 9; k += 1) addMovement({ product: p.bread, warehouse: wh.lenina, qty: -1000, period: now - (k + 1) * day });
  addMovement({ product: p.bread, warehouse: wh.lenina, qty: -1000, period: now - 12 * day, type: writeoffType });
  for (let k = 0; k < 3; k += 1) addMovement({ product: p.cheese, warehouse: wh.lenina, qty: -2500, period: now - (k * 5 + 1) * day });
  addMovement({ product: p.salt, warehouse: wh.lenina, qty: -15_000, period: now - 40 * day });
  addMovement({ product: p.matches, warehouse: wh.lenina, qty: -3000, period: now - 4 * day });
}

export function setStock(db: AppDb, productId: number, warehouseId: number, qty: number): void {
  db.sqlite.prepare('INSERT INTO stock (product_id, warehouse_id, qty_1c, as_of_1c) VALUES (?, ?, ?, 1)').run(productId, warehouseId, qty);
}

export function setLevel(db: AppDb, productId: number, warehouseId: number, minQty: number | null, maxQty: number | null, source: 'manual' | 'suggested' = 'manual'): void {
  db.sqlite
    .prepare('INSERT INTO stock_levels (product_id, warehouse_id, min_qty, max_qty, source, updated_at) VALUES (?, ?, ?, ?, ?, 1)')
    .run(productId, warehouseId, minQty, maxQty, source);
}
