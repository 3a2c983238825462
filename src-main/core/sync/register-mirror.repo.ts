// Writes 1C register data (barcodes, prices, balances, movements) into the mirror with a diff made in
// memory against the local rows of the same scope: only rows whose values differ are written, so a
// refresh in which 1C changed nothing writes nothing (not even temp tables: SQLite's total_changes()
// stays put). Callers resolve 1C refs to local ids first (ref-index.ts) and run each call inside the
// transaction of the page it applies.
import type Database from 'better-sqlite3';
import { type AppDb } from '../db/open';

export type DiffResult = { inserted: number; updated: number; deleted: number; unchanged: number };

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function statement(db: AppDb, sql: string): Database.Statement {
  let cache = statementCache.get(db.sqlite);
  if (!cache) {
    cache = new Map();
    statementCache.set(db.sqlite, cache);
  }
  let found = cache.get(sql);
  if (!found) {
    found = db.sqlite.prepare(sql);
    cache.set(sql, found);
  }
  return found;
}

/**
 * (product, characteristic) as one number, unique within a price type or warehouse: with product
 * ids below 2^32 and characteristic ids below 2^21 it stays exact in a double. Numbers instead of
 * strings keep the 200,000-entry maps of a diff small and free of string garbage; larger ids fall
 * back to a string key.
 */
const variantKey = (productId: number, characteristicId: number | null): number | string =>
  (characteristicId ?? 0) < 2_097_152 && productId < 4_294_967_296 ? productId * 2_097_152 + (characteristicId ?? 0) : `${productId}:${characteristicId ?? 0}`;

// ---------------------------------------------------------------------------------------------
// Barcodes: unique by code.

export type BarcodeRow = { code: string; productId: number; characteristicId: number | null; packageUnitId: number | null };

/** From this many new codes in a page on, the FTS index is refreshed once per page (see below). */
const bulkBarcodeInsert = 100;
const barcodeInsertTrigger = 'barcodes_fts_ai';

/**
 * Upserts one page of the barcode register. New codes go in through a temp table with one
 * INSERT … SELECT. Each inserted barcode fires barcodes_fts_ai (migration 0001), which rewrites its
 * product's FTS row: ~60 µs a code, 14 s for a first pull of 230,000 codes. For a bulk page the
 * trigger is dropped inside the page's transaction (its SQL read back from sqlite_master, so the
 * migration stays the one definition), the codes inserted, the trigger re-created, and the FTS rows
 * of the page's products refreshed with one statement: 3× faster. A crash rolls the DROP back too.
 */
