// sync_runs (one row per job run) and sync_state (one row per job: cursor, last success/error).
import { randomBytes } from 'node:crypto';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { emptyCounts, type JobCounts, type JobError, type JobName, jobNames, type SyncJobStatus } from './sync';

/** UUID v7 (RFC 9562): time-ordered, so runs sort by id as they sort by start. */
export function newRunId(now: number): string {
  const bytes = randomBytes(16);
  const ms = BigInt(Math.max(0, Math.floor(now)));
  for (let i = 0; i < 6; i += 1) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function insertRunningJob(db: AppDb, id: string, job: JobName, startedAt: number): void {
  cachedStatement(
    db,
    `INSERT INTO sync_runs (id, job, started_at, status, counts_json, bytes) VALUES (?, ?, ?, 'running', '{}', 0)`,
  ).run(id, job, startedAt);
}

export type FinishedJob = {
  id: string;
  job: JobName;
  status: 'ok' | 'failed' | 'cancelled';
  finishedAt: number;
  counts: JobCounts;
  bytes: number;
  error: JobError | null;
};

/** Closes the run row and updates the job's state in one transaction. */
export function finishJob(db: AppDb, finished: FinishedJob): void {
  db.sqlite.transaction(() => {
    cachedStatement(
      db,
      `UPDATE sync_runs SET status = ?, finished_at = ?, counts_json = ?, bytes = ?, error_code = ?, error_message = ?
       WHERE id = ?`,
    ).run(
      finished.status,
      finished.finishedAt,
      JSON.stringify(finished.counts),
      finished.bytes,
      finished.error?.code ?? null,
      finished.error?.message ?? null,
      finished.id,
    );
    if (finished.status === 'ok') {
      cachedStatement(
        db,
        `INSERT INTO sync_state (job, last_success_at, counts_json) VALUES (?, ?, ?)
         ON CONFLICT(job) DO UPDATE SET last_success_at = excluded.last_success_at, counts_json = excluded.counts_json`,
      ).run(finished.job, finished.finishedAt, JSON.stringify(finished.counts));
    } else if (finished.status === 'failed') {
      cachedStatement(
        db,
        `INSERT INTO sync_state (job, last_error_at, last_error_code, last_error_message) VALUES (?, ?, ?, ?)
         ON CONFLICT(job) DO UPDATE SET last_error_at = excluded.last_error_at, last_error_code = excluded.last_error_code,
           last_error_message = excluded.last_error_message`,
      ).run(finished.job, finished.finishedAt, finished.error?.code ?? null, finished.error?.message ?? null);
    }
  })();
}

/** A run row left 'running' by a crash or a killed process is closed as failed at the next start. */
export function closeAbandonedRuns(db: AppDb, now: number): number {
  return cachedStatement(
    db,
    `UPDATE sync_runs SET status = 'failed', finished_at = ?, error_code = 'internal',
       error_message = 'Синхронизация была прервана (программа закрыта или упала); уже загруженные страницы сохранены.'
     WHERE status = 'running'`,
  ).run(now).changes;
}

export function readCursor(db: AppDb, job: JobName): string | null {
  const value = cachedStatement(db, 'SELECT cursor FROM sync_state WHERE job = ?').pluck().get(job);
  return typeof value === 'string' ? value : null;
}

/** Writes the cursor; call inside the transaction that commits the page it describes. No-op when unchanged. */
export function writeCursor(db: AppDb, job: JobName, cursor: string): void {
  cachedStatement(
    db,
    `INSERT INTO sync_state (job, cursor) VALUES (?, ?)
     ON CONFLICT(job) DO UPDATE SET cursor = excluded.cursor WHERE sync_state.cursor IS NOT excluded.cursor`,
  ).run(job, cursor);
}

/** A `sync_runs` row as read back. */
export type SyncRunRow = {
  id: string;
  job: string;
  status: 'running' | 'ok' | 'failed' | 'cancelled';
  started_at: number;
  finished_at: number | null;
  counts_json: string;
  bytes: number;
  error_code: string | null;
  error_message: string | null;
};

/** A `sync_state` row's outcome columns. */
export type SyncStateRow = {
  job: string;
  last_success_at: number | null;
  last_error_at: number | null;
  last_error_code: string | null;
  last_error_message: string | null;
};

/** Every pull job, in dependency order, with its last run and state (jobs never run have nulls). */
export function readJobStatuses(db: AppDb): SyncJobStatus[] {
  const runs = db.sqlite
    .prepare(
      `SELECT id, job, status, started_at, finished_at, counts_json, bytes, error_code, error_message
       FROM (SELECT *, row_number() OVER (PARTITION BY job ORDER BY started_at DESC, id DESC) AS n FROM sync_runs)
       WHERE n = 1`,
    )
    .all() as SyncRunRow[];
  const states = db.sqlite
    .prepare('SELECT job, last_success_at, last_error_at, last_error_code, last_error_message FROM sync_state')
    .all() as SyncStateRow[];
  const runByJob = new Map(runs.map((r) => [r.job, r]));
  const stateByJob = new Map(states.map((s) => [s.job, s]));
  return jobNames.map((job) => {
    const run = runByJob.get(job);
    const state = stateByJob.get(job);
    return {
      job,
      lastRun: run
        ? {
            runId: run.id,
            status: run.status,
            startedAt: run.started_at,
            finishedAt: run.finished_at,
            durationMs: run.finished_at === null ? null : run.finished_at - run.started_at,
            counts: parseCounts(run.counts_json),
            bytes: run.bytes,
            errorCode: run.error_code,
            errorMessage: run.error_message,
          }
        : null,
      lastSuccessAt: state?.last_success_at ?? null,
      lastErrorAt: state?.last_error_at ?? null,
      lastErrorCode: state?.last_error_code ?? null,
      lastErrorMessage: state?.last_error_message ?? null,
    };
  });
}

function parseCounts(json: string): JobCounts {
  const counts = emptyCounts();
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null) return counts;
    for (const key of Object.keys(counts) as (keyof JobCounts)[]) {
      const n = (value as Record<string, unknown>)[key];
      if (typeof n === 'number') counts[key] = n;
    }
  } catch {
    // A hand-edited or older row: show zeros rather than fail the status screen.
  }
  return counts;
}
