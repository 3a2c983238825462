// Products, characteristics and barcodes, applied set-based from the stage inside the final
// transaction (catalog-mirror.repo.ts does the same for the OData pull, for the same reason: the
// FTS triggers make row-by-row writes slow). Each kind is first resolved into a keyed `*_r` table
// (one row per ref: the staged rows sorted, the last one winning), then the mirror is changed with a
// few statements whose `changes` are the report's counts. A field the file does not carry (NULL in
// the stage) keeps the mirror's value; a changed row gets data_version_1c = NULL so the next OData
// pull, if the store has one, reads 1C's own row again.
import { type CmlCounts } from '../../../../src-preload/contract/commerceml';
import { type AppDb } from '../../db/open';
import { type CmlLocation } from '../parse/cml-location';
import { type WarningLog } from './import-report';
import { type StageDb } from './stage-db';
import { productRowKinds } from './stage-writer';

export type ApplyContext = { db: AppDb; stage: StageDb; log: WarningLog; files: readonly string[]; now: number };

const shownWarnings = 200;

type LocatedRow = { file: number; line: number; col: number };
export const locationOfRow = (files: readonly string[], row: LocatedRow): CmlLocation => ({ file: files[row.file] ?? '?', line: row.line, column: row.col });

/** Lists up to `shownWarnings` rows of a problem query and counts them all. */
export function warnRows<T extends LocatedRow>(ctx: ApplyContext, sql: string, message: (row: T) => string, params: unknown[] = []): void {
  const total = Number(ctx.db.sqlite.prepare(`SELECT count(*) FROM (${sql})`).pluck().get(...params));
  if (total === 0) return;
  const rows = ctx.db.sqlite.prepare(`${sql} LIMIT ${shownWarnings}`).all(...params) as T[];
  ctx.log.warnCounted(rows.map((row) => ({ at: locationOfRow(ctx.files, row), message: message(row) })), total);
}

export const countOf = (ctx: ApplyContext, sql: string): number => Number(ctx.db.sqlite.prepare(sql).pluck().get());

// ---------------------------------------------------------------------------------------------
// Products

/** A group the file names but nobody has: the product keeps its group (a new one gets none). */
const groupKept = `(r.group_ref IS NULL OR (r.group_ref <> '' AND r.group_id IS NULL))`;
/** A live staged product `r` whose mirrored row `x` differs in a field the file gives. */
const productDiffers = `(x.is_deleted = 1
  OR (r.name IS NOT NULL AND r.name IS NOT x.name) OR (r.code IS NOT NULL AND r.code IS NOT x.code)
  OR (r.article IS NOT NULL AND r.article IS NOT x.article) OR (NOT ${groupKept} AND r.group_id IS NOT x.group_id)
  OR (r.unit_id IS NOT NULL AND r.unit_id IS NOT x.unit_id) OR (r.vat IS NOT NULL AND r.vat IS NOT x.vat_rate))`;

/**
 * One row per product ref: the last listed Товар, else the first variant's owner; offers' deletion
 * marks on top. Each row carries its mirrored row's id (one probe of the ref index per staged row),
 * so what follows joins by id.
 */
export function resolveProducts(ctx: ApplyContext): void {
  const s = ctx.stage.schema;
  const select = `SELECT st.ref, st.name, st.code, st.article, st.group_ref, g.id, u.id, st.vat, st.is_deleted, st.file, st.line, st.col, x.id, x.is_deleted
    FROM ${s}.products st
    LEFT JOIN product_groups g ON g.ref_1c = st.group_ref AND st.group_ref <> ''
    LEFT JOIN ${s}.unit_map u ON u.key = st.unit_key
    LEFT JOIN products x ON x.ref_1c = st.ref`;
  ctx.db.sqlite.exec(`
    CREATE TABLE ${s}.products_r (ref TEXT PRIMARY KEY, name TEXT, code TEXT, article TEXT, group_ref TEXT, group_id INTEGER, unit_id INTEGER,
      vat TEXT, is_deleted INTEGER NOT NULL, file INTEGER, line INTEGER, col INTEGER, mirror_id INTEGER, mirror_deleted INTEGER) WITHOUT ROWID;
    INSERT OR REPLACE INTO ${s}.products_r ${select} WHERE st.kind = ${productRowKinds.listed} ORDER BY st.ref, st.rowid;
    INSERT OR IGNORE INTO ${s}.products_r ${select} WHERE st.kind = ${productRowKinds.derived} ORDER BY st.ref, st.rowid;
    UPDATE ${s}.products_r SET is_deleted = 1 WHERE ref IN (SELECT ref FROM ${s}.products WHERE kind = ${productRowKinds.deletedByOffer});
    INSERT OR IGNORE INTO ${s}.products_r ${select} WHERE st.kind = ${productRowKinds.deletedByOffer} ORDER BY st.ref, st.rowid;
  `);
}

