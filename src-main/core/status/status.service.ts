import { type Settings } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { type SyncRunRow, type SyncStateRow } from '../sync/sync-runs.repo';

export const outboxStatuses = ['pending', 'sending', 'paused', 'dead', 'done'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export type StatusCounts = {
  products: number;
  barcodes: number;
  warehouses: number;
  customers: number;
  priceTypes: number;
  stockRows: number;
  documents: number;
  movements: number;
};

/** What the admin needs to reach 1C. Read from `settings`; there is never a secret in it. */
export type OnecConnection = {
  /** Base URL of the 1C publication, with any user:password@ part removed. */
  url: string | null;
  user: string | null;
  profile: string | null;
};

export type SyncJobStatus = {
  job: string;
  lastRun: {
    status: string;
    startedAt: number;
    finishedAt: number | null;
    durationMs: number | null;
    counts: Record<string, unknown>;
    bytes: number;
    errorCode: string | null;
    errorMessage: string | null;
  } | null;
  lastSuccessAt: number | null;
  lastErrorAt: number | null;
  lastErrorCode: string | null;
};

export type StatusReport = {
  database: { path: string; schemaVersion: string };
  counts: StatusCounts;
  onec: OnecConnection;
  sync: SyncJobStatus[];
  /** depth = rows still to be sent (pending + sending + paused); dead rows need a person. */
  outbox: { depth: number; byStatus: Record<OutboxStatus, number> };
  /** open = alerts not yet read in the alert centre. */
  alerts: { open: number };
};

/** Only these settings are shown; anything else in `settings` is left out on purpose. */
export type OnecSettings = Pick<Settings, 'onecUrl' | 'onecUser' | 'onecProfile'>;

/**
 * A read-only snapshot of the local database for `prilavok status` and support: sizes, the 1C
 * connection (never its password), the last run of each sync job, the outbox and open alerts.
 * `settings` are the validated settings when the caller has them (the settings service); without
 * them the three 1C keys are read from the `settings` table as stored.
 */
export function getStatus(db: AppDb, settings?: OnecSettings): StatusReport {
  const { sqlite } = db;
  // One read transaction: the numbers describe one moment even while a sync is writing.
  return sqlite.transaction(() => {
    const count = (table: string) => Number(sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
    const counts: StatusCounts = {
      products: count('products'),
      barcodes: count('barcodes'),
      warehouses: count('warehouses'),
      customers: count('customers'),
      priceTypes: count('price_types'),
      stockRows: count('stock'),
      documents: count('documents'),
      movements: count('movements'),
    };

    const onecUrl = settings ? settings.onecUrl : readStringSetting(db, 'onecUrl');
    const onec: OnecConnection = {
      url: onecUrl ? withoutCredentials(onecUrl) : null,
      user: (settings ? settings.onecUser : readStringSetting(db, 'onecUser')) || null,
      profile: (settings ? settings.onecProfile : readStringSetting(db, 'onecProfile')) || null,
    };

    return {
      database: { path: db.path, schemaVersion: db.schemaVersion },
      counts,
      onec,
      sync: readSyncJobs(db),
      outbox: readOutbox(db),
      alerts: {
        open: Number(sqlite.prepare('SELECT count(*) FROM alert_events WHERE read_at IS NULL').pluck().get()),
      },
    };
  })();
}

function readStringSetting(db: AppDb, key: keyof OnecSettings): string | null {
  const raw = db.sqlite.prepare('SELECT value_json FROM settings WHERE key = ?').pluck().get(key);
  if (typeof raw !== 'string') return null;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : null;
  } catch {
    // A hand-edited value that is not JSON: show nothing rather than guess.
    return null;
  }
}

/** Drops user:password@ from a URL: an admin may have pasted one, and status output gets shared. */
// Exported for testing only.
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    // Not a URL the client could use anyway; still never echo what looks like userinfo.
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

type RunRow = Omit<SyncRunRow, 'id'>;

type StateRow = Omit<SyncStateRow, 'last_error_message'>;

function readSyncJobs(db: AppDb): SyncJobStatus[] {
  const runs = db.sqlite
    .prepare(
      `SELECT job, status, started_at, finished_at, counts_json, bytes, error_code, error_message
       FROM (SELECT *, row_number() OVER (PARTITION BY job ORDER BY started_at DESC, rowid DESC) AS n FROM sync_runs)
       WHERE n = 1`,
    )
    .all() as RunRow[];
  const states = db.sqlite
    .prepare('SELECT job, last_success_at, last_error_at, last_error_code FROM sync_state')
    .all() as StateRow[];

  const jobs = new Map<string, SyncJobStatus>();
  const entry = (job: string): SyncJobStatus => {
    let found = jobs.get(job);
    if (!found) {
      found = { job, lastRun: null, lastSuccessAt: null, lastErrorAt: null, lastErrorCode: null };
      jobs.set(job, found);
    }
    return found;
  };
  for (const state of states) {
    const job = entry(state.job);
    job.lastSuccessAt = state.last_success_at;
    job.lastErrorAt = state.last_error_at;
    job.lastErrorCode = state.last_error_code;
  }
  for (const run of runs) {
    entry(run.job).lastRun = {
      status: run.status,
      startedAt: run.started_at,
      finishedAt: run.finished_at,
      durationMs: run.finished_at === null ? null : run.finished_at - run.started_at,
      counts: parseCounts(run.counts_json),
      bytes: run.bytes,
      errorCode: run.error_code,
      errorMessage: run.error_message,
    };
  }
  return [...jobs.values()].sort((a, b) => a.job.localeCompare(b.job));
}

function parseCounts(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
  } catch {
    return {};
  }
}

function readOutbox(db: AppDb): StatusReport['outbox'] {
  const byStatus = { pending: 0, sending: 0, paused: 0, dead: 0, done: 0 } satisfies Record<OutboxStatus, number>;
  const rows = db.sqlite.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as {
    status: string;
    n: number;
  }[];
  for (const row of rows) {
    if (isOutboxStatus(row.status)) byStatus[row.status] = row.n;
  }
  return { depth: byStatus.pending + byStatus.sending + byStatus.paused, byStatus };
}

function isOutboxStatus(value: string): value is OutboxStatus {
  return (outboxStatuses as readonly string[]).includes(value);
}