export function applyBarcodePage(db: AppDb, rows: readonly BarcodeRow[], now: number): DiffResult {
  if (rows.length === 0) return { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const local = statement(
    db,
    'SELECT code, product_id, characteristic_id, package_unit_id FROM barcodes WHERE code IN (SELECT value FROM json_each(?))',
  ).raw().all(JSON.stringify([...byCode.keys()])) as [string, number, number | null, number | null][];
  const existing = new Map(local.map((r) => [r[0], r]));
  let updated = 0;
  let unchanged = 0;
  const fresh: BarcodeRow[] = [];
  const update = statement(db, 'UPDATE barcodes SET product_id = ?, characteristic_id = ?, package_unit_id = ?, seen_at = ? WHERE code = ?');
  for (const row of byCode.values()) {
    const old = existing.get(row.code);
    if (!old) fresh.push(row);
    else if (old[1] !== row.productId || old[2] !== row.characteristicId || old[3] !== row.packageUnitId) {
      update.run(row.productId, row.characteristicId, row.packageUnitId, now, row.code);
      updated += 1;
    } else unchanged += 1;
  }
  let inserted = 0;
  if (fresh.length > 0) {
    db.sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS sync_stage_barcodes (code, product_id, characteristic_id, package_unit_id)');
    const stage = statement(db, 'INSERT INTO temp.sync_stage_barcodes VALUES (?, ?, ?, ?)');
    try {
      for (const row of fresh) stage.run(row.code, row.productId, row.characteristicId, row.packageUnitId);
      const insertStaged = (): number =>
        db.sqlite
          .prepare(
            `INSERT INTO barcodes (code, product_id, characteristic_id, package_unit_id, seen_at)
             SELECT code, product_id, characteristic_id, package_unit_id, ? FROM temp.sync_stage_barcodes`,
          )
          .run(now).changes;
      const triggerSql = fresh.length >= bulkBarcodeInsert ? readTriggerSql(db, barcodeInsertTrigger) : null;
      if (triggerSql) {
        db.sqlite.exec(`DROP TRIGGER ${barcodeInsertTrigger}`);
        inserted = insertStaged();
        db.sqlite.exec(triggerSql);
        // The same content the trigger would have written (migration 0001, barcodes_fts_ai).
        db.sqlite
          .prepare(
            `UPDATE products_fts SET barcodes = coalesce((SELECT group_concat(code, ' ') FROM barcodes WHERE product_id = products_fts.rowid), '')
             WHERE rowid IN (SELECT DISTINCT product_id FROM temp.sync_stage_barcodes)`,
          )
          .run();
      } else {
        inserted = insertStaged();
      }
    } finally {
      db.sqlite.exec('DELETE FROM temp.sync_stage_barcodes');
    }
  }
  return { inserted, updated, deleted: 0, unchanged };
}

function readTriggerSql(db: AppDb, name: string): string | null {
  const sql = db.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck().get(name);
  return typeof sql === 'string' ? sql : null;
}

export function readBarcodeCodes(db: AppDb): string[] {
  return db.sqlite.prepare('SELECT code FROM barcodes').pluck().all() as string[];
}

export function deleteBarcodes(db: AppDb, codes: readonly string[]): number {
  if (codes.length === 0) return 0;
  return db.sqlite.prepare('DELETE FROM barcodes WHERE code IN (SELECT value FROM json_each(?))').run(JSON.stringify(codes)).changes;
}

// ---------------------------------------------------------------------------------------------
// Prices: latest per (product, characteristic, price type).

export type PriceRow = { productId: number; characteristicId: number | null; priceTypeId: number; price: number; period: number };

/** Makes the prices of `priceTypeId` equal to one complete SliceLast answer for it. */
export function applyPriceSlice(db: AppDb, rows: readonly PriceRow[], priceTypeId: number, now: number): DiffResult {
  const local = statement(db, 'SELECT id, product_id, characteristic_id, price, period FROM prices WHERE price_type_id = ?')
    .raw()
    .all(priceTypeId) as [number, number, number | null, number, number][];
  const existing = new Map(local.map((r) => [variantKey(r[1], r[2]), r]));
  const wanted = new Map(rows.filter((r) => r.priceTypeId === priceTypeId).map((r) => [variantKey(r.productId, r.characteristicId), r]));
  const result: DiffResult = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  const update = statement(db, 'UPDATE prices SET price = ?, period = ?, seen_at = ? WHERE id = ?');
  const insert = statement(db, 'INSERT INTO prices (product_id, characteristic_id, price_type_id, price, period, seen_at) VALUES (?, ?, ?, ?, ?, ?)');
  const remove = statement(db, 'DELETE FROM prices WHERE id = ?');
  for (const [key, row] of wanted) {
    const old = existing.get(key);
    if (!old) {
      insert.run(row.productId, row.characteristicId, priceTypeId, row.price, row.period, now);
      result.inserted += 1;
    } else if (old[3] !== row.price || old[4] !== row.period) {
      update.run(row.price, row.period, now, old[0]);
      result.updated += 1;
    } else result.unchanged += 1;
  }
  for (const [key, old] of existing) {
    if (wanted.has(key)) continue;
    remove.run(old[0]);
    result.deleted += 1;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Stock: 1C balance per (product, characteristic, warehouse).

export type StockRow = { productId: number; characteristicId: number | null; warehouseId: number; qty: number };

/**
 * Makes the stock of `warehouseId` equal to one complete Balance answer for it: changed quantities
 * get `as_of_1c = asOf`, unchanged rows are not written, rows 1C no longer has (balance zero) are
 * deleted. Several 1C rows folding into one local key (batches, cells) are summed.
 */
export function applyStockBalance(db: AppDb, rows: readonly StockRow[], warehouseId: number, asOf: number): DiffResult {
  const local = statement(db, 'SELECT id, product_id, characteristic_id, qty_1c FROM stock WHERE warehouse_id = ?')
    .raw()
    .all(warehouseId) as [number, number, number | null, number][];
  const existing = new Map(local.map((r) => [variantKey(r[1], r[2]), r]));
  const wanted = new Map<number | string, StockRow>();
  for (const row of rows) {
    if (row.warehouseId !== warehouseId) continue;
    const key = variantKey(row.productId, row.characteristicId);
    const sum = wanted.get(key);
    wanted.set(key, sum ? { ...sum, qty: sum.qty + row.qty } : row);
  }
  const result: DiffResult = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  const update = statement(db, 'UPDATE stock SET qty_1c = ?, as_of_1c = ?, seen_at = ? WHERE id = ?');
  const insert = statement(db, 'INSERT INTO stock (product_id, characteristic_id, warehouse_id, qty_1c, as_of_1c, seen_at) VALUES (?, ?, ?, ?, ?, ?)');
  const remove = statement(db, 'DELETE FROM stock WHERE id = ?');
  for (const [key, row] of wanted) {
    if (row.qty === 0) continue;
    const old = existing.get(key);
    if (!old) {
      insert.run(row.productId, row.characteristicId, warehouseId, row.qty, asOf, asOf);
      result.inserted += 1;
    } else if (old[3] !== row.qty) {
      update.run(row.qty, asOf, asOf, old[0]);
      result.updated += 1;
    } else result.unchanged += 1;
  }
  for (const [key, old] of existing) {
    if (wanted.get(key)?.qty) continue;
    remove.run(old[0]);
    result.deleted += 1;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Movements: append-only; (recorder, line) is unique, so re-reading an overlap inserts nothing.

export type MovementRow = {
  recorderRef: string;
  recorderType: string;
  lineNumber: number;
  period: number;
  productId: number;
  characteristicId: number | null;
  warehouseId: number;
  qtyDelta: number;
};

export function applyMovements(db: AppDb, rows: readonly MovementRow[], now: number): DiffResult {
  const insert = statement(
    db,
    `INSERT OR IGNORE INTO movements (source, product_id, characteristic_id, warehouse_id, qty_delta, period, recorder_ref_1c,
       recorder_type, line_number, created_at) VALUES ('1c', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let inserted = 0;
  for (const r of rows) {
    inserted += insert.run(r.productId, r.characteristicId, r.warehouseId, r.qtyDelta, r.period, r.recorderRef, r.recorderType, r.lineNumber, now).changes;
  }
  return { inserted, updated: 0, deleted: 0, unchanged: rows.length - inserted };
}
