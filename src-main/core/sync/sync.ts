// The sync concept: pull jobs, their counts, progress and run summaries (architecture §4). Types and
// pure rules only; the service (sync.service.ts) owns the transactions.
import { syncJobNames } from '../../../src-preload/contract/sync';
import { type ErrorCode, isAppError } from '../errors/app-error';
import { isOnecError } from '../onec/onec-error';
import { type OnecErrorKind } from '../onec/onec';

/**
 * Pull jobs in dependency order: each job resolves references to what the jobs before it mirrored.
 * The list lives in the contract (the Sync screen shows jobs in this order); movements come before
 * balances because what the movements job inserted tells which warehouses' balances can have
 * changed (decisions D15).
 */
export const jobNames = syncJobNames;
export type JobName = (typeof jobNames)[number];

export function isJobName(value: string): value is JobName {
  return (jobNames as readonly string[]).includes(value);
}

/** Russian names for messages and the CLI. */
export const jobTitles: Record<JobName, string> = {
  warehouses: 'Склады',
  units: 'Единицы измерения',
  catalog: 'Номенклатура',
  characteristics: 'Характеристики',
  barcodes: 'Штрихкоды',
  priceTypes: 'Виды цен',
  prices: 'Цены',
  balances: 'Остатки',
  movements: 'Движения',
  customers: 'Покупатели',
};

/**
 * Rows per job run. `fetched`: rows received from 1C (key-only scan rows are not counted, the full
 * rows that followed are). `unchanged`: fetched rows whose mirrored values were already there.
 * `skipped`: rows left out because they reference something the mirror does not have (each one is
 * also a warning).
 */
export type JobCounts = {
  fetched: number;
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  skipped: number;
};

export function emptyCounts(): JobCounts {
  return { fetched: 0, inserted: 0, updated: 0, deleted: 0, unchanged: 0, skipped: 0 };
}

/**
 * `scan`: reading keys and versions; `fetch`: reading full rows; `apply`: a committed page;
 * `verify`: re-asking 1C about rows that seem to be gone; `done`: the job finished (any status).
 */
export const syncPhases = ['scan', 'fetch', 'apply', 'verify', 'done'] as const;
export type SyncPhase = (typeof syncPhases)[number];

/** One progress tick; plain JSON, emitted as-is as the `sync.progress` event. */
export type SyncProgress = {
  runId: string;
  job: JobName;
  phase: SyncPhase;
  /** Rows (or requests, for jobs that cannot count rows ahead) done in this phase. */
  done: number;
  /** Known total for this phase, absent when 1C does not tell it in advance. */
  total?: number;
};

export type JobStatusValue = 'ok' | 'failed' | 'skipped' | 'cancelled';

export type JobError = {
  code: ErrorCode;
  /** The 1C failure class for 'erp' errors, else null. */
  kind: OnecErrorKind | null;
  /** Russian, for the user: what failed and what to do; includes 1C's own text where there was one. */
  message: string;
  /** 1C's words, verbatim (may echo request input). */
  onecMessage: string | null;
};

export type JobSummary = {
  job: JobName;
  status: JobStatusValue;
  counts: JobCounts;
  /** Response bytes received from 1C for this job (retries included). */
  bytes: number;
  requests: number;
  durationMs: number;
  /** Up to 20 sample warnings (unknown references and the like); `counts.skipped` has the total. */
  warnings: string[];
  error: JobError | null;
};

export type SyncRunSummary = {
  runId: string;
  /** ok: every job ok; failed: at least one job failed; cancelled: shutdown stopped the run. */
  status: 'ok' | 'failed' | 'cancelled';
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  bytes: number;
  jobs: JobSummary[];
};

/** What the UI shows per job: the last run, the last success and the last error. */
export type SyncJobStatus = {
  job: JobName;
  lastRun: {
    runId: string;
    status: 'running' | 'ok' | 'failed' | 'cancelled';
    startedAt: number;
    finishedAt: number | null;
    durationMs: number | null;
    counts: JobCounts;
    bytes: number;
    errorCode: string | null;
    errorMessage: string | null;
  } | null;
  lastSuccessAt: number | null;
  lastErrorAt: number | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
};

/**
 * What the jobs before the current one did in this run, and how old a register read may get before
 * it is repeated in full whatever the probes say (decisions D15).
 */
export type RunSoFar = {
  /** True when `job` ran earlier in this run and finished ok. */
  hasSucceeded(job: JobName): boolean;
  /** When `job` started in this run (clock ms); null when it did not run. What it read is confirmed up to then. */
  startedAt(job: JobName): number | null;
  /** True when every listed job ran earlier in this run, finished ok and inserted, updated or deleted nothing. */
  isUnchanged(jobs: readonly JobName[]): boolean;
  fullRefreshMs: number;
};

/** A full register read is due when none was recorded, it is older than the interval, or the clock went back. */
export function isFullReadDue(lastReadAt: number | null | undefined, now: number, fullRefreshMs: number): boolean {
  return typeof lastReadAt !== 'number' || now < lastReadAt || now - lastReadAt >= fullRefreshMs;
}

/** Connection-level failures: the jobs after this one would fail the same way, so they are skipped. */
export function isConnectionFailure(error: JobError): boolean {
  return error.kind === 'auth' || error.kind === 'network' || error.kind === 'timeout';
}

/** Turns anything a job threw into the recorded, user-facing error (1C's own text kept). */
export function toJobError(job: JobName, err: unknown): JobError {
  const title = jobTitles[job];
  if (isOnecError(err)) {
    const onecMessage = err.details.onecMessage;
    // 'business' messages already are 1C's text; for the rest add it so the admin sees 1C's words.
    const withOnecText =
      onecMessage && !err.message.includes(onecMessage) ? `${err.message} Текст ошибки 1С: «${onecMessage}».` : err.message;
    return { code: 'erp', kind: err.details.kind, message: `«${title}»: ${withOnecText}`, onecMessage };
  }
  if (isAppError(err)) return { code: err.code, kind: null, message: `«${title}»: ${err.message}`, onecMessage: null };
  const text = err instanceof Error ? err.message : String(err);
  return {
    code: 'internal',
    kind: null,
    message: `«${title}»: загрузка из 1С прервана непредвиденной ошибкой (${text}). Уже загруженные страницы сохранены; повторите синхронизацию, а если ошибка повторяется — сообщите разработчикам Prilavok.`,
    onecMessage: null,
  };
}
