import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { openDashboardDb, now, wh } from './dashboard.testing';
import { getDashboardTrend } from './dashboard.service';
import { lastDays, localDay } from './local-day';
import { backfillSnapshots, takeDailySnapshot } from './snapshots.service';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(): AppDb {
  const { db, cleanup } = openDashboardDb();
  cleanups.push(cleanup);
  return db;
}

type SnapshotRow = { day: string; warehouseId: number; totalQty: number; stockValue: number; productsInStock: number | null; lowCount: number | null; isBackfilled: number; takenAt: number };

function rows(db: AppDb, warehouseId: number): SnapshotRow[] {
  return db.sqlite
    .prepare(
      `SELECT day, warehouse_id AS warehouseId, total_qty AS totalQty, stock_value AS stockValue, products_in_stock AS productsInStock,
         low_count AS lowCount, is_backfilled AS isBackfilled, taken_at AS takenAt
       FROM stock_snapshots WHERE warehouse_id = ? ORDER BY day`,
    )
    .all(warehouseId) as SnapshotRow[];
}

describe('daily snapshots', () => {
  it('writes today (local day) for every live warehouse and updates it when taken again the same day', () => {
    const db = setup();
    expect(takeDailySnapshot(db, () => now)).toBe(3);
    const today = localDay(now);
    expect(rows(db, wh.lenina)).toEqual([
      { day: today, warehouseId: wh.lenina, totalQty: 6000, stockValue: 107_300, productsInStock: 4, lowCount: 3, isBackfilled: 0, takenAt: now },
    ]);
    expect(rows(db, wh.central)).toEqual([
      { day: today, warehouseId: wh.central, totalQty: 0, stockValue: 0, productsInStock: 0, lowCount: 0, isBackfilled: 0, takenAt: now },
    ]);
    // The deleted warehouse has nothing: no row.
    expect(rows(db, wh.old)).toEqual([]);

    db.sqlite.prepare('UPDATE stock SET qty_1c = 9000 WHERE product_id = 1 AND warehouse_id = ?').run(wh.lenina);
    takeDailySnapshot(db, () => now + 1000);
    expect(rows(db, wh.lenina)).toEqual([expect.objectContaining({ day: today, totalQty: 11_000, stockValue: 157_300, takenAt: now + 1000 })]);
  });

  it('backfills missing past days from today totals minus later movements, once, keeping real rows', () => {
    const db = setup();
    const ranges = lastDays(now, 91);
    const yesterday = ranges[89]?.day as string;
    // A real snapshot of yesterday is kept as it is.
    db.sqlite
      .prepare("INSERT INTO stock_snapshots (day, warehouse_id, total_qty, stock_value, products_in_stock, low_count, is_backfilled, taken_at) VALUES (?, ?, 1, 2, 3, 4, 0, 5)")
      .run(yesterday, wh.lenina);
    // 90 days × 3 live warehouses (the deleted one has neither stock nor movements, but «Ленина», «Мира»
    // and the central warehouse are live), less the real row.
    expect(backfillSnapshots(db, () => now)).toBe(269);
    expect(backfillSnapshots(db, () => now)).toBe(0);

    const lenina = rows(db, wh.lenina);
    expect(lenina).toHaveLength(90);
    expect(lenina.find((r) => r.day === yesterday)).toMatchObject({ totalQty: 1, isBackfilled: 0 });
    // The oldest day (90 days ago) is after the −100 d milk sale: every other «Ленина» movement came later
    // (−45,5 units in all, −11 000 ₽ at today's prices), so the stock then was 6 + 45,5 units worth 1 073 + 11 000 ₽.
    expect(lenina[0]).toEqual({ day: ranges[0]?.day, warehouseId: wh.lenina, totalQty: 51_500, stockValue: 1_207_300, productsInStock: null, lowCount: null, isBackfilled: 1, takenAt: now });

    // Every backfilled day agrees with the ledger read independently: today's total − movements after the day.
    const movements = db.sqlite.prepare('SELECT period, qty_delta AS qty FROM movements WHERE warehouse_id = ?').all(wh.lenina) as Array<{ period: number; qty: number }>;
    for (const range of ranges.slice(0, 90)) {
      const row = lenina.find((r) => r.day === range.day);
      if (!row || row.isBackfilled === 0) continue;
      const later = movements.filter((m) => m.period >= range.end).reduce((sum, m) => sum + m.qty, 0);
      expect(row.totalQty, range.day).toBe(6000 - later);
    }
  });

  it('leaves out days before the first movement in the ledger', () => {
    const db = setup();
    // The history starts 100 days ago; only the last 10 days are asked for here, then 200.
    expect(backfillSnapshots(db, () => now, 10)).toBe(30);
    db.sqlite.prepare('DELETE FROM stock_snapshots').run();
    const written = backfillSnapshots(db, () => now, 200);
    const oldest = db.sqlite.prepare('SELECT min(day) FROM stock_snapshots').pluck().get() as string;
    const firstMovementDay = localDay(now - 100 * 86_400_000);
    expect(oldest).toBe(firstMovementDay);
    expect(written % 3).toBe(0);
  });
});

describe('trend', () => {
  it('gives one point per day that has a row, oldest first; missing days are absent', () => {
    const db = setup();
    backfillSnapshots(db, () => now);
    takeDailySnapshot(db, () => now);
    const ranges = lastDays(now, 7);
    const points = getDashboardTrend(db, wh.lenina, 7, now).points;
    expect(points.map((pt) => pt.day)).toEqual(ranges.map((r) => r.day));
    expect(points.map((pt) => pt.isBackfilled)).toEqual([true, true, true, true, true, true, false]);
    expect(points[6]).toEqual({ day: localDay(now), totalQty: 6000, stockValue: 107_300, productsInStock: 4, lowCount: 3, isBackfilled: false });
    expect(points[0]).toMatchObject({ productsInStock: null, lowCount: null });

    db.sqlite.prepare('DELETE FROM stock_snapshots WHERE day = ?').run(ranges[3]?.day);
    expect(getDashboardTrend(db, wh.lenina, 7, now).points.map((pt) => pt.day)).toEqual(ranges.filter((_, i) => i !== 3).map((r) => r.day));
    expect(getDashboardTrend(db, wh.lenina, 30, now).points).toHaveLength(29);
  });

  it('sums warehouses for all of them, with counts left null', () => {
    const db = setup();
    takeDailySnapshot(db, () => now);
    expect(getDashboardTrend(db, null, 7, now).points).toEqual([
      { day: localDay(now), totalQty: 56_000, stockValue: 607_300, productsInStock: null, lowCount: null, isBackfilled: false },
    ]);
  });
});
