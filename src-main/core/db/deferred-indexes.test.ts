import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Logger, silentLogger } from '../logging/logger';
import { killBulkInsertMidway } from '../testing/bulk-insert-kill';
import { makeTempDir, repoMigrationsFolder } from '../testing/temp-db';
import { deferIndexesWhileEmpty, hasDeferredIndexes, restoreDeferredIndexes, restoreNextDeferredIndex } from './deferred-indexes';
import { type AppDb, openDatabase } from './open';

/** Every index of the mirror tables with its SQL (auto-indexes of UNIQUE/PRIMARY KEY have none). */
const indexSql = (db: AppDb): Record<string, string | null> =>
  Object.fromEntries(
    (
      db.sqlite
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('products','barcodes','prices','stock','movements') ORDER BY name")
        .all() as { name: string; sql: string | null }[]
    ).map((r) => [r.name, r.sql]),
  );

const queryPlan = (db: AppDb, sql: string): string => (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');

describe('indexes put off while a mirror table is loaded from empty', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: AppDb;
  let migrated: Record<string, string | null>;
  beforeEach(() => {
    temp = makeTempDir();
    db = openDatabase({ path: join(temp.dir, 'mirror.db'), migrationsFolder: repoMigrationsFolder });
    migrated = indexSql(db);
  });
  afterEach(() => {
    db.close();
    temp.cleanup();
  });

  it('drops only the non-unique indexes of an empty table, remembers them, and restores the same SQL', () => {
    const dropped = db.sqlite.transaction(() => deferIndexesWhileEmpty(db.sqlite, 'products', 1_000))();
    expect(dropped).toBe(5);
    const during = indexSql(db);
    // The unique ref index stays: the catalog's writes look rows up by it.
    expect(Object.keys(during).filter((n) => n.startsWith('products_'))).toEqual(['products_ref_1c']);
    expect(db.sqlite.prepare("SELECT name FROM deferred_indexes WHERE table_name = 'products' ORDER BY name").pluck().all()).toEqual([
      'products_active',
      'products_article',
      'products_code',
      'products_group',
      'products_name_sort',
    ]);
    expect(hasDeferredIndexes(db.sqlite, ['products'])).toBe(true);
    expect(hasDeferredIndexes(db.sqlite, ['stock'])).toBe(false);
    expect(queryPlan(db, "SELECT id FROM products WHERE code = 'x'")).toMatch(/SCAN products/);

    // One at a time (the run fits each into a wait on 1C), each in its own transaction.
    expect(restoreNextDeferredIndex(db.sqlite, ['stock'])).toBeNull();
    expect(restoreNextDeferredIndex(db.sqlite, ['products'])).toBe('products_active');
    expect(db.sqlite.prepare("SELECT count(*) FROM deferred_indexes WHERE table_name = 'products'").pluck().get()).toBe(4);
    expect(db.sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'products_active'").pluck().get()).toBe(1);
    expect(restoreDeferredIndexes(db.sqlite, ['products'])).toHaveLength(4);
    expect(restoreNextDeferredIndex(db.sqlite, ['products'])).toBeNull();
    expect(indexSql(db)).toEqual(migrated);
    expect(hasDeferredIndexes(db.sqlite)).toBe(false);
    expect(queryPlan(db, "SELECT id FROM products WHERE code = 'x'")).toMatch(/USING (COVERING )?INDEX products_code/);
  });

  it('leaves a table with rows alone, and a second call while put off does nothing', () => {
    db.sqlite.prepare("INSERT INTO warehouses (name) VALUES ('Склад')").run();
    db.sqlite.prepare("INSERT INTO products (name, updated_at) VALUES ('Чай', 1)").run();
    expect(deferIndexesWhileEmpty(db.sqlite, 'products', 1)).toBe(0);
    expect(indexSql(db)).toEqual(migrated);

    expect(deferIndexesWhileEmpty(db.sqlite, 'stock', 1)).toBe(2);
    db.sqlite.prepare('INSERT INTO stock (product_id, warehouse_id, qty_1c) VALUES (1, 1, 5000)').run();
    expect(deferIndexesWhileEmpty(db.sqlite, 'stock', 2)).toBe(0);
    expect(db.sqlite.prepare('SELECT count(*) FROM deferred_indexes').pluck().get()).toBe(2);
  });

  it('is taken back with a page whose transaction rolls back', () => {
    expect(() =>
      db.sqlite.transaction(() => {
        deferIndexesWhileEmpty(db.sqlite, 'movements', 1);
        throw new Error('the page failed');
      })(),
    ).toThrow('the page failed');
    expect(indexSql(db)).toEqual(migrated);
    expect(hasDeferredIndexes(db.sqlite)).toBe(false);
  });

  it('keeps unique constraints working while put off (writes rely on them)', () => {
    db.sqlite.prepare("INSERT INTO warehouses (name) VALUES ('Склад')").run();
    db.sqlite.prepare("INSERT INTO products (name, updated_at) VALUES ('Чай', 1)").run();
    deferIndexesWhileEmpty(db.sqlite, 'movements', 1);
    const insert = db.sqlite.prepare(
      "INSERT OR IGNORE INTO movements (source, product_id, warehouse_id, qty_delta, period, recorder_ref_1c, line_number, created_at) VALUES ('1c', 1, 1, 1000, 1, 'r', 1, 1)",
    );
    expect(insert.run().changes).toBe(1);
    expect(insert.run().changes).toBe(0);
  });

  it('only touches the mirror tables a pull loads', () => {
    expect(() => deferIndexesWhileEmpty(db.sqlite, 'documents' as never, 1)).toThrow(/not a bulk-loaded mirror table/);
  });

  it('re-creates what an index creation left behind only once: an index that exists again just loses its mark', () => {
    deferIndexesWhileEmpty(db.sqlite, 'barcodes', 1);
    db.sqlite.exec('CREATE INDEX `barcodes_product` ON `barcodes` (`product_id`)');
    expect(restoreDeferredIndexes(db.sqlite)).toEqual(['barcodes_product']);
    expect(indexSql(db)).toEqual(migrated);
  });
});

describe('a crash during a load with indexes put off', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.cleanup());

  it('kill -9 mid-load: opening the database re-creates the indexes before anything else runs', async () => {
    const path = join(temp.dir, 'crash.db');
    const fresh = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
    const migrated = indexSql(fresh);
    fresh.close();
    await killBulkInsertMidway(path, { batch: 500, mode: 'defer' });

    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (m) => warnings.push(m) };
    const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder, logger });
    try {
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(indexSql(db)).toEqual(migrated);
      expect(hasDeferredIndexes(db.sqlite)).toBe(false);
      expect(warnings.join('\n')).toMatch(/re-created 6 index\(es\) left out by an interrupted load: barcodes_product, products_active/);
      const n = Number(db.sqlite.prepare('SELECT count(*) FROM products').pluck().get());
      expect(n).toBeGreaterThanOrEqual(500);
      expect(n % 500).toBe(0);
    } finally {
      db.close();
    }
  });
});
