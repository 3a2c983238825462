// What every pull job gets: the database, the 1C client, counters, warnings, progress, and the paging
// and batching helpers that keep requests within what 1C and IIS accept.
import { type AppDb } from '../db/open';
import { type Logger } from '../logging/logger';
import { buildODataQueryString } from '../onec/odata-query';
import { type ODataQuery, type OnecClient, type OnecPage, type OnecProfile, type OnecRow, type OnecRowCount } from '../onec/onec';
import { createRefIndex, type RefIndex } from './ref-index';
import { type JobCounts, type JobName, type SyncPhase } from './sync';

/** Tunables; the defaults suit a real 1C behind IIS. Tests and benchmarks may change them. */
export type PullOptions = {
  /** Rows per page of a catalog or register scan. */
  pageSize: number;
  /**
   * Longest query string (after percent-encoding) of a `Ref_Key eq … or …` batch. IIS rejects
   * query strings over 2048 bytes by default (requestFiltering maxQueryString); stay below it.
   */
  maxQueryLength: number;
  /** When more than this share of a scanned catalog changed, page the full rows instead of batching by key. */
  fullRefetchShare: number;
  /** Rows that seem gone from 1C are re-asked by key before being marked deleted, up to this many. */
  maxVerifyRows: number;
  /** Movements: each run re-reads this much before the cursor (back-dated and re-posted documents). */
  movementsOverlapMs: number;
  /** Movements: where the first run starts, counted back from now. */
  movementsHistoryMs: number;
  /** Movements: the width of one Period window. */
  movementsWindowMs: number;
  /** Movements: most rows taken in one answer (about 10 MB of JSON at 20,000); a denser window is split. */
  movementsMaxRowsPerWindow: number;
};

const day = 86_400_000;

export const defaultPullOptions: PullOptions = {
  pageSize: 2_000,
  maxQueryLength: 2_000,
  fullRefetchShare: 0.3,
  maxVerifyRows: 2_000,
  movementsOverlapMs: 3 * day,
  movementsHistoryMs: 365 * day,
  movementsWindowMs: 31 * day,
  movementsMaxRowsPerWindow: 20_000,
};

/** Hard cap on pages per loop (style B5: cap loop iterations): 2,000 rows × 100,000 pages. */
export const maxPagesPerLoop = 100_000;

export type PullContext = {
  job: JobName;
  db: AppDb;
  profile: OnecProfile;
  logger: Logger;
  clock: () => number;
  options: PullOptions;
  counts: JobCounts;
  signal: AbortSignal;
  /**
   * GET through the client, counting bytes and requests for the job. A job started ahead of its turn
   * (sync.service.ts, D21) gets the page only once its turn has come, unless `beforeTurn`: the caller
   * promises that nothing of this answer is written to the mirror or resolved against it.
   */
  get(path: string, query?: ODataQuery, options?: { beforeTurn?: boolean }): Promise<OnecPage>;
  /**
   * A streamed GET (OnecClient.forEachRow), counted the same way: for answers that cannot be paged.
   * Before the job's turn its rows are handed over only once the turn has come (unless `beforeTurn`,
   * as for `get`), and at most one such read is sent ahead: the job before keeps a connection.
   */
  each(
    path: string,
    query: ODataQuery | undefined,
    onRows: (rows: OnecRow[]) => void,
    options?: { signal?: AbortSignal; readAfter?: Promise<unknown>; onAnswer?: () => void; beforeTurn?: boolean },
  ): Promise<OnecRowCount>;
  /**
   * The job will send no more long requests (its last answer is on the way): the run may let the
   * next job's first requests go out now (sync.service.ts, D21). Called by readInTurn.
   */
  nearEnd(): void;
  /**
   * Runs one short step of the work the run has put off until 1C is busy (index re-creation and the
   * search index build, D21, D33); false when there was none, or before the job's turn. Called by
   * readInTurn while it waits for an answer 1C is still building.
   */
  whileOnecWorks(): boolean;
  /**
   * 1C ref → local id of the mirrored catalogs, loaded on first use. Shared by the register jobs of a
   * run until a catalog job runs again (sync.service.ts): loading 200,000 product refs costs ~0.3 s.
   */
  refIndex(): RefIndex;
  /** A warning about one row (unknown reference…): counted, a few kept as samples, logged once each. */
  warn(message: string): void;
  progress(phase: SyncPhase, done: number, total?: number): void;
};

export type JobMeter = { bytes: number; requests: number; warnings: string[]; warningCount: number };

