// Displayed quantities per (product, warehouse), set-based (architecture §4: displayed = the 1C
// balance summed over characteristics + pending_stock_effects; alerts are per product, so variants
// are added up). Two shapes: for the pairs a change marked dirty, next to the values alert_pairs
// holds from the previous evaluation (the evaluator), and for every pair the mirror knows (the
// silent baseline, and the live counts while no rule is active).
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';

/** A dirty pair: its displayed quantity now and at the previous evaluation. */
export type DirtyPair = {
  productId: number;
  warehouseId: number;
  groupId: number | null;
  /** For the alert's message (read with the group from the same products row). */
  productName: string;
  unitId: number | null;
  /** Thousandths. */
  qty: number;
  /** stock_levels.min_qty, thousandths; null when not set. */
  minQty: number | null;
  /** The product or the warehouse is marked deleted in 1C: no condition holds for it. */
  isDeleted: boolean;
  /** alert_pairs at the previous evaluation; null: the pair was not known (no condition held). */
  oldQty: number | null;
  oldMinQty: number | null;
};

// Raw rows (arrays, not objects): 10,000 of them per pull, read once and dropped.
type DirtyRow = [
  productId: number,
  warehouseId: number,
  groupId: number | null,
  productName: string,
  unitId: number | null,
  stockQty: number,
  minQty: number | null,
  isDeleted: number,
  oldQty: number | null,
  oldMinQty: number | null,
];

/** Marks read per statement by takeDirtyPairs (see there). */
export const dirtyChunkSize = 1_000;

/**
 * Every alert_dirty mark with its displayed quantity, minimum, the product's group, name and unit
 * (the message of an alert needs them; the row is read for the group anyway, so a second query for
 * the names of the pairs that fired would cost more) and the alert_pairs values, set-based (the
 * stock index per pair; never a query per pair from JS), then deletes the marks. The marks are
 * walked in key order (the covering primary key index; CROSS JOIN keeps them the outer loop, else
 * SQLite scans all products): each lookup into stock, products, stock_levels and alert_pairs then
 * lands near the previous one, which at 10,000 marks costs about half of visiting them in the order
 * they were marked.
 *
 * In chunks of dirtyChunkSize marks, one statement each, the next starting after the last key of the
 * previous; `afterChunk` gets each chunk before the next is read. The evaluator writes the chunk's
 * new values into alert_pairs there: the pages it has just read them from are still in SQLite's
 * cache, while after all 10,000 marks (some 20,000 pages of stock, products and alert_pairs) they
 * would have to be read again. The quantities of pending local documents come from one query for all
 * marks first (usually a handful of rows).
 *
 * Call inside the evaluation transaction: a mark made by a change committed after it stays for the
 * next run, and a failed evaluation rolls the deletion back. Marks whose product or warehouse row no
 * longer exists are dropped.
 */
