import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb, openDatabase } from '../db/open';
import { isValidEan13 } from '../devices/ean';
import { isAppError } from '../errors/app-error';
import { makeTempDir, repoMigrationsFolder } from '../testing/temp-db';
import { demoEan13, generateDemoCatalog } from './demo-catalog.service';

const now = Date.UTC(2026, 0, 15, 9);
const cleanups: (() => void)[] = [];

function freshDb(): AppDb {
  const temp = makeTempDir('prilavok-demo-');
  const db = openDatabase({ path: join(temp.dir, 'demo.db'), migrationsFolder: repoMigrationsFolder });
  cleanups.push(() => {
    db.close();
    temp.cleanup();
  });
  return db;
}

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const all = (db: AppDb, sql: string) => db.sqlite.prepare(sql).all();
const scalar = (db: AppDb, sql: string) => Number(db.sqlite.prepare(sql).pluck().get());

describe('generateDemoCatalog', () => {
  it('produces the same catalog when given the same seed', () => {
    const a = freshDb();
    const b = freshDb();
    generateDemoCatalog(a, { products: 500, seed: 42, now });
    generateDemoCatalog(b, { products: 500, seed: 42, now });
    const snapshot = (db: AppDb) => ({
      products: all(db, 'SELECT id, ref_1c, code, article, name, group_id, unit_id, is_weighted FROM products ORDER BY id'),
      barcodes: all(db, 'SELECT code, product_id, package_qty FROM barcodes ORDER BY code'),
      prices: all(db, 'SELECT product_id, price_type_id, price, period FROM prices ORDER BY product_id, price_type_id'),
      stock: all(db, 'SELECT product_id, warehouse_id, qty_1c FROM stock ORDER BY product_id, warehouse_id'),
    });
    expect(snapshot(a)).toEqual(snapshot(b));
  });

  it('produces different names when the seed differs', () => {
    const a = freshDb();
    const b = freshDb();
    generateDemoCatalog(a, { products: 200, seed: 1, now });
    generateDemoCatalog(b, { products: 200, seed: 2, now });
    expect(all(a, 'SELECT name FROM products ORDER BY id')).not.toEqual(all(b, 'SELECT name FROM products ORDER BY id'));
  });

  it('writes the counts it reports, with every mirrored row carrying a GUID', () => {
    const db = freshDb();
    const result = generateDemoCatalog(db, { products: 2_500, warehouses: 6, seed: 7, now });

    expect(result.products).toBe(2_500);
    expect(scalar(db, 'SELECT count(*) FROM products')).toBe(2_500);
    expect(scalar(db, 'SELECT count(*) FROM barcodes')).toBe(result.barcodes);
    expect(scalar(db, 'SELECT count(*) FROM prices')).toBe(result.prices);
    expect(scalar(db, 'SELECT count(*) FROM stock')).toBe(result.stockRows);
    expect(scalar(db, 'SELECT count(*) FROM warehouses')).toBe(6);
    expect(scalar(db, 'SELECT count(*) FROM product_groups WHERE parent_id IS NULL')).toBeGreaterThanOrEqual(8);
    expect(scalar(db, 'SELECT count(*) FROM product_groups WHERE parent_id IS NOT NULL')).toBeGreaterThanOrEqual(20);
    expect(all(db, 'SELECT name, okei FROM units ORDER BY okei')).toEqual([
      { name: 'л', okei: '112' },
      { name: 'кг', okei: '166' },
      { name: 'упак', okei: '778' },
      { name: 'шт', okei: '796' },
    ]);
    // About 1.2 barcodes per product.
    expect(result.barcodes / result.products).toBeGreaterThan(1.1);
    expect(result.barcodes / result.products).toBeLessThan(1.3);

    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const table of ['products', 'product_groups', 'units', 'warehouses', 'price_types']) {
      const refs = db.sqlite.prepare(`SELECT ref_1c FROM ${table}`).pluck().all();
      expect(refs.every((ref) => typeof ref === 'string' && guid.test(ref)), table).toBe(true);
    }
  });

  it('makes only valid, unique EAN-13 codes with a Russian prefix', () => {
    const db = freshDb();
    generateDemoCatalog(db, { products: 3_000, seed: 3, now });
    const codes = db.sqlite.prepare('SELECT code FROM barcodes').pluck().all() as string[];
    expect(codes.length).toBeGreaterThan(3_000);
    expect(codes.filter((code) => !isValidEan13(code))).toEqual([]);
    expect(codes.filter((code) => !/^46\d/.test(code))).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('indexes every product and all its barcodes for search', () => {
    const db = freshDb();
    generateDemoCatalog(db, { products: 1_000, seed: 5, now });
    expect(scalar(db, 'SELECT count(*) FROM products_fts')).toBe(1_000);
    const mismatched = scalar(
      db,
      `SELECT count(*) FROM products p JOIN products_fts f ON f.rowid = p.id
       WHERE f.barcodes <> coalesce((SELECT group_concat(code, ' ') FROM barcodes WHERE product_id = p.id), '')`,
    );
    expect(mismatched).toBe(0);
    const code = String(db.sqlite.prepare('SELECT code FROM barcodes LIMIT 1 OFFSET 500').pluck().get());
    const productId = scalar(db, `SELECT product_id FROM barcodes WHERE code = '${code}'`);
    expect(db.sqlite.prepare('SELECT rowid FROM products_fts WHERE products_fts MATCH ?').pluck().all(`"${code}"`)).toEqual([
      productId,
    ]);
  });

  it('reads like a Russian shop catalog', () => {
    const db = freshDb();
    generateDemoCatalog(db, { products: 2_000, seed: 11, now });
    const rows = all(db, 'SELECT code, article, name FROM products') as { code: string; article: string; name: string }[];
    expect(rows.every((r) => /^00-\d{8}$/.test(r.code))).toBe(true);
    expect(rows.every((r) => /^[А-ЯЁ]{3}-\d{5,}$/.test(r.article))).toBe(true);
    expect(rows.every((r) => /[а-яё]/i.test(r.name))).toBe(true);
    expect(new Set(rows.map((r) => r.article)).size).toBe(rows.length);
    expect(rows.some((r) => r.name.includes('«'))).toBe(true);
    expect(all(db, 'SELECT name, kind, is_home FROM warehouses ORDER BY id').slice(0, 2)).toEqual([
      { name: 'Магазин на Ленина', kind: 'store', is_home: 1 },
      { name: 'Основной склад', kind: 'warehouse', is_home: 0 },
    ]);
    expect(all(db, 'SELECT name, is_retail FROM price_types ORDER BY id')).toEqual([
      { name: 'Розничная', is_retail: 1 },
      { name: 'Закупочная', is_retail: 0 },
    ]);
  });

  it('stores weighted goods in kg with fractional balances, and stamps balances with now', () => {
    const db = freshDb();
    generateDemoCatalog(db, { products: 3_000, seed: 9, now });
    const weighted = scalar(db, "SELECT count(*) FROM products p JOIN units u ON u.id = p.unit_id WHERE p.is_weighted = 1 AND u.okei = '166'");
    expect(weighted).toBeGreaterThan(0);
    expect(scalar(db, 'SELECT count(*) FROM products WHERE is_weighted = 1')).toBe(weighted);
    expect(scalar(db, 'SELECT count(*) FROM stock s JOIN products p ON p.id = s.product_id WHERE p.is_weighted = 1 AND s.qty_1c % 1000 <> 0')).toBeGreaterThan(0);
    expect(scalar(db, 'SELECT count(*) FROM stock WHERE qty_1c = 0')).toBeGreaterThan(0);
    expect(scalar(db, 'SELECT count(*) FROM stock WHERE qty_1c < 0')).toBe(0);
    expect(scalar(db, `SELECT count(*) FROM stock WHERE as_of_1c <> ${now}`)).toBe(0);
    expect(scalar(db, 'SELECT count(*) FROM prices WHERE price <= 0')).toBe(0);
    // Retail price above purchase price for every product that has both.
    expect(
      scalar(
        db,
        `SELECT count(*) FROM prices r JOIN prices b ON b.product_id = r.product_id
         WHERE r.price_type_id = (SELECT id FROM price_types WHERE is_retail = 1)
           AND b.price_type_id = (SELECT id FROM price_types WHERE is_retail = 0) AND b.price > r.price`,
      ),
    ).toBe(0);
  });

  it('refuses with a conflict when the database already has products', () => {
    const db = freshDb();
    generateDemoCatalog(db, { products: 10, seed: 1, now });
    let caught: unknown;
    try {
      generateDemoCatalog(db, { products: 10, seed: 1, now });
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught) && caught.code).toBe('conflict');
    expect(caught instanceof Error && caught.message).toMatch(/уже есть товары/);
    expect(scalar(db, 'SELECT count(*) FROM products')).toBe(10);
    expect(scalar(db, 'SELECT count(*) FROM warehouses')).toBe(4);
  });

  it('rejects a product count outside 1..2,000,000 as a validation error', () => {
    const db = freshDb();
    for (const products of [0, -5, 1.5, 2_000_001]) {
      expect(() => generateDemoCatalog(db, { products, now })).toThrow(expect.objectContaining({ code: 'validation' }));
    }
  });
});

describe('demoEan13', () => {
  it('never repeats a code for distinct serials', () => {
    const seen = new Set<string>();
    for (let serial = 0; serial < 200_000; serial += 1) seen.add(demoEan13(serial, 123_456_789));
    expect(seen.size).toBe(200_000);
  });

  it('stays exact for serials far beyond a 2,000,000-product catalog', () => {
    const code = demoEan13(9_000_000, 9_999_999_999);
    expect(isValidEan13(code)).toBe(true);
    expect(code).toMatch(/^46\d{11}$/);
  });
});
