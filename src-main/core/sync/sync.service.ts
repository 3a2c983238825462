// The pull side of sync (architecture §4, style B5): runs the pull jobs in dependency order,
// single-flight, recording every job run in sync_runs and its state in sync_state.
import { type DeferrableTable, hasDeferredIndexes } from '../db/deferred-indexes';
import { type AppDb } from '../db/open';
import { toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { type OnecClient, type OnecProfile } from '../onec/onec';
import { characteristicsKind, groupsKind, priceTypesKind, productsKind, unitsKind, warehousesKind } from './catalog-kinds';
import { pullCatalog } from './catalog-pull.job';
import { type CustomerChange } from '../customers/customer-sync.service';
import { pullCustomers } from './customers-pull.job';
import { pullMovements } from './movements-pull.job';
import { createIdleWork } from './idle-work';
import { createPutOffWork } from './put-off-work';
import { createPullContext, defaultPullOptions, type JobMeter, type PullContext, type PullOptions } from './pull-context';
import { pullBalances, pullBarcodes, pullPrices } from './register-pull.job';
import { createRefIndex, type RefIndex } from './ref-index';
import { type Scheduler, type SchedulerFactory } from './scheduler';
import {
  emptyCounts,
  isConnectionFailure,
  type JobError,
  type JobName,
  jobNames,
  type JobSummary,
  jobTitles,
  type RunSoFar,
  type SyncJobStatus,
  type SyncPhase,
  type SyncProgress,
  type SyncRunSummary,
  toJobError,
} from './sync';
import { closeAbandonedRuns, finishJob, insertRunningJob, newRunId, readJobStatuses } from './sync-runs.repo';

export type SyncServiceDeps = {
  db: AppDb;
  client: OnecClient;
  profile: OnecProfile;
  logger: Logger;
  /** Epoch ms. */
  clock: () => number;
  /** Progress ticks (throttled to ~10 per second per job, plus every phase change); plain JSON. */
  onProgress?: (progress: SyncProgress) => void;
  /** Called once per run with its summary (also the resolved value of runNow). */
  onFinished?: (summary: SyncRunSummary) => void;
  /** Starts a schedule that calls runNow on every tick; stopped by shutdown. */
  schedule?: { expression: string; create: SchedulerFactory };
  options?: Partial<PullOptions>;
  /**
   * Barcodes, prices and balances are re-read in full at least this often even when the cheap
   * change checks say nothing changed (decisions D15). Default 24.
   */
  fullRefreshHours?: number;
  /** After each committed page of the customers job: which customers changed (for customers.changed). */
  onCustomersChanged?: (changes: readonly CustomerChange[]) => void;
};

export type SyncService = {
  /**
   * Runs the pull jobs (all, or the listed ones, always in dependency order). Single-flight: while
   * a run is going, every call returns that run's promise (its job list wins). Resolves with the
   * summary even when jobs failed (see `status` and each job's `error`); rejects only if the run
   * itself could not be recorded (the database is gone).
   */
  runNow(options?: { jobs?: readonly JobName[] }): Promise<SyncRunSummary>;
  /** Every job with its last run, last success and last error, in dependency order. */
  status(): SyncJobStatus[];
  isRunning(): boolean;
  /** Stops the schedule, asks the current run to stop after the page in flight, and waits for it. */
  shutdown(): Promise<void>;
};

type JobRunner = (ctx: PullContext, run: RunSoFar) => Promise<void>;

function jobRunners(profile: OnecProfile, onCustomersChanged: SyncServiceDeps['onCustomersChanged']): Record<JobName, JobRunner> {
  return {
    warehouses: (ctx) => pullCatalog(ctx, warehousesKind(profile)),
    units: (ctx) => pullCatalog(ctx, unitsKind(profile)),
    catalog: async (ctx) => {
      // Groups first: products resolve their group by ref.
      const groups = groupsKind(profile);
      if (groups) await pullCatalog(ctx, groups);
      await pullCatalog(ctx, productsKind(profile));
    },
    characteristics: async (ctx) => {
      const kind = characteristicsKind(profile);
      if (kind) await pullCatalog(ctx, kind);
    },
    barcodes: pullBarcodes,
    priceTypes: (ctx) => pullCatalog(ctx, priceTypesKind(profile)),
    prices: pullPrices,
    balances: pullBalances,
    movements: pullMovements,
    customers: (ctx) => pullCustomers(ctx, onCustomersChanged ? { onChanged: onCustomersChanged } : {}),
  };
}

const progressIntervalMs = 100;

/**
 * Jobs that may start before the job ahead of them has finished (D21): nothing they decide before
 * their first requests depends on the jobs before them, and everything they apply waits for their
 * turn. Movements read their own cursor only; prices, barcodes and balances decide from what the
 * jobs before them did, so they wait.
 */
/** Jobs that write no catalog the ref index reads. */
const registerJobs: ReadonlySet<JobName> = new Set<JobName>(['barcodes', 'prices', 'movements', 'balances']);

/** The mirror tables a job may load from empty with their secondary indexes put off (D32). */
const tablesLoadedBy: Partial<Record<JobName, readonly DeferrableTable[]>> = {
  catalog: ['products'],
  barcodes: ['barcodes'],
  prices: ['prices'],
  movements: ['movements'],
  balances: ['stock'],
};

const startsAhead: ReadonlySet<JobName> = new Set<JobName>(['movements']);

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const { db, client, profile, logger, clock } = deps;
  const options: PullOptions = { ...defaultPullOptions, ...deps.options };
  const runners = jobRunners(profile, deps.onCustomersChanged);
  const fullRefreshMs = (deps.fullRefreshHours ?? 24) * 3_600_000;
  let current: Promise<SyncRunSummary> | null = null;
  let controller: AbortController | null = null;
  let isShuttingDown = false;

  const putOffWork = createPutOffWork(db, logger);

  const abandoned = closeAbandonedRuns(db, clock());
  if (abandoned > 0) logger.warn(`closed ${abandoned} sync run(s) left running by a previous process`);

  /** A job whose runner has been started; its summary is recorded by `settleJob`. */
  type Launched = {
    job: JobName;
    started: number;
    startedPerf: number;
    counts: ReturnType<typeof emptyCounts>;
    meter: JobMeter;
    emit: (phase: SyncPhase, done: number, total?: number) => void;
    /** Aborted with the run, or alone when a job started ahead of its turn is dropped. */
    controller: AbortController;
    /** Opens the turn of a job started ahead of it; a no-op otherwise. */
    openTurn: () => void;
    /** What the runner threw, or null; never rejects. */
    outcome: Promise<{ error: unknown } | null>;
  };

  function launchJob(
    runId: string,
    job: JobName,
    runSignal: AbortSignal,
    run: RunSoFar,
    hooks: { isAhead: boolean; nearEnd: () => void; whileOnecWorks: () => boolean; refIndex: () => RefIndex },
  ): Launched {
    const started = clock();
    const startedPerf = performance.now();
    const counts = emptyCounts();
    const meter: JobMeter = { bytes: 0, requests: 0, warnings: [], warningCount: 0 };
    let lastEmit = 0;
    let lastPhase: SyncPhase | null = null;
    const emit = (phase: SyncPhase, done: number, total?: number): void => {
      if (!deps.onProgress) return;
      const at = performance.now();
      if (phase === lastPhase && phase !== 'done' && at - lastEmit < progressIntervalMs) return;
      lastEmit = at;
      lastPhase = phase;
      const progress: SyncProgress = { runId, job, phase, done, ...(total === undefined ? {} : { total }) };
      try {
        deps.onProgress(progress);
      } catch (err) {
        // A broken listener must not fail the sync it is watching.
        logger.warn(`sync progress listener failed: ${toLogFormat(err)}`);
      }
    };
    const controller = new AbortController();
    const stopWithRun = (): void => controller.abort(runSignal.reason);
    if (runSignal.aborted) stopWithRun();
    else runSignal.addEventListener('abort', stopWithRun, { once: true });
    let openTurn = (): void => undefined;
    const turn = hooks.isAhead
      ? new Promise<void>((resolve) => {
          openTurn = resolve;
        })
      : undefined;
    const ctx = createPullContext({
      job,
      db,
      client,
      profile,
      logger,
      clock,
      options,
      counts,
      meter,
      signal: controller.signal,
      onProgress: emit,
      ...(turn ? { turn } : {}),
      nearEnd: hooks.nearEnd,
      whileOnecWorks: hooks.whileOnecWorks,
      refIndex: hooks.refIndex,
    });
    const outcome = Promise.resolve()
      .then(() => runners[job](ctx, run))
      .then(
        () => null,
        (error: unknown) => ({ error }),
      )
      .finally(() => runSignal.removeEventListener('abort', stopWithRun));
    return { job, started, startedPerf, counts, meter, emit, controller, openTurn, outcome };
  }

  /** Records the job as running, gives it its turn, waits for it and records how it ended. */
  async function settleJob(runId: string, launched: Launched): Promise<JobSummary> {
    const { job, counts, meter, emit } = launched;
    const id = newRunId(clock());
    insertRunningJob(db, id, job, launched.started);
    launched.openTurn();
    const outcome = await launched.outcome;
    let status: JobSummary['status'] = 'ok';
    let error: JobError | null = null;
    if (outcome !== null) {
      if (launched.controller.signal.aborted) {
        status = 'cancelled';
        error = { code: 'internal', kind: null, message: `«${jobTitles[job]}»: синхронизация остановлена при закрытии программы; загруженные страницы сохранены.`, onecMessage: null };
      } else {
        status = 'failed';
        error = toJobError(job, outcome.error);
        logger.error(`sync ${job} failed: ${toLogFormat(outcome.error)}`);
      }
    }
    const finishedAt = clock();
    finishJob(db, { id, job, status, finishedAt, counts, bytes: meter.bytes, error });
    emit('done', counts.fetched);
    const durationMs = Math.round(performance.now() - launched.startedPerf);
    logger.info(
      `sync ${job} ${status}: fetched ${counts.fetched}, inserted ${counts.inserted}, updated ${counts.updated}, ` +
        `deleted ${counts.deleted}, unchanged ${counts.unchanged}, skipped ${counts.skipped}; ${meter.requests} requests, ${meter.bytes} B, ${durationMs} ms`,
    );
    const warnings = meter.warningCount > meter.warnings.length
      ? [...meter.warnings, `… и ещё ${meter.warningCount - meter.warnings.length}`]
      : meter.warnings;
    return { job, status, counts, bytes: meter.bytes, requests: meter.requests, durationMs, warnings, error };
  }

  /** Stops a job started ahead of its turn that will not get it; what it downloaded stays counted to it. */
  async function dropJob(launched: Launched, reason: unknown): Promise<void> {
    launched.controller.abort(reason);
    launched.openTurn();
    await launched.outcome;
  }

  async function run(selected: ReadonlySet<JobName>): Promise<SyncRunSummary> {
    const startedAt = clock();
    const startedPerf = performance.now();
    const runId = newRunId(startedAt);
    const abort = new AbortController();
    controller = abort;
    const jobs: JobSummary[] = [];
    const isOk = (job: JobName): JobSummary | undefined => jobs.find((j) => j.job === job && j.status === 'ok');
    const jobStartedAt = new Map<JobName, number>();
    const runSoFar: RunSoFar = {
      hasSucceeded: (job) => isOk(job) !== undefined,
      startedAt: (job) => jobStartedAt.get(job) ?? null,
      isUnchanged: (names) =>
        names.every((name) => {
          const summary = isOk(name);
          return summary !== undefined && summary.counts.inserted + summary.counts.updated + summary.counts.deleted === 0;
        }),
      fullRefreshMs,
    };
    let stopReason: JobError | null = null;
    // Bulk-write settings for the run, put back afterwards: a 16 MB page cache for the random-order
    // GUID and name index inserts, and checkpoints every ~40 MB of WAL instead of every 4 MB (each
    // checkpoint fsyncs). The WAL is checkpointed once at the end of the run.
    const previousCacheSize = db.sqlite.pragma('cache_size', { simple: true });
    const previousAutocheckpoint = db.sqlite.pragma('wal_autocheckpoint', { simple: true });
    db.sqlite.pragma('cache_size = -16384');
    db.sqlite.pragma('wal_autocheckpoint = 10000');
    // Cross-job overlap (D21). A job in `startsAhead` sends its first requests once the job before it
    // has sent its last one (ctx.nearEnd), and applies nothing before its turn. Work put off during a
    // first load runs step by step whenever a later job waits for 1C's answer (ctx.whileOnecWorks, D33).
    let ahead: Launched | null = null;
    const idleWork = createIdleWork();
    const nextSelected = (job: JobName): JobName | undefined => jobNames.slice(jobNames.indexOf(job) + 1).find((name) => selected.has(name));
    // One ref index for the register jobs, built on first use and dropped whenever a catalog job ends
    // (registers only read the catalogs; a job started ahead uses it only in its turn).
    let sharedIndex: RefIndex | null = null;
    const refIndex = (): RefIndex => (sharedIndex ??= createRefIndex(db));
    const launch = (job: JobName, isAhead: boolean): Launched =>
      launchJob(runId, job, abort.signal, runSoFar, { isAhead, nearEnd: () => startNextAhead(job), whileOnecWorks: idleWork.runOne, refIndex });
    const startNextAhead = (job: JobName): void => {
      const next = nextSelected(job);
      if (next === undefined || !startsAhead.has(next) || ahead !== null || abort.signal.aborted || stopReason) return;
      jobStartedAt.set(next, clock());
      ahead = launch(next, true);
    };
    // `ahead` is always the next selected job: the loop reaches it next.
    const takeAhead = (job: JobName): Launched | null => {
      const found = ahead;
      ahead = null;
      return found !== null && found.job === job ? found : null;
    };
    try {
      for (const job of jobNames) {
        if (!selected.has(job)) continue;
        const launchedAhead = takeAhead(job);
        if (abort.signal.aborted || stopReason) {
          const skippedError = stopReason ?? null;
          if (launchedAhead) await dropJob(launchedAhead, abort.signal.aborted ? abort.signal.reason : new Error('the run stopped before this job'));
          const meter = launchedAhead?.meter;
          jobs.push({ job, status: abort.signal.aborted ? 'cancelled' : 'skipped', counts: emptyCounts(), bytes: meter?.bytes ?? 0, requests: meter?.requests ?? 0, durationMs: 0, warnings: [], error: skippedError });
          continue;
        }
        if (!launchedAhead) jobStartedAt.set(job, clock());
        const summary = await settleJob(runId, launchedAhead ?? launch(job, false));
        jobs.push(summary);
        if (!registerJobs.has(job)) sharedIndex = null;
        // Indexes put off while the job loaded an empty table (D32) come back in the waits on 1C that
        // follow, before anything else: the next jobs' reads and the search index build use them.
        // Search needs products and their barcodes: built once both are in (search-index.ts).
        const loaded = tablesLoadedBy[job];
        if (loaded && hasDeferredIndexes(db.sqlite, loaded)) idleWork.push(putOffWork.restoreIndexes(loaded), { isUrgent: true });
        if (job === 'barcodes') idleWork.push(putOffWork.buildSearchIndex());
        // Wrong password, no network: the next jobs would fail the same way and only add noise.
        if (summary.error && summary.status === 'failed' && isConnectionFailure(summary.error)) stopReason = summary.error;
      }
    } finally {
      if (ahead !== null) await dropJob(ahead, new Error('the run ended'));
      idleWork.drain();
      putOffWork.finish();
      db.sqlite.pragma(`cache_size = ${Number(previousCacheSize)}`);
      db.sqlite.pragma(`wal_autocheckpoint = ${Number(previousAutocheckpoint)}`);
      db.sqlite.pragma('wal_checkpoint(PASSIVE)');
    }
    const finishedAt = clock();
    const status: SyncRunSummary['status'] = abort.signal.aborted
      ? 'cancelled'
      : jobs.some((j) => j.status === 'failed' || j.status === 'skipped')
        ? 'failed'
        : 'ok';
    return {
      runId,
      status,
      startedAt,
      finishedAt,
      durationMs: Math.round(performance.now() - startedPerf),
      bytes: jobs.reduce((sum, j) => sum + j.bytes, 0),
      jobs,
    };
  }

  function runNow(runOptions?: { jobs?: readonly JobName[] }): Promise<SyncRunSummary> {
    if (current) return current;
    if (isShuttingDown) return Promise.reject(new Error('sync service is shut down'));
    const selected = new Set<JobName>(runOptions?.jobs && runOptions.jobs.length > 0 ? runOptions.jobs : jobNames);
    const promise = run(selected)
      .then((summary) => {
        try {
          deps.onFinished?.(summary);
        } catch (err) {
          logger.warn(`sync finished listener failed: ${toLogFormat(err)}`);
        }
        return summary;
      })
      .finally(() => {
        current = null;
        controller = null;
      });
    current = promise;
    return promise;
  }

  let scheduler: Scheduler | null = null;
  if (deps.schedule) {
    scheduler = deps.schedule.create(deps.schedule.expression, () => runNow());
  }

  return {
    runNow,
    status: () => readJobStatuses(db),
    isRunning: () => current !== null,
    async shutdown() {
      isShuttingDown = true;
      scheduler?.stop();
      scheduler = null;
      const running = current;
      controller?.abort(new Error('shutdown'));
      if (running) await running.catch(() => undefined);
    },
  };
}
