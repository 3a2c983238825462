// The manager's start screen (issue #6): how the store stands, from the local mirror only (works
// offline). All warehouses (null) or one. Read in one transaction so the numbers describe one moment
// even while a sync is writing.
import { type DashboardSummary, type TrendPoint } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { readRecentActivity, readSyncHealth, readTopMovers } from './activity.repo';
import { readTrend } from './snapshots.service';
import { readStockTotals } from './stock-totals.repo';

const dayMs = 86_400_000;
/** Top movers look back this far (the contract: "the last 7 days"). */
const topMoversWindowMs = 7 * dayMs;

export function getDashboardSummary(db: AppDb, warehouseId: number | null, now: number): DashboardSummary {
  return db.sqlite.transaction((): DashboardSummary => {
    const totals = readStockTotals(db, warehouseId ?? 'all')[0];
    return {
      warehouseId,
      productsInStock: totals?.productsInStock ?? 0,
      lowStockCount: totals?.lowCount ?? 0,
      stockValue: totals?.stockValue ?? 0,
      sync: readSyncHealth(db),
      outbox: readOutbox(db, warehouseId),
      unreadAlerts: readUnreadAlerts(db, warehouseId),
      topMovers: readTopMovers(db, warehouseId, now - topMoversWindowMs),
      recentActivity: readRecentActivity(db, warehouseId),
      generatedAt: now,
    };
  })();
}

/** The trend chart's points (see readTrend for missing days and the all-warehouses sums). */
export function getDashboardTrend(db: AppDb, warehouseId: number | null, days: number, now: number): { points: TrendPoint[] } {
  return { points: readTrend(db, warehouseId, days, now) };
}

/** depth: documents waiting for 1C or being sent; rejected: refused by 1C and waiting for a person. */
function readOutbox(db: AppDb, warehouseId: number | null): DashboardSummary['outbox'] {
  const isOne = warehouseId !== null;
  const row = cachedStatement(
    db,
    `SELECT coalesce(sum(status IN ('queued', 'sending')), 0) AS depth, coalesce(sum(status = 'rejected'), 0) AS rejected
     FROM documents WHERE status IN ('queued', 'sending', 'rejected')
     ${isOne ? 'AND (warehouse_id = @warehouseId OR to_warehouse_id = @warehouseId)' : ''}`,
  ).get(isOne ? { warehouseId } : {}) as DashboardSummary['outbox'];
  return row;
}

/** The badge count; for one warehouse, its alerts only. */
function readUnreadAlerts(db: AppDb, warehouseId: number | null): number {
  const isOne = warehouseId !== null;
  return cachedStatement(db, `SELECT count(*) FROM alert_events WHERE read_at IS NULL ${isOne ? 'AND warehouse_id = ?' : ''}`)
    .pluck()
    .get(...(isOne ? [warehouseId] : [])) as number;
}
