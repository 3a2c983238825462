// Daily stock totals per warehouse (stock_snapshots) for the dashboard's 7/30/90-day trend charts.
// Today's row is taken from the live totals and re-taken as the day goes on (after each sync run);
// past days that have no row are rebuilt from the movement ledger once (is_backfilled).
import { type TrendPoint } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { retailPriceTypeId } from '../inventory/retail-price-type';
import { type DayRange, lastDays, localDay } from './local-day';
import { readStockTotals, type StockTotals } from './stock-totals.repo';

const upsertSql = `INSERT INTO stock_snapshots (day, warehouse_id, total_qty, stock_value, products_in_stock, low_count, is_backfilled, taken_at)
  VALUES (@day, @warehouseId, @totalQty, @stockValue, @productsInStock, @lowCount, @isBackfilled, @takenAt)
  ON CONFLICT (day, warehouse_id) DO UPDATE SET total_qty = excluded.total_qty, stock_value = excluded.stock_value,
    products_in_stock = excluded.products_in_stock, low_count = excluded.low_count, is_backfilled = excluded.is_backfilled,
    taken_at = excluded.taken_at`;

/** Live warehouses get a row even with nothing in stock: a chart of a new store starts at zero, not blank. */
function warehouseIds(db: AppDb, totals: readonly StockTotals[]): number[] {
  const live = cachedStatement(db, 'SELECT id FROM warehouses WHERE is_deleted = 0').pluck().all() as number[];
  return [...new Set([...live, ...totals.map((t) => t.warehouseId as number)])].sort((a, b) => a - b);
}

/**
 * Upserts today's row (local day) for every warehouse from the live totals (displayed quantities,
 * retail prices). Call it after each sync run and after documents change: the last call of a day
 * is what that day keeps. Returns the number of rows written.
 */
export function takeDailySnapshot(db: AppDb, clock: () => number): number {
  const now = clock();
  const day = localDay(now);
  const totals = readStockTotals(db, 'perWarehouse');
  const byId = new Map(totals.map((t) => [t.warehouseId, t]));
  const ids = warehouseIds(db, totals);
  const upsert = cachedStatement(db, upsertSql);
  db.sqlite.transaction(() => {
    for (const warehouseId of ids) {
      const t = byId.get(warehouseId);
      upsert.run({
        day,
        warehouseId,
        totalQty: t?.totalQty ?? 0,
        stockValue: t?.stockValue ?? 0,
        productsInStock: t?.productsInStock ?? 0,
        lowCount: t?.lowCount ?? 0,
        isBackfilled: 0,
        takenAt: now,
      });
    }
  })();
  return ids.length;
}

type Bucket = { warehouseId: number; i: number; qty: number; value: number };

/**
 * Rebuilds the past `days` days (before today) that have no row, per warehouse: the state at the end
 * of day d = today's totals − every ledger movement after d. Quantity and value only (value at
 * TODAY's retail prices: the price history is not mirrored); products in stock and low counts are
 * per-product facts the totals cannot give, so they stay null. Days before the first movement in the
 * ledger are left out: the ledger only goes back as far as the first pull read (movementsHistoryMs),
 * so "nothing moved" and "not pulled" cannot be told apart there. Local documents 1C has not
 * counted are in today's totals but not in the ledger: a backfilled day is an estimate, and marked.
 * Returns the number of rows written.
 */
export function backfillSnapshots(db: AppDb, clock: () => number, days = 90): number {
  const now = clock();
  const firstMovement = cachedStatement(db, 'SELECT min(period) FROM movements').pluck().get() as number | null;
  if (firstMovement === null) return 0;
  // Oldest first; the last range is today.
  const ranges = lastDays(now, days + 1);
  const past = ranges.slice(0, -1).filter((r) => r.end > firstMovement);
  if (past.length === 0) return 0;
  const existing = new Set(
    (cachedStatement(db, 'SELECT day || \'|\' || warehouse_id FROM stock_snapshots WHERE day >= ?').pluck().all(past[0]?.day) as string[]),
  );
  const totals = readStockTotals(db, 'perWarehouse');
  // Buckets: each past day, today, and everything later (a movement dated in the future is "after" every day too).
  const today = ranges[ranges.length - 1] as DayRange;
  const bucketRanges = [...past, today, { day: '', start: today.end, end: Number.MAX_SAFE_INTEGER }];
  const buckets = readBuckets(db, bucketRanges, warehouseIds(db, totals));

  const upsert = cachedStatement(db, upsertSql);
  let written = 0;
  db.sqlite.transaction(() => {
    for (const warehouseId of warehouseIds(db, totals)) {
      const current = totals.find((t) => t.warehouseId === warehouseId);
      const own = buckets.filter((b) => b.warehouseId === warehouseId);
      // Walk back from today: after processing day i, qty/value are the totals at the end of day i.
      let qty = current?.totalQty ?? 0;
      let value = current?.stockValue ?? 0;
      for (let i = bucketRanges.length - 1; i >= 0; i -= 1) {
        if (i < past.length) {
          const day = (past[i] as DayRange).day;
          if (!existing.has(`${day}|${warehouseId}`)) {
            upsert.run({ day, warehouseId, totalQty: qty, stockValue: Math.round(value), productsInStock: null, lowCount: null, isBackfilled: 1, takenAt: now });
            written += 1;
          }
        }
        const moved = own.find((b) => b.i === i);
        if (moved) {
          qty -= moved.qty;
          value -= moved.value;
        }
      }
    }
  })();
  return written;
}

