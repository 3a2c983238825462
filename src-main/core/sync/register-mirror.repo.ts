// Writes 1C register data (barcodes, prices, balances, movements) into the mirror with a diff made
// against the local rows of the same scope: only rows whose values differ are written, so a
// refresh in which 1C changed nothing writes nothing (not even temp tables: SQLite's total_changes()
// stays put). Callers resolve 1C refs to local ids first (ref-index.ts) and run each call inside the
// transaction of the page it applies.
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { isSearchIndexDeferred } from './search-index';
import { deferIndexesWhileEmpty } from '../db/deferred-indexes';

export type DiffResult = { inserted: number; updated: number; deleted: number; unchanged: number };

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
 * During a first load (the search index deferred) the codes simply go in: the triggers do nothing.
 */
export function applyBarcodePage(db: AppDb, rows: readonly BarcodeRow[], now: number): DiffResult {
  if (rows.length === 0) return { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const local = cachedStatement(
    db,
    'SELECT code, product_id, characteristic_id, package_unit_id FROM barcodes WHERE code IN (SELECT value FROM json_each(?))',
  ).raw().all(JSON.stringify([...byCode.keys()])) as [string, number, number | null, number | null][];
  const existing = new Map(local.map((r) => [r[0], r]));
  let updated = 0;
  let unchanged = 0;
  const fresh: BarcodeRow[] = [];
  const update = cachedStatement(db, 'UPDATE barcodes SET product_id = ?, characteristic_id = ?, package_unit_id = ?, seen_at = ? WHERE code = ?');
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
    deferIndexesWhileEmpty(db.sqlite, 'barcodes', now);
    db.sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS sync_stage_barcodes (code, product_id, characteristic_id, package_unit_id)');
    const stage = cachedStatement(db, 'INSERT INTO temp.sync_stage_barcodes VALUES (?, ?, ?, ?)');
    try {
      for (const row of fresh) stage.run(row.code, row.productId, row.characteristicId, row.packageUnitId);
      const insertStaged = (): number =>
        cachedStatement(
          db,
          `INSERT INTO barcodes (code, product_id, characteristic_id, package_unit_id, seen_at)
           SELECT code, product_id, characteristic_id, package_unit_id, ? FROM temp.sync_stage_barcodes`,
        ).run(now).changes;
      // While the search index is deferred (a first load, search-index.ts) the trigger does nothing
      // and the index is built whole later: the trick would only add work.
      const triggerSql = fresh.length >= bulkBarcodeInsert && !isSearchIndexDeferred(db) ? readTriggerSql(db, barcodeInsertTrigger) : null;
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
// One complete SliceLast or Balance answer, as numbers (D16): the rows arrive in batches from the
// streamed read and are resolved and folded in here, so neither the answer's text nor its row objects
// are kept. 190,000 rows cost ~8 MB (four packed number columns and a key map) instead of ~120 MB.

export type VariantTable = {
  /** variantKey(product, characteristic) → slot in the columns. */
  keys: Map<number | string, number>;
  product: number[];
  /** 0 for none (local ids start at 1). */
  characteristic: number[];
  /** Prices: the price in kopecks; stock: the quantity in thousandths. */
  amount: number[];
  /** Prices: the period (epoch ms); unused for stock. */
  period: number[];
};

export function createVariantTable(): VariantTable {
  return { keys: new Map(), product: [], characteristic: [], amount: [], period: [] };
}

/** Adds a row; a second row for the same key replaces the first (`replace`) or adds to its amount (`sum`). */
export function putVariant(table: VariantTable, productId: number, characteristicId: number | null, amount: number, period: number, mode: 'replace' | 'sum'): void {
  const key = variantKey(productId, characteristicId);
  const slot = table.keys.get(key);
  if (slot === undefined) {
    table.keys.set(key, table.product.length);
    table.product.push(productId);
    table.characteristic.push(characteristicId ?? 0);
    table.amount.push(amount);
    table.period.push(period);
  } else if (mode === 'sum') table.amount[slot] = (table.amount[slot] as number) + amount;
  else {
    table.amount[slot] = amount;
    table.period[slot] = period;
  }
}

const orNull = (characteristicId: number): number | null => (characteristicId === 0 ? null : characteristicId);

// ---------------------------------------------------------------------------------------------
// Prices: latest per (product, characteristic, price type).

/**
 * Makes the prices of `priceTypeId` equal to one complete SliceLast answer for it. The local rows are
 * walked once (not loaded into a map); only the ids to change are kept.
 */
export function applyPriceSlice(db: AppDb, wanted: VariantTable, priceTypeId: number, now: number): DiffResult {
  const result: DiffResult = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  if (wanted.product.length > 0) deferIndexesWhileEmpty(db.sqlite, 'prices', now);
  const isMatched = new Uint8Array(wanted.product.length);
  const toUpdate: number[] = [];
  const toDelete: number[] = [];
  const local = cachedStatement(db, 'SELECT id, product_id, characteristic_id, price, period FROM prices WHERE price_type_id = ?').raw();
  for (const row of local.iterate(priceTypeId) as IterableIterator<[number, number, number | null, number, number]>) {
    const slot = wanted.keys.get(variantKey(row[1], row[2]));
    if (slot === undefined) {
      toDelete.push(row[0]);
      continue;
    }
    isMatched[slot] = 1;
    if (wanted.amount[slot] !== row[3] || wanted.period[slot] !== row[4]) toUpdate.push(row[0], slot);
    else result.unchanged += 1;
  }
  // The right-hand side sees the row before the update: the replaced price is kept for re-pricing labels.
  const update = cachedStatement(db, 'UPDATE prices SET previous_price = price, previous_period = period, price = ?, period = ?, seen_at = ? WHERE id = ?');
  const insert = cachedStatement(db, 'INSERT INTO prices (product_id, characteristic_id, price_type_id, price, period, seen_at) VALUES (?, ?, ?, ?, ?, ?)');
  const remove = cachedStatement(db, 'DELETE FROM prices WHERE id = ?');
  for (let i = 0; i < toUpdate.length; i += 2) {
    const slot = toUpdate[i + 1] as number;
    update.run(wanted.amount[slot], wanted.period[slot], now, toUpdate[i]);
    result.updated += 1;
  }
  for (let slot = 0; slot < wanted.product.length; slot += 1) {
    if (isMatched[slot] === 1) continue;
    insert.run(wanted.product[slot], orNull(wanted.characteristic[slot] as number), priceTypeId, wanted.amount[slot], wanted.period[slot], now);
    result.inserted += 1;
  }
  for (const id of toDelete) remove.run(id);
  result.deleted += toDelete.length;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Stock: 1C balance per (product, characteristic, warehouse).

/**
 * Makes the stock of `warehouseId` equal to one complete Balance answer for it (rows folding into one
 * local key, such as batches or cells, summed by putVariant): changed quantities get
 * `as_of_1c = asOf`, unchanged rows are not written, rows 1C no longer has (balance zero) are deleted.
 */
export function applyStockBalance(db: AppDb, wanted: VariantTable, warehouseId: number, asOf: number): DiffResult {
  const result: DiffResult = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  if (wanted.product.length > 0) deferIndexesWhileEmpty(db.sqlite, 'stock', asOf);
  const isMatched = new Uint8Array(wanted.product.length);
  const toUpdate: number[] = [];
  const toDelete: number[] = [];
  const local = cachedStatement(db, 'SELECT id, product_id, characteristic_id, qty_1c FROM stock WHERE warehouse_id = ?').raw();
  for (const row of local.iterate(warehouseId) as IterableIterator<[number, number, number | null, number]>) {
    const slot = wanted.keys.get(variantKey(row[1], row[2]));
    if (slot === undefined || wanted.amount[slot] === 0) {
      toDelete.push(row[0]);
      continue;
    }
    isMatched[slot] = 1;
    if (wanted.amount[slot] !== row[3]) toUpdate.push(row[0], slot);
    else result.unchanged += 1;
  }
  const update = cachedStatement(db, 'UPDATE stock SET qty_1c = ?, as_of_1c = ?, seen_at = ? WHERE id = ?');
  const insert = cachedStatement(db, 'INSERT INTO stock (product_id, characteristic_id, warehouse_id, qty_1c, as_of_1c, seen_at) VALUES (?, ?, ?, ?, ?, ?)');
  const remove = cachedStatement(db, 'DELETE FROM stock WHERE id = ?');
  for (let i = 0; i < toUpdate.length; i += 2) {
    update.run(wanted.amount[toUpdate[i + 1] as number], asOf, asOf, toUpdate[i]);
    result.updated += 1;
  }
  for (let slot = 0; slot < wanted.product.length; slot += 1) {
    if (isMatched[slot] === 1 || wanted.amount[slot] === 0) continue;
    insert.run(wanted.product[slot], orNull(wanted.characteristic[slot] as number), warehouseId, wanted.amount[slot], asOf, asOf);
    result.inserted += 1;
  }
  for (const id of toDelete) remove.run(id);
  result.deleted += toDelete.length;
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

/**
 * The movements of one window, kept as columns until the window is applied (D16): a window is up to
 * 20,000 rows held across the awaits of a streamed read, long enough for row objects to reach V8's old
 * generation, where 600,000 of them per full pull piled up as garbage. Numbers go into one reused
 * Float64Array, recorder refs into one reused Buffer, recorder types are interned.
 */
export type MovementColumns = { count: number; numbers: Float64Array; refs: Buffer; refBytes: number; types: string[]; typeIds: Map<string, number> };

/** Per row: end of the recorder ref in `refs`, type id, line, period, product, characteristic (0 none), warehouse, qty delta. */
const movementWidth = 8;

export function createMovementColumns(): MovementColumns {
  return { count: 0, numbers: new Float64Array(movementWidth * 4_096), refs: Buffer.alloc(64 * 4_096), refBytes: 0, types: [], typeIds: new Map() };
}

export function pushMovement(columns: MovementColumns, row: MovementRow): void {
  const at = columns.count * movementWidth;
  if (at + movementWidth > columns.numbers.length) {
    const grown = new Float64Array(columns.numbers.length * 2);
    grown.set(columns.numbers);
    columns.numbers = grown;
  }
  const refLength = Buffer.byteLength(row.recorderRef, 'utf8');
  if (columns.refBytes + refLength > columns.refs.length) {
    const grown = Buffer.alloc(Math.max(columns.refs.length * 2, columns.refBytes + refLength));
    columns.refs.copy(grown, 0, 0, columns.refBytes);
    columns.refs = grown;
  }
  columns.refBytes += columns.refs.write(row.recorderRef, columns.refBytes, 'utf8');
  let typeId = columns.typeIds.get(row.recorderType);
  if (typeId === undefined) {
    typeId = columns.types.length;
    columns.types.push(row.recorderType);
    columns.typeIds.set(row.recorderType, typeId);
  }
  const n = columns.numbers;
  n[at] = columns.refBytes;
  n[at + 1] = typeId;
  n[at + 2] = row.lineNumber;
  n[at + 3] = row.period;
  n[at + 4] = row.productId;
  n[at + 5] = row.characteristicId ?? 0;
  n[at + 6] = row.warehouseId;
  n[at + 7] = row.qtyDelta;
  columns.count += 1;
}

/** Rows per multi-row INSERT of movements: one statement call per 50 rows (450 parameters, under SQLite's old 999 limit). */
const movementsPerInsert = 50;
const movementColumnsSql = 'INSERT OR IGNORE INTO movements (source, product_id, characteristic_id, warehouse_id, qty_delta, period, recorder_ref_1c, recorder_type, line_number, created_at) VALUES ';
const movementValuesSql = "('1c', ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const movementParams = 9;

/**
 * Inserts the window's movements; ones already in the ledger (same recorder and line) are left as
 * they are. 50 rows per statement call: the per-call cost of a one-row INSERT was most of the time.
 */
export function applyMovements(db: AppDb, columns: MovementColumns, now: number): DiffResult {
  if (columns.count > 0) deferIndexesWhileEmpty(db.sqlite, 'movements', now);
  const many = cachedStatement(db, movementColumnsSql + Array.from({ length: movementsPerInsert }, () => movementValuesSql).join(', '));
  const one = cachedStatement(db, movementColumnsSql + movementValuesSql);
  const n = columns.numbers;
  const params: unknown[] = new Array<unknown>(movementsPerInsert * movementParams);
  let inserted = 0;
  let refStart = 0;
  let i = 0;
  const put = (row: number, into: unknown[], offset: number): void => {
    const at = row * movementWidth;
    const refEnd = n[at] as number;
    const characteristicId = n[at + 5] as number;
    into[offset] = n[at + 4];
    into[offset + 1] = characteristicId === 0 ? null : characteristicId;
    into[offset + 2] = n[at + 6];
    into[offset + 3] = n[at + 7];
    into[offset + 4] = n[at + 3];
    into[offset + 5] = columns.refs.toString('utf8', refStart, refEnd);
    into[offset + 6] = columns.types[n[at + 1] as number];
    into[offset + 7] = n[at + 2];
    into[offset + 8] = now;
    refStart = refEnd;
  };
  for (; i + movementsPerInsert <= columns.count; i += movementsPerInsert) {
    for (let k = 0; k < movementsPerInsert; k += 1) put(i + k, params, k * movementParams);
    inserted += many.run(params).changes;
  }
  const single: unknown[] = new Array<unknown>(movementParams);
  for (; i < columns.count; i += 1) {
    put(i, single, 0);
    inserted += one.run(single).changes;
  }
  return { inserted, updated: 0, deleted: 0, unchanged: columns.count - inserted };
}
