import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { productListInput } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { insertSmallCatalog, smallCatalogProducts } from '../testing/small-catalog';
import { openTempDb } from '../testing/temp-db';
import { getProduct, listProducts } from './products.repo';

describe('products.repo', () => {
  let db: AppDb;
  let cleanup: () => void;
  beforeEach(() => {
    ({ db, cleanup } = openTempDb());
    insertSmallCatalog(db);
  });
  afterEach(() => cleanup());

  const list = (input: Parameters<typeof productListInput.parse>[0]) => listProducts(db, productListInput.parse(input));

  it('returns every product sorted by name with total when no filter is given', () => {
    const page = list({});
    expect(page.total).toBe(5);
    const names = page.rows.map((r) => r.name);
    expect(names).toEqual([...names].sort());
    expect(page.rows[0]?.name).toBe('Гвозди строительные 100 мм');
  });

  it('sorts by quantity of the chosen warehouse in both directions', () => {
    const asc = list({ warehouseId: 1, sort: { by: 'qty', desc: false } }).rows.map((r) => r.qty);
    expect(asc).toEqual([0, 2_750, 3_500, 12_000, 40_000]);
    const desc = list({ warehouseId: 1, sort: { by: 'qty', desc: true } }).rows.map((r) => r.qty);
    expect(desc).toEqual([40_000, 12_000, 3_500, 2_750, 0]);
  });

  it('sums quantities over all warehouses when no warehouse is chosen', () => {
    const bread = list({ search: 'Бородинский' }).rows[0];
    expect(bread?.qty).toBe(60_000);
  });

  it('shows the retail price, not the purchase price', () => {
    const row = list({ search: 'Гвозди' }).rows[0];
    expect(row?.price).toBe(45000);
  });

  it('finds Cyrillic fragments case-insensitively as word prefixes', () => {
    const page = list({ search: 'МОЛОК' });
    expect(page.total).toBe(2);
    expect(page.rows.every((r) => r.name.startsWith('Молоко'))).toBe(true);
  });

  it('treats ё and е as the same letter in both directions', () => {
    expect(list({ search: 'елкины' }).rows.map((r) => r.id)).toEqual([3]);
    expect(list({ search: 'Ёлкины' }).rows.map((r) => r.id)).toEqual([3]);
  });

  it('keeps the parts of "3,2" together instead of matching 3 and 2 anywhere', () => {
    expect(list({ search: 'молоко 3,2' }).rows.map((r) => r.id)).toEqual([1]);
    expect(list({ search: 'молоко 2,5' }).rows.map((r) => r.id)).toEqual([2]);
  });

  it('requires every typed word to match', () => {
    expect(list({ search: 'молоко домик' }).rows.map((r) => r.id)).toEqual([2]);
  });

  it('finds a product by any of its barcodes, by a barcode prefix, by article and by code', () => {
    expect(list({ search: '4600000000017' }).rows.map((r) => r.id)).toEqual([2]);
    expect(list({ search: '460765' }).rows.map((r) => r.id)).toEqual([2]);
    expect(list({ search: 'СМТ-010' }).rows.map((r) => r.id)).toEqual([3]);
    expect(list({ search: '00-004' }).rows.map((r) => r.id)).toEqual([4]);
  });

  it('keeps the barcode index in step when barcodes are added and removed', () => {
    db.sqlite.prepare("INSERT INTO barcodes (code, product_id) VALUES ('2000000000015', 4)").run();
    expect(list({ search: '2000000000015' }).rows.map((r) => r.id)).toEqual([4]);
    db.sqlite.prepare("DELETE FROM barcodes WHERE code = '4601234567893'").run();
    expect(list({ search: '4601234567893' }).total).toBe(0);
  });

  it('returns nothing, without an error, for FTS syntax typed as text', () => {
    for (const search of ['"', '*', 'NEAR(', ')(', 'AND OR NOT', "'; DROP TABLE products; --", '   ']) {
      const page = list({ search });
      expect(Array.isArray(page.rows)).toBe(true);
    }
    expect(list({ search: '"""' }).total).toBe(0);
    expect(list({ search: 'AND' }).total).toBe(0);
  });

  it('filters to products in stock at the chosen warehouse', () => {
    const page = list({ warehouseId: 2, inStockOnly: true });
    expect(page.rows.map((r) => r.id).sort()).toEqual([2, 3, 5]);
    expect(page.total).toBe(3);
  });

  it('pages with offset and limit while total stays the full count', () => {
    const first = list({ limit: 2, offset: 0 });
    const second = list({ limit: 2, offset: 2 });
    expect(first.total).toBe(5);
    expect(first.rows).toHaveLength(2);
    expect(second.rows[0]?.id).not.toBe(first.rows[1]?.id);
  });

  it('hides products marked deleted in 1C', () => {
    db.sqlite.prepare('UPDATE products SET is_deleted = 1 WHERE id = 4').run();
    expect(list({}).total).toBe(4);
  });

  it('returns details with every barcode, stock per warehouse and prices', () => {
    const detail = getProduct(db, 2);
    expect(detail.barcodes.map((b) => b.code)).toEqual(['4607654321098', '4600000000017']);
    expect(detail.stock).toEqual([
      expect.objectContaining({ warehouse: 'Магазин на Ленина', qty: 0 }),
      expect.objectContaining({ warehouse: 'Основной склад', qty: 5_000 }),
    ]);
    expect(detail.prices[0]).toEqual({ priceType: 'Розничная', price: smallCatalogProducts[1].price });
  });

  it('shows the 1C balance as qty1c next to the displayed quantity, equal while no document is pending', () => {
    expect(list({ warehouseId: 1 }).rows.every((r) => r.qty === r.qty1c)).toBe(true);
    expect(getProduct(db, 5)).toMatchObject({ qty: 60_000, qty1c: 60_000 });
  });

  it('adds queued local documents to the displayed quantity of the table and the card', () => {
    const s = db.sqlite;
    s.prepare(
      `INSERT INTO documents (id, kind, status, local_number, date, warehouse_id, to_warehouse_id, created_at, updated_at)
       VALUES ('d-1', 'transfer', 'queued', 'ПМ-000001', 1, 1, 2, 1, 1), ('d-2', 'receipt', 'draft', 'ПР-000001', 1, 2, NULL, 1, 1)`,
    ).run();
    s.prepare("INSERT INTO document_lines (document_id, line_no, product_id, qty) VALUES ('d-1', 1, 5, 15000), ('d-2', 1, 5, 999000)").run();
    const bread = (warehouseId?: number) => list({ search: 'Бородинский', ...(warehouseId === undefined ? {} : { warehouseId }) }).rows[0];
    expect(bread(1)).toMatchObject({ qty: 25_000, qty1c: 40_000 });
    expect(bread(2)).toMatchObject({ qty: 35_000, qty1c: 20_000 });
    expect(bread()).toMatchObject({ qty: 60_000, qty1c: 60_000 });
    expect(getProduct(db, 5, 1)).toMatchObject({ qty: 25_000, qty1c: 40_000 });
    expect(getProduct(db, 5).stock).toEqual([
      expect.objectContaining({ warehouse: 'Магазин на Ленина', qty: 25_000, qty1c: 40_000 }),
      expect.objectContaining({ warehouse: 'Основной склад', qty: 35_000, qty1c: 20_000 }),
    ]);
  });

  it('throws not_found for an unknown product', () => {
    expect(() => getProduct(db, 999)).toThrowError(expect.objectContaining({ code: 'not_found' }) as Error);
  });
});