const listedIds = (s: string): string => `(SELECT mirror_id FROM ${s}.products_r WHERE mirror_id IS NOT NULL)`;

/** How many product rows the write will insert, change or (for a full catalog) remove: decides the search index's deferral. */
export function countProductWrites(ctx: ApplyContext, options: { isFull: boolean }): number {
  const s = ctx.stage.schema;
  const listed = countOf(
    ctx,
    `SELECT count(*) FROM ${s}.products_r r LEFT JOIN products x ON x.id = r.mirror_id
     WHERE (r.is_deleted = 0 AND (r.mirror_id IS NULL OR ${productDiffers})) OR (r.is_deleted = 1 AND r.mirror_deleted = 0)`,
  );
  const absent = options.isFull ? countOf(ctx, `SELECT count(*) FROM products WHERE is_deleted = 0 AND ref_1c IS NOT NULL AND id NOT IN ${listedIds(s)}`) : 0;
  return listed + absent;
}

export function writeProducts(ctx: ApplyContext, options: { isFull: boolean }): CmlCounts {
  const s = ctx.stage.schema;
  const { sqlite } = ctx.db;
  warnRows<LocatedRow & { ref: string; group_ref: string }>(
    ctx,
    `SELECT ref, group_ref, file, line, col FROM ${s}.products_r WHERE group_ref <> '' AND group_id IS NULL AND is_deleted = 0`,
    (r) => `группа ${r.group_ref} товара ${r.ref} не найдена: товар оставлен в прежней группе`,
  );
  const staged = countOf(ctx, `SELECT count(*) FROM ${s}.products_r`);
  const removedStaged = sqlite
    .prepare(
      `UPDATE products SET is_deleted = 1, data_version_1c = NULL, seen_at = :now, updated_at = :now
       WHERE id IN (SELECT mirror_id FROM ${s}.products_r WHERE is_deleted = 1 AND mirror_deleted = 0)`,
    )
    .run({ now: ctx.now }).changes;
  const changed = sqlite
    .prepare(
      `UPDATE products SET (name, code, article, group_id, unit_id, vat_rate, is_deleted) = (
         SELECT coalesce(r.name, products.name), coalesce(r.code, products.code), coalesce(r.article, products.article),
           CASE WHEN ${groupKept} THEN products.group_id ELSE r.group_id END, coalesce(r.unit_id, products.unit_id),
           coalesce(r.vat, products.vat_rate), 0
         FROM ${s}.products_r r WHERE r.ref = products.ref_1c),
         data_version_1c = NULL, seen_at = :now, updated_at = :now
       WHERE id IN (SELECT r.mirror_id FROM ${s}.products_r r CROSS JOIN products x ON x.id = r.mirror_id WHERE r.is_deleted = 0 AND ${productDiffers})`,
    )
    .run({ now: ctx.now }).changes;
  // Full catalog (commerceml.md §5): every mirrored product the exchange did not list is gone from 1C.
  // Products created here (no 1C ref) are not 1C's to remove. Before the inserts: new rows have no mirror_id.
  const removedAbsent = options.isFull
    ? sqlite
        .prepare(
          `UPDATE products SET is_deleted = 1, data_version_1c = NULL, seen_at = :now, updated_at = :now
           WHERE is_deleted = 0 AND ref_1c IS NOT NULL AND id NOT IN ${listedIds(s)}`,
        )
        .run({ now: ctx.now }).changes
    : 0;
  // name_sort given here so the products_name_sort_ai trigger has nothing to do (bulk-load path).
  const added = sqlite
    .prepare(
      `INSERT INTO products (ref_1c, seen_at, name, name_sort, code, article, group_id, unit_id, vat_rate, is_deleted, updated_at)
       SELECT r.ref, :now, coalesce(r.name, r.ref), ru_sort_key(coalesce(r.name, r.ref)), coalesce(r.code, ''), coalesce(r.article, ''),
         r.group_id, r.unit_id, r.vat, 0, :now
       FROM ${s}.products_r r WHERE r.is_deleted = 0 AND r.mirror_id IS NULL`,
    )
    .run({ now: ctx.now }).changes;
  return { added, changed, removed: removedStaged + removedAbsent, unchanged: staged - added - changed - removedStaged };
}