export function createPullContext(input: {
  job: JobName;
  db: AppDb;
  client: OnecClient;
  profile: OnecProfile;
  logger: Logger;
  clock: () => number;
  options: PullOptions;
  counts: JobCounts;
  meter: JobMeter;
  signal: AbortSignal;
  onProgress: (phase: SyncPhase, done: number, total?: number) => void;
  /** Set for a job started before the job ahead of it finished: resolves when its turn comes. */
  turn?: Promise<void>;
  nearEnd?: () => void;
  whileOnecWorks?: () => boolean;
  /** The run's shared index; a fresh one per call when absent. */
  refIndex?: () => RefIndex;
}): PullContext {
  const { meter, signal } = input;
  // Before its turn a job may send requests but apply nothing; an abort ends the wait too.
  let isTurn = input.turn === undefined;
  const turn: Promise<void> = input.turn === undefined ? Promise.resolve() : untilTurnOrAbort(input.turn, signal);
  void turn.then(() => {
    isTurn = true;
  });
  let readsAhead = 0;
  return {
    job: input.job,
    db: input.db,
    profile: input.profile,
    logger: input.logger,
    clock: input.clock,
    options: input.options,
    counts: input.counts,
    signal,
    async get(path, query, options) {
      signal.throwIfAborted();
      meter.requests += 1;
      const page = await input.client.getCollection(path, query, { signal });
      meter.bytes += page.bytes;
      if (!isTurn && options?.beforeTurn !== true) {
        await turn;
        signal.throwIfAborted();
      }
      return page;
    },
    async each(path, query, onRows, options) {
      signal.throwIfAborted();
      const isAhead = !isTurn && options?.beforeTurn !== true;
      if (isAhead && readsAhead > 0) {
        // One read waiting for the turn holds one of the two connections; the job ahead keeps the other.
        await turn;
        signal.throwIfAborted();
      }
      const isHeld = !isTurn && options?.beforeTurn !== true;
      if (isHeld) readsAhead += 1;
      meter.requests += 1;
      const readAfter = isHeld ? (options?.readAfter ? Promise.all([turn, options.readAfter]) : turn) : options?.readAfter;
      try {
        // A signal of the caller's own (readInTurn) is aborted with this one, and also on its own.
        const read = await input.client.forEachRow(path, query, onRows, {
          signal: options?.signal ?? signal,
          ...(readAfter ? { readAfter } : {}),
          ...(options?.onAnswer ? { onAnswer: options.onAnswer } : {}),
        });
        meter.bytes += read.bytes;
        return read;
      } finally {
        if (isHeld) readsAhead -= 1;
      }
    },
    nearEnd: () => input.nearEnd?.(),
    // A job started ahead waits for its turn while the job before it works the thread: not idle time.
    whileOnecWorks: () => isTurn && (input.whileOnecWorks?.() ?? false),
    refIndex: () => input.refIndex?.() ?? createRefIndex(input.db),
    warn(message) {
      meter.warningCount += 1;
      if (meter.warnings.length < 20) {
        meter.warnings.push(message);
        input.logger.warn(`sync ${input.job}: ${message}`);
      }
    },
    progress: input.onProgress,
  };
}

/** Resolves when `turn` does or `signal` aborts, whichever comes first; never rejects. */
function untilTurnOrAbort(turn: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    turn.then(done, done);
  });
}

/** One turn of the event loop: lets requests just handed to undici reach the socket. */
export function sendPending(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Pages of `path` by `$top`/`$skip` (the query must carry a stable `$orderby`). The next page is
 * requested before the caller processes the current one, so 1C prepares page N+1 while page N is
 * written. The generator stops after a short page.
 */
export async function* pagesOf(ctx: PullContext, path: string, query: ODataQuery): AsyncGenerator<OnecPage> {
  const pageSize = query.top ?? ctx.options.pageSize;
  const fetchAt = (skip: number): Promise<OnecPage> => {
    const promise = ctx.get(path, { ...query, top: pageSize, skip });
    // Handled where it is awaited; this only keeps an abandoned prefetch from being "unhandled".
    promise.catch(() => undefined);
    return promise;
  };
  let skip = 0;
  let next = fetchAt(0);
  for (let pageNumber = 0; pageNumber < maxPagesPerLoop; pageNumber += 1) {
    const page = await next;
    const hasMore = page.rows.length >= pageSize;
    if (hasMore) {
      skip += pageSize;
      next = fetchAt(skip);
      // undici writes the request to the socket on a later tick; the caller's synchronous SQLite
      // work would hold it back, so let it go out first (else 1C idles while page N is written).
      await sendPending();
    }
    yield page;
    if (!hasMore) return;
  }
  throw new Error(`more than ${maxPagesPerLoop} pages of ${path}`);
}

/**
 * Splits `keys` into `$filter` batches `<field> eq <literal(key)> or …`, each within the query-length
 * budget once combined with `baseFilter` (and-ed in front) and the rest of the query.
 */
export function keyFilterBatches(
  keys: readonly string[],
  field: string,
  literal: (key: string) => string,
  query: ODataQuery,
  maxQueryLength: number,
  baseFilter?: string,
): string[] {
  const wrap = (clauses: string[]): string => {
    const ors = clauses.join(' or ');
    return baseFilter ? `${baseFilter} and (${ors})` : ors;
  };
  const batches: string[] = [];
  let current: string[] = [];
  for (const key of keys) {
    const clause = `${field} eq ${literal(key)}`;
    const candidate = [...current, clause];
    const length = buildODataQueryString({ ...query, filter: wrap(candidate) }).length;
    if (length > maxQueryLength && current.length > 0) {
      batches.push(wrap(current));
      current = [clause];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) batches.push(wrap(current));
  return batches;
}

/** A string field of a 1C row; numbers are turned to text (1C sends Int64 as strings anyway). */
export function textField(row: OnecRow, field: string | null): string | null {
  if (field === null) return null;
  const value = row[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function boolField(row: OnecRow, field: string | null): boolean {
  if (field === null) return false;
  const value = row[field];
  return value === true || value === 'true';
}

/** A number field (1C sends Edm.Double as a JSON number, Int64 as a string; null for empty resources). */
export function numberField(row: OnecRow, field: string): number | null {
  const value = row[field];
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * value × scale as an integer, half away from zero. The tiny nudge keeps decimal halves halves:
 * 1.0005 × 1000 is 1000.4999999999999 in binary floating point and would otherwise round down
 * (1C sends at most 3 decimals for quantities and 2 for money, far coarser than the nudge).
 */
export function toScaledInteger(value: number, scale: number): number {
  const rounded = Math.round(Math.abs(value) * scale + 1e-7);
  return value < 0 ? -rounded : rounded;
}