describe('products.repo ordering and large result sets', () => {
  let db: AppDb;
  let cleanup: () => void;
  beforeEach(() => ({ db, cleanup } = openTempDb()));
  afterEach(() => cleanup());

  const list = (input: Parameters<typeof productListInput.parse>[0]) => listProducts(db, productListInput.parse(input));

  it('sorts names in Russian alphabetical order: case-insensitive, Ё inside Е', () => {
    const insert = db.sqlite.prepare('INSERT INTO products (name, updated_at) VALUES (?, 1)');
    for (const name of ['яблоко', 'Ёжик', 'Арбуз', 'апельсин', 'Ель', 'Дыня', 'банан']) insert.run(name);
    expect(list({}).rows.map((r) => r.name)).toEqual(['апельсин', 'Арбуз', 'банан', 'Дыня', 'Ежик', 'Ель', 'яблоко'].map((n) => (n === 'Ежик' ? 'Ёжик' : n)));
  });

  it('re-sorts a renamed product', () => {
    db.sqlite.prepare("INSERT INTO products (id, name, updated_at) VALUES (1, 'Арбуз', 1), (2, 'Банан', 1)").run();
    db.sqlite.prepare("UPDATE products SET name = 'Виноград' WHERE id = 1").run();
    expect(list({}).rows.map((r) => r.id)).toEqual([2, 1]);
  });

  it('drops a product deleted in 1C from search and brings it back when restored', () => {
    db.sqlite.prepare("INSERT INTO products (id, name, updated_at) VALUES (1, 'Кефир', 1)").run();
    db.sqlite.prepare("INSERT INTO barcodes (code, product_id) VALUES ('4601234567893', 1)").run();
    db.sqlite.prepare('UPDATE products SET is_deleted = 1 WHERE id = 1').run();
    expect(list({ search: 'кефир' }).total).toBe(0);
    db.sqlite.prepare('UPDATE products SET is_deleted = 0 WHERE id = 1').run();
    expect(list({ search: '4601234567893' }).rows.map((r) => r.id)).toEqual([1]);
  });

  it('returns the same pages for a broad search whichever plan it takes', () => {
    // 2,400 matching products (above the index-walk threshold) among 3,000.
    const insert = db.sqlite.prepare('INSERT INTO products (id, code, name, updated_at) VALUES (?, ?, ?, 1)');
    db.sqlite.transaction(() => {
      for (let i = 1; i <= 3000; i += 1) {
        const word = i % 5 === 0 ? 'Сок' : 'Молоко';
        insert.run(i, `C-${String((i * 7919) % 3000).padStart(5, '0')}`, `${word} вариант ${(i * 104729) % 997} №${i}`);
      }
    })();
    const all = db.sqlite.prepare("SELECT id, name_sort AS s, code FROM products WHERE name LIKE 'Молоко%'").all() as Array<{ id: number; s: string; code: string }>;
    expect(all).toHaveLength(2400);
    const byName = [...all].sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : a.id - b.id)).map((r) => r.id);
    const byCodeDesc = [...all].sort((a, b) => (a.code < b.code ? 1 : a.code > b.code ? -1 : b.id - a.id)).map((r) => r.id);

    const page = list({ search: 'молоко', limit: 100, offset: 1000 });
    expect(page.total).toBe(2400);
    expect(page.rows.map((r) => r.id)).toEqual(byName.slice(1000, 1100));
    const codes = list({ search: 'молоко', limit: 50, offset: 0, sort: { by: 'code', desc: true } });
    expect(codes.rows.map((r) => r.id)).toEqual(byCodeDesc.slice(0, 50));
    // A narrow search (below the threshold) takes the FTS-first plan and agrees with it too.
    const narrow = list({ search: 'молоко №1234' });
    expect(narrow.rows.map((r) => r.id)).toEqual([1234]);
  });
});