// ---------------------------------------------------------------------------------------------
// Characteristics

/**
 * One row per variant: owner and deletion from its last row; its name from the best-named row (from
 * traits over an item's Наименование, then the latest). A variant named only after its item gets that
 * name when it is new, but never replaces a name taken from traits (name_rank, stage-writer.ts).
 */
export function writeCharacteristics(ctx: ApplyContext): CmlCounts {
  const s = ctx.stage.schema;
  const { sqlite } = ctx.db;
  sqlite.exec(`
    CREATE TABLE ${s}.characteristic_names (ref TEXT PRIMARY KEY, name TEXT, name_rank INTEGER) WITHOUT ROWID;
    INSERT OR REPLACE INTO ${s}.characteristic_names
      SELECT ref, name, name_rank FROM ${s}.characteristics WHERE name IS NOT NULL ORDER BY ref, name_rank, rowid;
    CREATE TABLE ${s}.characteristics_r (ref TEXT PRIMARY KEY, product_ref TEXT, product_id INTEGER, name TEXT, name_rank INTEGER,
      is_deleted INTEGER NOT NULL, file INTEGER, line INTEGER, col INTEGER) WITHOUT ROWID;
    INSERT OR REPLACE INTO ${s}.characteristics_r
      SELECT st.ref, st.product_ref, p.id, n.name, coalesce(n.name_rank, 0), st.is_deleted, st.file, st.line, st.col
      FROM ${s}.characteristics st LEFT JOIN products p ON p.ref_1c = st.product_ref LEFT JOIN ${s}.characteristic_names n ON n.ref = st.ref
      ORDER BY st.ref, st.rowid;
  `);
  warnRows<LocatedRow & { ref: string; product_ref: string }>(
    ctx,
    `SELECT ref, product_ref, file, line, col FROM ${s}.characteristics_r WHERE product_id IS NULL AND is_deleted = 0`,
    (r) => `товар ${r.product_ref} не найден ни в обмене, ни в базе: характеристика ${r.ref}, её цены и остатки пропущены`,
  );
  const staged = countOf(ctx, `SELECT count(*) FROM ${s}.characteristics_r WHERE product_id IS NOT NULL`);
  const removed = sqlite
    .prepare(
      `UPDATE characteristics SET is_deleted = 1, data_version_1c = NULL, seen_at = :now
       WHERE is_deleted = 0 AND ref_1c IN (SELECT ref FROM ${s}.characteristics_r WHERE is_deleted = 1 AND product_id IS NOT NULL)`,
    )
    .run({ now: ctx.now }).changes;
  const changed = sqlite
    .prepare(
      `UPDATE characteristics SET (name, product_id, is_deleted) = (
         SELECT CASE WHEN r.name_rank = 2 THEN r.name ELSE characteristics.name END, r.product_id, 0
         FROM ${s}.characteristics_r r WHERE r.ref = characteristics.ref_1c),
         data_version_1c = NULL, seen_at = :now
       WHERE ref_1c IN (
         SELECT r.ref FROM ${s}.characteristics_r r CROSS JOIN characteristics x ON x.ref_1c = r.ref
         WHERE r.is_deleted = 0 AND r.product_id IS NOT NULL
           AND (x.is_deleted = 1 OR (r.name_rank = 2 AND r.name IS NOT x.name) OR r.product_id IS NOT x.product_id))`,
    )
    .run({ now: ctx.now }).changes;
  const added = sqlite
    .prepare(
      `INSERT INTO characteristics (ref_1c, seen_at, name, product_id, is_deleted)
       SELECT r.ref, :now, coalesce(r.name, r.ref), r.product_id, 0 FROM ${s}.characteristics_r r
       WHERE r.is_deleted = 0 AND r.product_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM characteristics x WHERE x.ref_1c = r.ref)`,
    )
    .run({ now: ctx.now }).changes;
  return { added, changed, removed, unchanged: staged - added - changed - removed };
}