/** Per warehouse and range: the sum of ledger movements (thousandths) and their value at today's retail prices (kopecks). */
function readBuckets(db: AppDb, ranges: readonly DayRange[], warehouses: readonly number[]): Bucket[] {
  // One range scan of movements_warehouse_period per (warehouse, day): never the whole ledger.
  const statement = cachedStatement(
    db,
    `WITH days AS (SELECT key AS i, json_extract(value, '$.start') AS start, json_extract(value, '$.end') AS end FROM json_each(@ranges))
     SELECT @warehouseId AS warehouseId, d.i AS i, sum(m.qty_delta) AS qty,
       total(m.qty_delta * coalesce(
         (SELECT pr.price FROM prices pr WHERE pr.product_id = m.product_id AND pr.characteristic_id = m.characteristic_id AND pr.price_type_id = @priceTypeId),
         (SELECT pr.price FROM prices pr WHERE pr.product_id = m.product_id AND pr.characteristic_id IS NULL AND pr.price_type_id = @priceTypeId),
         0)) / 1000.0 AS value
     FROM days d CROSS JOIN movements m ON m.warehouse_id = @warehouseId AND m.period >= d.start AND m.period < d.end
     GROUP BY d.i`,
  );
  const json = JSON.stringify(ranges.map((r) => ({ start: r.start, end: r.end })));
  const priceTypeId = retailPriceTypeId(db) ?? -1;
  return warehouses.flatMap((warehouseId) => statement.all({ ranges: json, warehouseId, priceTypeId }) as Bucket[]);
}

/**
 * One point per local day of the last `days` days (today included) that has a row. Missing days are
 * ABSENT, not carried: a gap means nothing was recorded (the PC was off before the ledger reached
 * that far), and a chart draws a gap honestly where a carried value would invent a flat line.
 * All warehouses (null): quantities and values are summed; productsInStock and lowCount are null,
 * because a product in stock at two stores would count twice (the summary has the exact overall counts).
 */
export function readTrend(db: AppDb, warehouseId: number | null, days: number, now: number): TrendPoint[] {
  const ranges = lastDays(now, days);
  const from = (ranges[0] as DayRange).day;
  const to = (ranges[ranges.length - 1] as DayRange).day;
  if (warehouseId !== null) {
    const rows = cachedStatement(
      db,
      `SELECT day, total_qty AS totalQty, stock_value AS stockValue, products_in_stock AS productsInStock, low_count AS lowCount,
         is_backfilled AS isBackfilled
       FROM stock_snapshots WHERE warehouse_id = ? AND day BETWEEN ? AND ? ORDER BY day`,
    ).all(warehouseId, from, to) as Array<Omit<TrendPoint, 'isBackfilled'> & { isBackfilled: number }>;
    return rows.map((r) => ({ ...r, isBackfilled: r.isBackfilled === 1 }));
  }
  const rows = cachedStatement(
    db,
    `SELECT day, sum(total_qty) AS totalQty, sum(stock_value) AS stockValue, max(is_backfilled) AS isBackfilled
     FROM stock_snapshots WHERE day BETWEEN ? AND ? GROUP BY day ORDER BY day`,
  ).all(from, to) as Array<{ day: string; totalQty: number; stockValue: number; isBackfilled: number }>;
  return rows.map((r) => ({ ...r, productsInStock: null, lowCount: null, isBackfilled: r.isBackfilled === 1 }));
}