export function takeDirtyPairs(db: AppDb, afterChunk: (chunk: readonly DirtyPair[]) => void): DirtyPair[] {
  const pending = readPendingOfDirty(db);
  const select = cachedStatement(
    db,
    `SELECT d.product_id, d.warehouse_id, pr.group_id, pr.name, pr.unit_id,
       coalesce((SELECT sum(s.qty_1c) FROM stock s WHERE s.product_id = d.product_id AND s.warehouse_id = d.warehouse_id), 0),
       sl.min_qty,
       (pr.is_deleted OR w.is_deleted),
       ap.qty, ap.min_qty
     FROM alert_dirty d
     CROSS JOIN products pr ON pr.id = d.product_id
     CROSS JOIN warehouses w ON w.id = d.warehouse_id
     LEFT JOIN stock_levels sl ON sl.product_id = d.product_id AND sl.warehouse_id = d.warehouse_id
     LEFT JOIN alert_pairs ap ON ap.product_id = d.product_id AND ap.warehouse_id = d.warehouse_id
     WHERE (d.product_id, d.warehouse_id) > (?, ?)
     ORDER BY d.product_id, d.warehouse_id
     LIMIT ${dirtyChunkSize}`,
  ).raw();
  const out: DirtyPair[] = [];
  let after: [number, number] = [Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
  for (;;) {
    const rows = select.all(after) as DirtyRow[];
    if (rows.length === 0) break;
    const chunk = new Array<DirtyPair>(rows.length);
    for (let i = 0; i < rows.length; i += 1) {
      const [productId, warehouseId, groupId, productName, unitId, stockQty, minQty, isDeleted, oldQty, oldMinQty] = rows[i] as DirtyRow;
      const qty = pending === null ? stockQty : stockQty + (pending.get(pairKey(productId, warehouseId)) ?? 0);
      chunk[i] = { productId, warehouseId, groupId, productName, unitId, qty, minQty, isDeleted: isDeleted !== 0, oldQty, oldMinQty };
      out.push(chunk[i] as DirtyPair);
    }
    afterChunk(chunk);
    const last = rows[rows.length - 1] as DirtyRow;
    after = [last[0], last[1]];
    // A short chunk was the last one (the next statement would only find nothing).
    if (rows.length < dirtyChunkSize) break;
  }
  cachedStatement(db, 'DELETE FROM alert_dirty').run();
  return out;
}

const pairKey = (productId: number, warehouseId: number): string => `${productId}:${warehouseId}`;

/** The pending local documents' quantity per marked pair (pending_stock_effects); null when none. */
function readPendingOfDirty(db: AppDb): Map<string, number> | null {
  const rows = cachedStatement(
    db,
    `SELECT e.product_id, e.warehouse_id, sum(e.qty_delta)
     FROM pending_stock_effects e
     WHERE (e.product_id, e.warehouse_id) IN (SELECT product_id, warehouse_id FROM alert_dirty)
     GROUP BY e.product_id, e.warehouse_id`,
  )
    .raw()
    .all() as [number, number, number][];
  if (rows.length === 0) return null;
  return new Map(rows.map(([productId, warehouseId, qty]) => [pairKey(productId, warehouseId), qty]));
}

/**
 * Every (product, warehouse) pair the mirror knows, with its displayed quantity and minimum, as
 * columns product_id, warehouse_id, qty, min_qty: pairs with a 1C balance, a pending local document
 * or a minimum. A product never stocked at a warehouse is not a pair (else a 'zero' rule would match
 * the whole catalogue at every warehouse); it becomes one when a change marks it dirty. Products and
 * warehouses marked deleted are left out (no condition holds for them).
 *
 * The stock rows are summed in the order of their (product_id, warehouse_id) index (no sort of the
 * whole table); pairs that only have a pending document or a minimum are added with 0.
 */
export const allPairsSql = `WITH pending AS MATERIALIZED (
    SELECT product_id, warehouse_id, sum(qty_delta) AS qty FROM pending_stock_effects GROUP BY product_id, warehouse_id
  ),
  base AS (
    SELECT product_id, warehouse_id, sum(qty_1c) AS qty FROM stock GROUP BY product_id, warehouse_id
    UNION ALL
    SELECT x.product_id, x.warehouse_id, 0 FROM (SELECT product_id, warehouse_id FROM pending UNION SELECT product_id, warehouse_id FROM stock_levels) x
    WHERE NOT EXISTS (SELECT 1 FROM stock s WHERE s.product_id = x.product_id AND s.warehouse_id = x.warehouse_id)
  )
  SELECT b.product_id, b.warehouse_id, pr.group_id, b.qty + coalesce(pe.qty, 0) AS qty, sl.min_qty
  FROM base b
  JOIN products pr ON pr.id = b.product_id
  JOIN warehouses w ON w.id = b.warehouse_id
  LEFT JOIN pending pe ON pe.product_id = b.product_id AND pe.warehouse_id = b.warehouse_id
  LEFT JOIN stock_levels sl ON sl.product_id = b.product_id AND sl.warehouse_id = b.warehouse_id
  WHERE pr.is_deleted = 0 AND w.is_deleted = 0`;

/**
 * THE SILENT BASELINE: alert_pairs becomes the displayed quantity and minimum of every pair as it is
 * now (one INSERT … SELECT), and the dirty marks are dropped (they are older than these values). No
 * alert: what already holds when the first rule becomes active is not news. Returns the pair count.
 */
export function rebuildAlertPairs(db: AppDb, now: number): number {
  cachedStatement(db, 'DELETE FROM alert_pairs').run();
  const { changes } = cachedStatement(
    db,
    `INSERT INTO alert_pairs (product_id, warehouse_id, qty, min_qty, evaluated_at)
     SELECT product_id, warehouse_id, qty, min_qty, @now FROM (${allPairsSql})`,
  ).run({ now });
  cachedStatement(db, 'DELETE FROM alert_dirty').run();
  return changes;
}