// ---------------------------------------------------------------------------------------------
// Barcodes

/** Codes the mirror does not have yet (each fires a search-index trigger when inserted). */
export function countNewBarcodes(ctx: ApplyContext): number {
  const s = ctx.stage.schema;
  return countOf(ctx, `SELECT count(*) FROM (SELECT DISTINCT code FROM ${s}.barcodes) b WHERE NOT EXISTS (SELECT 1 FROM barcodes x WHERE x.code = b.code)`);
}

/**
 * Barcodes are only added or moved, never removed: CommerceML carries one code per item, while 1C's
 * barcode register (the OData pull) may hold several, package codes among them. A code the exchange
 * gives to two items goes to the one listed last, with a warning.
 */
export function writeBarcodes(ctx: ApplyContext): CmlCounts {
  const s = ctx.stage.schema;
  const { sqlite } = ctx.db;
  // SQLite takes the bare columns of a max() aggregate from the row holding the max: the last listed.
  warnRows<LocatedRow & { code: string }>(
    ctx,
    `SELECT code, file, line, col, max(rowid) FROM ${s}.barcodes GROUP BY code HAVING count(DISTINCT product_ref || '#' || char_ref) > 1`,
    (r) => `штрихкод ${r.code} указан у нескольких товаров: оставлен у последнего`,
  );
  sqlite.exec(`
    CREATE TABLE ${s}.barcodes_r (code TEXT PRIMARY KEY, product_ref TEXT, char_ref TEXT, product_id INTEGER, char_id INTEGER,
      file INTEGER, line INTEGER, col INTEGER, mirror_id INTEGER, mirror_product INTEGER, mirror_char INTEGER) WITHOUT ROWID;
    INSERT OR REPLACE INTO ${s}.barcodes_r
      SELECT b.code, b.product_ref, b.char_ref, p.id, c.id, b.file, b.line, b.col, x.id, x.product_id, x.characteristic_id FROM ${s}.barcodes b
      LEFT JOIN products p ON p.ref_1c = b.product_ref
      LEFT JOIN characteristics c ON c.ref_1c = b.char_ref AND b.char_ref <> ''
      LEFT JOIN barcodes x ON x.code = b.code
      -- A product this exchange deletes (a Bitrix offer marked Удален) takes no new codes.
      WHERE NOT EXISTS (SELECT 1 FROM ${s}.products_r d WHERE d.ref = b.product_ref AND d.is_deleted = 1)
      ORDER BY b.code, b.rowid;
  `);
  warnRows<LocatedRow & { code: string; product_ref: string }>(
    ctx,
    `SELECT code, product_ref, file, line, col FROM ${s}.barcodes_r WHERE product_id IS NULL`,
    (r) => `штрихкод ${r.code}: товар ${r.product_ref} не найден, штрихкод пропущен`,
  );
  const staged = countOf(ctx, `SELECT count(*) FROM ${s}.barcodes_r WHERE product_id IS NOT NULL`);
  const changed = sqlite
    .prepare(
      `UPDATE barcodes SET (product_id, characteristic_id) = (SELECT r.product_id, r.char_id FROM ${s}.barcodes_r r WHERE r.code = barcodes.code),
         seen_at = :now
       WHERE id IN (SELECT mirror_id FROM ${s}.barcodes_r
         WHERE product_id IS NOT NULL AND mirror_id IS NOT NULL AND (mirror_product IS NOT product_id OR mirror_char IS NOT char_id))`,
    )
    .run({ now: ctx.now }).changes;
  const added = sqlite
    .prepare(
      `INSERT INTO barcodes (code, product_id, characteristic_id, seen_at)
       SELECT r.code, r.product_id, r.char_id, :now FROM ${s}.barcodes_r r
       WHERE r.product_id IS NOT NULL AND r.mirror_id IS NULL`,
    )
    .run({ now: ctx.now }).changes;
  return { added, changed, removed: 0, unchanged: staged - added - changed };
}
