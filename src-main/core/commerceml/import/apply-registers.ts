// Prices and stock from the stage, set-based inside the final transaction. Each is resolved into a
// keyed table sorted by its key and the staged order, so the last row for a key wins. Prices: per product /
// characteristic / price type, in kopecks; a changed price keeps the one it replaced (re-pricing
// labels), an unchanged one is not written (its period stays). Stock: 1C's balance per warehouse
// (stock.qty_1c), as of the file's ДатаФормирования; a zero balance removes the row, as the balance
// pull does (register-mirror.repo.ts). A full package removes the rows of the price types and
// warehouses it covered that it did not list.
import { type CmlCounts } from '../../../../src-preload/contract/commerceml';
import { readCursor, writeCursor } from '../../sync/sync-runs.repo';
import { type ApplyContext, warnRows } from './apply-items';

type LocatedRow = { file: number; line: number; col: number };

/** Local ids of the refs in a scope (price types or warehouses; '' = this store's warehouse). */
function scopeIds(ctx: ApplyContext, table: 'price_types' | 'warehouses', refs: ReadonlySet<string>, home: number | null): number[] {
  const find = ctx.db.sqlite.prepare(`SELECT id FROM ${table} WHERE ref_1c = ?`).pluck();
  const ids = new Set<number>();
  for (const ref of refs) {
    const id = ref === '' ? home : (find.get(ref) as number | undefined);
    if (id !== undefined && id !== null) ids.add(id);
  }
  return [...ids];
}

/** Offers of products nobody has: one warning per offer (its variant's warning covers a variant). */
function warnMissingProducts(ctx: ApplyContext, table: 'prices' | 'stock', what: string): void {
  const s = ctx.stage.schema;
  warnRows<LocatedRow & { product_ref: string }>(
    ctx,
    `SELECT st.product_ref, min(st.file) AS file, min(st.line) AS line, min(st.col) AS col FROM ${s}.${table} st
     WHERE st.char_ref = '' AND NOT EXISTS (SELECT 1 FROM products p WHERE p.ref_1c = st.product_ref) GROUP BY st.product_ref`,
    (r) => `товар ${r.product_ref} не найден ни в обмене, ни в базе: ${what} пропущены`,
  );
}

export function applyPrices(ctx: ApplyContext, scope: ReadonlySet<string>): CmlCounts {
  const s = ctx.stage.schema;
  const { sqlite } = ctx.db;
  warnMissingProducts(ctx, 'prices', 'его цены');
  warnRows<LocatedRow & { type_ref: string }>(
    ctx,
    `SELECT st.type_ref, min(st.file) AS file, min(st.line) AS line, min(st.col) AS col FROM ${s}.prices st
     WHERE NOT EXISTS (SELECT 1 FROM price_types t WHERE t.ref_1c = st.type_ref) GROUP BY st.type_ref`,
    (r) => `вид цены ${r.type_ref} не описан ни в обмене, ни в базе: цены этого вида пропущены`,
  );
  // One probe of prices_key (migration 0001: product_id, coalesce(characteristic_id, 0), price_type_id)
  // per staged row finds the mirrored row; everything after works on ids, with no further probes.
  sqlite.exec(`
    CREATE TABLE ${s}.prices_r (product_id INTEGER NOT NULL, char0 INTEGER NOT NULL, type_id INTEGER NOT NULL, price INTEGER NOT NULL,
      period INTEGER NOT NULL, mirror_id INTEGER, mirror_price INTEGER, PRIMARY KEY (product_id, char0, type_id)) WITHOUT ROWID;
    INSERT OR REPLACE INTO ${s}.prices_r
      SELECT p.id, coalesce(c.id, 0), t.id, st.price, st.period, x.id, x.price FROM ${s}.prices st
      JOIN products p ON p.ref_1c = st.product_ref
      JOIN price_types t ON t.ref_1c = st.type_ref
      LEFT JOIN characteristics c ON c.ref_1c = st.char_ref AND st.char_ref <> ''
      LEFT JOIN prices x ON x.product_id = p.id AND coalesce(x.characteristic_id, 0) = coalesce(c.id, 0) AND x.price_type_id = t.id
      WHERE st.char_ref = '' OR c.id IS NOT NULL
      ORDER BY 1, 2, 3, st.rowid;
    CREATE TABLE ${s}.prices_c (mirror_id INTEGER PRIMARY KEY, price INTEGER NOT NULL, period INTEGER NOT NULL);
    INSERT INTO ${s}.prices_c SELECT mirror_id, price, period FROM ${s}.prices_r WHERE mirror_id IS NOT NULL AND mirror_price <> price;
  `);
  const staged = Number(sqlite.prepare(`SELECT count(*) FROM ${s}.prices_r`).pluck().get());
  // The right-hand side sees the row before the update: the replaced price is kept.
  const changed = sqlite
    .prepare(
      `UPDATE prices SET previous_price = price, previous_period = period,
         (price, period) = (SELECT c.price, c.period FROM ${s}.prices_c c WHERE c.mirror_id = prices.id), seen_at = :now
       WHERE id IN (SELECT mirror_id FROM ${s}.prices_c)`,
    )
    .run({ now: ctx.now }).changes;
  // Before the inserts: rows added now have no mirror_id and must not count as unlisted.
  let removed = 0;
  const removeAbsent = sqlite.prepare(
    `DELETE FROM prices WHERE price_type_id = ? AND id NOT IN (SELECT mirror_id FROM ${s}.prices_r WHERE mirror_id IS NOT NULL)`,
  );
  for (const typeId of scopeIds(ctx, 'price_types', scope, null)) removed += removeAbsent.run(typeId).changes;
  const added = sqlite
    .prepare(
      `INSERT INTO prices (product_id, characteristic_id, price_type_id, price, period, seen_at)
       SELECT r.product_id, nullif(r.char0, 0), r.type_id, r.price, r.period, :now FROM ${s}.prices_r r WHERE r.mirror_id IS NULL`,
    )
    .run({ now: ctx.now }).changes;
  return { added, changed, removed, unchanged: staged - added - changed };
}

