// The dashboard's lists: sync health per job, top movers of the last days, and recent activity
// (documents, sync runs, alerts), each one query over an index, optionally for one warehouse.
import { type ActivityItem, type DashboardSummary } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { documentKindInfo } from '../documents/document-kinds';
import { statusTitles } from '../documents/documents';
import { isJobName, jobTitles } from '../sync/sync';
import { readJobStatuses } from '../sync/sync-runs.repo';

type SyncHealth = DashboardSummary['sync'][number];
type TopMover = DashboardSummary['topMovers'][number];

/** Every pull job in dependency order, with a Russian title; a cancelled last run shows the state before it. */
export function readSyncHealth(db: AppDb): SyncHealth[] {
  return readJobStatuses(db).map((status): SyncHealth => {
    const run = status.lastRun;
    const state: SyncHealth['state'] =
      run === null
        ? 'never'
        : run.status === 'running'
          ? 'running'
          : run.status === 'failed'
            ? 'failed'
            : run.status === 'ok' || status.lastSuccessAt !== null
              ? 'ok'
              : 'never';
    return {
      job: status.job,
      title: jobTitles[status.job],
      state,
      lastSuccessAt: status.lastSuccessAt,
      lastErrorMessage: state === 'failed' ? (run?.errorMessage ?? status.lastErrorMessage) : null,
    };
  });
}

/**
 * Products with the most quantity out (all expense movements, sales and transfers alike: this is
 * "what moves", not demand) since `since`, with what came in. The ledger is walked per warehouse
 * over movements_warehouse_period, so only the window is read, never the whole history.
 */
export function readTopMovers(db: AppDb, warehouseId: number | null, since: number, limit = 10): TopMover[] {
  // Deleted warehouses too: what moved there still moved.
  const warehouseFilter = warehouseId === null ? '1' : 'w.id = @warehouseId';
  return cachedStatement(
    db,
    `WITH moved AS (
       SELECT m.product_id, sum(CASE WHEN m.qty_delta < 0 THEN -m.qty_delta ELSE 0 END) AS qtyOut,
         sum(CASE WHEN m.qty_delta > 0 THEN m.qty_delta ELSE 0 END) AS qtyIn
       FROM warehouses w CROSS JOIN movements m ON m.warehouse_id = w.id AND m.period >= @since
       WHERE ${warehouseFilter}
       GROUP BY m.product_id)
     SELECT p.id AS productId, p.name, nullif(p.code, '') AS code, moved.qtyOut, moved.qtyIn
     FROM moved JOIN products p ON p.id = moved.product_id
     WHERE moved.qtyOut > 0 ORDER BY moved.qtyOut DESC, p.id LIMIT @limit`,
  ).all({ since, limit, ...(warehouseId === null ? {} : { warehouseId }) }) as TopMover[];
}

type ActivityRow = { at: number; kind: ActivityItem['kind']; a: string | null; b: string | null; c: string | null; d: string | null };

/**
 * The newest `limit` events: documents by their last change, sync runs by their start, alerts by when
 * they fired. For one warehouse: its documents (either side of a transfer) and alerts; sync runs are
 * shown for every warehouse (a pull serves them all).
 */
export function readRecentActivity(db: AppDb, warehouseId: number | null, limit = 20): ActivityItem[] {
  const isOne = warehouseId !== null;
  const rows = cachedStatement(
    db,
    `SELECT * FROM (
       SELECT * FROM (SELECT updated_at AS at, 'document' AS kind, kind AS a, status AS b, coalesce(number_1c, local_number) AS c, NULL AS d
         FROM documents ${isOne ? 'WHERE warehouse_id = @warehouseId OR to_warehouse_id = @warehouseId' : ''}
         ORDER BY updated_at DESC LIMIT @limit)
       UNION ALL
       SELECT * FROM (SELECT started_at AS at, 'sync' AS kind, job AS a, status AS b, error_message AS c, NULL AS d
         FROM sync_runs ORDER BY started_at DESC LIMIT @limit)
       UNION ALL
       SELECT * FROM (SELECT fired_at AS at, 'alert' AS kind, message AS a, NULL AS b, NULL AS c, NULL AS d
         FROM alert_events ${isOne ? 'WHERE warehouse_id = @warehouseId' : ''} ORDER BY fired_at DESC LIMIT @limit))
     ORDER BY at DESC LIMIT @limit`,
  ).all({ limit, ...(isOne ? { warehouseId } : {}) }) as ActivityRow[];
  return rows.map((row) => ({ at: row.at, kind: row.kind, text: activityText(row) }));
}

const runTitles: Record<string, string> = {
  running: 'идёт',
  ok: 'выполнена',
  failed: 'ошибка',
  cancelled: 'остановлена',
};

function activityText(row: ActivityRow): string {
  if (row.kind === 'alert') return row.a ?? '';
  if (row.kind === 'sync') {
    const job = row.a ?? '';
    const title = isJobName(job) ? jobTitles[job] : job;
    const state = runTitles[row.b ?? ''] ?? row.b ?? '';
    return row.b === 'failed' && row.c ? `Загрузка из 1С «${title}»: ${state} — ${row.c}` : `Загрузка из 1С «${title}»: ${state}`;
  }
  // A kind or status this version does not know (a newer database) still gets a line.
  const kind = (documentKindInfo as Partial<Record<string, { shortTitle: string }>>)[row.a ?? '']?.shortTitle ?? 'Документ';
  const status = (statusTitles as Partial<Record<string, string>>)[row.b ?? ''] ?? row.b ?? '';
  return `${kind} ${row.c ?? ''}: ${status}`;
}
