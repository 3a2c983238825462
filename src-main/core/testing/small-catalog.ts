// Test support: a handful of products with known names, barcodes, prices and stock, so list/search
// tests can assert exact results.
import { type AppDb } from '../db/open';

export type SmallCatalog = { homeId: number; otherId: number; retailId: number };

export const smallCatalogProducts = [
  { id: 1, code: '00-001', article: 'МЛК-001', name: 'Молоко «Простоквашино» 3,2% 930 мл', barcodes: ['4601234567893'], price: 8990, home: 12_000, other: 0 },
  { id: 2, code: '00-002', article: 'МЛК-002', name: 'Молоко «Домик в деревне» 2,5% 1 л', barcodes: ['4607654321098', '4600000000017'], price: 9450, home: 0, other: 5_000 },
  { id: 3, code: '00-003', article: 'СМТ-010', name: 'Сметана «Ёлкины» 20% 300 г', barcodes: ['4601111111110'], price: 12900, home: 3_500, other: 1_000 },
  { id: 4, code: '00-004', article: 'ГВЗ-100', name: 'Гвозди строительные 100 мм', barcodes: [], price: 45000, home: 2_750, other: 0 },
  { id: 5, code: '00-005', article: 'ХЛБ-005', name: 'Хлеб «Бородинский» 400 г', barcodes: ['4602222222229'], price: 6500, home: 40_000, other: 20_000 },
] as const;

export function insertSmallCatalog(db: AppDb, now = 1_700_000_000_000): SmallCatalog {
  const s = db.sqlite;
  s.prepare("INSERT INTO warehouses (id, ref_1c, name, kind, is_home) VALUES (1, 'w-1', 'Магазин на Ленина', 'store', 1), (2, 'w-2', 'Основной склад', 'warehouse', 0)").run();
  s.prepare("INSERT INTO units (id, name, okei) VALUES (1, 'шт', '796')").run();
  s.prepare("INSERT INTO price_types (id, name, is_retail) VALUES (1, 'Закупочная', 0), (2, 'Розничная', 1)").run();
  const insertProduct = s.prepare('INSERT INTO products (id, code, article, name, unit_id, updated_at) VALUES (?, ?, ?, ?, 1, ?)');
  const insertBarcode = s.prepare('INSERT INTO barcodes (code, product_id) VALUES (?, ?)');
  const insertPrice = s.prepare('INSERT INTO prices (product_id, price_type_id, price, period) VALUES (?, ?, ?, ?)');
  const insertStock = s.prepare('INSERT INTO stock (product_id, warehouse_id, qty_1c, as_of_1c) VALUES (?, ?, ?, ?)');
  s.transaction(() => {
    for (const p of smallCatalogProducts) {
      insertProduct.run(p.id, p.code, p.article, p.name, now);
      for (const code of p.barcodes) insertBarcode.run(code, p.id);
      insertPrice.run(p.id, 2, p.price, now);
      insertPrice.run(p.id, 1, Math.round(p.price * 0.7), now);
      insertStock.run(p.id, 1, p.home, now);
      insertStock.run(p.id, 2, p.other, now);
    }
  })();
  return { homeId: 1, otherId: 2, retailId: 2 };
}