/** This store's warehouse: the one marked home, else the only live one; null when it cannot be told. */
export function homeWarehouseId(ctx: ApplyContext): number | null {
  const home = ctx.db.sqlite.prepare('SELECT id FROM warehouses WHERE is_home = 1 AND is_deleted = 0 ORDER BY id LIMIT 1').pluck().get() as number | undefined;
  if (home !== undefined) return home;
  const live = ctx.db.sqlite.prepare('SELECT id FROM warehouses WHERE is_deleted = 0 LIMIT 2').pluck().all() as number[];
  return live.length === 1 ? (live[0] as number) : null;
}

export function applyStock(ctx: ApplyContext, scope: ReadonlySet<string>): CmlCounts {
  const s = ctx.stage.schema;
  const { sqlite } = ctx.db;
  const home = homeWarehouseId(ctx);
  warnMissingProducts(ctx, 'stock', 'его остатки');
  warnRows<LocatedRow & { wh_ref: string; rows: number }>(
    ctx,
    `SELECT st.wh_ref, count(*) AS rows, min(st.file) AS file, min(st.line) AS line, min(st.col) AS col FROM ${s}.stock st
     WHERE ((st.wh_ref = '' AND :home IS NULL) OR (st.wh_ref <> '' AND NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.ref_1c = st.wh_ref)))
       AND EXISTS (SELECT 1 FROM products p WHERE p.ref_1c = st.product_ref)
     GROUP BY st.wh_ref`,
    (r) =>
      r.wh_ref === ''
        ? `остатки без склада (${r.rows}) пропущены: не выбран склад этого магазина (Настройки)`
        : `склад ${r.wh_ref} не описан ни в обмене, ни в базе: его остатки (${r.rows}) пропущены`,
    [{ home }],
  );
  // As for prices: one probe of stock_key (product_id, coalesce(characteristic_id, 0), warehouse_id)
  // per staged row, then ids only.
  sqlite.exec(`
    CREATE TABLE ${s}.stock_r (product_id INTEGER NOT NULL, char0 INTEGER NOT NULL, wh_id INTEGER NOT NULL, qty INTEGER NOT NULL,
      as_of INTEGER NOT NULL, mirror_id INTEGER, mirror_qty INTEGER, PRIMARY KEY (product_id, char0, wh_id)) WITHOUT ROWID;
  `);
  sqlite
    .prepare(
      `INSERT OR REPLACE INTO ${s}.stock_r
       SELECT p.id, coalesce(c.id, 0), coalesce(w.id, :home), st.qty, st.as_of, x.id, x.qty_1c FROM ${s}.stock st
       JOIN products p ON p.ref_1c = st.product_ref
       LEFT JOIN characteristics c ON c.ref_1c = st.char_ref AND st.char_ref <> ''
       LEFT JOIN warehouses w ON w.ref_1c = st.wh_ref AND st.wh_ref <> ''
       LEFT JOIN stock x ON x.product_id = p.id AND coalesce(x.characteristic_id, 0) = coalesce(c.id, 0) AND x.warehouse_id = coalesce(w.id, :home)
       WHERE (st.char_ref = '' OR c.id IS NOT NULL) AND coalesce(w.id, :home) IS NOT NULL AND (st.wh_ref = '' OR w.id IS NOT NULL)
       ORDER BY 1, 2, 3, st.rowid`,
    )
    .run({ home });
  sqlite.exec(`
    CREATE TABLE ${s}.stock_c (mirror_id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, as_of INTEGER NOT NULL);
    INSERT INTO ${s}.stock_c SELECT mirror_id, qty, as_of FROM ${s}.stock_r WHERE mirror_id IS NOT NULL AND qty <> 0 AND qty <> mirror_qty;
  `);
  const staged = Number(sqlite.prepare(`SELECT count(*) FROM ${s}.stock_r`).pluck().get());
  const changed = sqlite
    .prepare(
      `UPDATE stock SET (qty_1c, as_of_1c, seen_at) = (SELECT c.qty, c.as_of, c.as_of FROM ${s}.stock_c c WHERE c.mirror_id = stock.id)
       WHERE id IN (SELECT mirror_id FROM ${s}.stock_c)`,
    )
    .run().changes;
  const removedListed = sqlite.prepare(`DELETE FROM stock WHERE id IN (SELECT mirror_id FROM ${s}.stock_r WHERE mirror_id IS NOT NULL AND qty = 0)`).run().changes;
  // Before the inserts: rows added now have no mirror_id and must not count as unlisted.
  let removedAbsent = 0;
  const removeAbsent = sqlite.prepare(`DELETE FROM stock WHERE warehouse_id = ? AND id NOT IN (SELECT mirror_id FROM ${s}.stock_r WHERE mirror_id IS NOT NULL)`);
  for (const warehouseId of scopeIds(ctx, 'warehouses', scope, home)) removedAbsent += removeAbsent.run(warehouseId).changes;
  const added = sqlite
    .prepare(
      `INSERT INTO stock (product_id, characteristic_id, warehouse_id, qty_1c, as_of_1c, seen_at)
       SELECT r.product_id, nullif(r.char0, 0), r.wh_id, r.qty, r.as_of, r.as_of FROM ${s}.stock_r r WHERE r.mirror_id IS NULL AND r.qty <> 0`,
    )
    .run().changes;
  recordBalanceTimes(ctx);
  return { added, changed, removed: removedListed + removedAbsent, unchanged: staged - added - changed - removedListed };
}

/**
 * The displayed stock adds local documents posted after the time 1C last confirmed a warehouse's
 * balance, kept per warehouse in the balances job's cursor (migration 0004, register-pull.job.ts).
 * The file's balance is 1C's as of its ДатаФормирования: that becomes the warehouse's time, with
 * `upTo: -1` so the next OData pull, if there is one, reads that warehouse's balance again.
 */
function recordBalanceTimes(ctx: ApplyContext): void {
  const s = ctx.stage.schema;
  const rows = ctx.db.sqlite
    .prepare(`SELECT w.ref_1c AS ref, max(r.as_of) AS asOf FROM ${s}.stock_r r JOIN warehouses w ON w.id = r.wh_id WHERE w.ref_1c IS NOT NULL GROUP BY w.ref_1c`)
    .all() as { ref: string; asOf: number }[];
  if (rows.length === 0) return;
  let states: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(readCursor(ctx.db, 'balances') ?? '{}');
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) states = parsed as Record<string, unknown>;
  } catch (err) {
    // An unreadable cursor means the next pull reads every balance anyway; it is replaced below.
    ctx.log.warn({ file: ctx.files[0] ?? '', line: 0, column: 0 }, `состояние остатков синхронизации не прочитано (${err instanceof Error ? err.message : String(err)}): будет перезаписано`);
  }
  for (const row of rows) states[row.ref] = { asOf: row.asOf, readAt: row.asOf, upTo: -1, hadSkipped: true };
  writeCursor(ctx.db, 'balances', JSON.stringify(states));
}
