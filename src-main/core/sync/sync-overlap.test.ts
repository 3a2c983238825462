// Cross-job overlap (decisions D21): the movements job sends its first requests while the prices job
// reads its last answer, applies nothing before its turn, and is dropped cleanly when the run stops.
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { type Logger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { type OnecClient } from '../onec/onec';
import { getProfile } from '../onec/profiles';
import { openTempDb } from '../testing/temp-db';
import { type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { expectedMirror, goneButLive, readMirror, refsOf } from './mirror-snapshot.testing';
import { type SyncProgress } from './sync';
import { createSyncService, type SyncService } from './sync.service';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const profile = getProfile('ut11');
const movementsSet = `${profile.stock.register}_RecordType`;
const priceRecordsSet = profile.prices?.isRecorderSubordinate ? `${profile.prices.set}_RecordType` : (profile.prices?.set ?? '');

type Setup = { emulator: OnecEmulator; db: AppDb; client: OnecClient; events: string[]; logger: Logger };

async function setup(): Promise<Setup> {
  const emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 300 });
  cleanups.push(() => emulator.close());
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const events: string[] = [];
  const logger: Logger = { debug: () => undefined, info: (m) => void events.push(`info ${m}`), warn: () => undefined, error: () => undefined };
  const client = createOnecClient(
    { baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password },
    { logger, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 } },
  );
  cleanups.push(() => client.close());
  return { emulator, db: temp.db, client, events, logger };
}

const kindOf = (path: string): string =>
  path === movementsSet ? 'movements' : path.endsWith('/SliceLast()') ? 'slice' : path === priceRecordsSet ? 'priceProbe' : path;

/**
 * The real client, logging each request as `ask <kind>` in `events`; `before(kind, n)` (n: how many
 * of that kind so far) may hold a request back or act before it goes out.
 */
function watched(s: Setup, before?: (kind: string, n: number) => Promise<void> | void): OnecClient {
  const seen = new Map<string, number>();
  const ask = async (path: string): Promise<void> => {
    const kind = kindOf(path);
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    s.events.push(`ask ${kind}`);
    await before?.(kind, n);
  };
  return {
    ...s.client,
    stats: s.client.stats,
    async getCollection(path, query, options) {
      await ask(path);
      return s.client.getCollection(path, query, options);
    },
    async forEachRow(path, query, onRows, options) {
      await ask(path);
      return s.client.forEachRow(path, query, onRows, options);
    },
  };
}

function syncOf(s: Setup, client: OnecClient, onProgress?: (p: SyncProgress) => void): SyncService {
  return createSyncService({ db: s.db, client, profile, logger: s.logger, clock: Date.now, ...(onProgress ? { onProgress } : {}) });
}

const count = (db: AppDb, table: string): number => Number(db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get());

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('sync across jobs', () => {
  it('sends the first movement requests while prices reads its last answer, applies them only after prices, and counts them to movements', async () => {
    const s = await setup();
    let movementsAtPricesDone = -1;
    const client = watched(s);
    const bytesBefore = s.client.stats.bytes;
    const summary = await syncOf(s, client, (p) => {
      if (p.phase !== 'done') return;
      s.events.push(`done ${p.job}`);
      if (p.job === 'prices') movementsAtPricesDone = count(s.db, 'movements');
    }).runNow();

    expect(summary.status).toBe('ok');
    const firstMovementAsk = s.events.indexOf('ask movements');
    expect(firstMovementAsk).toBeGreaterThan(s.events.indexOf('ask slice'));
    expect(firstMovementAsk).toBeLessThan(s.events.indexOf('done prices'));
    // Nothing of the movements was applied before prices finished.
    expect(movementsAtPricesDone).toBe(0);
    expect(count(s.db, 'movements')).toBeGreaterThan(0);

    // Every request and byte is counted to the job that asked for it.
    const movements = summary.jobs.find((j) => j.job === 'movements');
    expect(movements?.requests).toBe(s.events.filter((e) => e === 'ask movements').length);
    expect(summary.jobs.reduce((sum, j) => sum + j.requests, 0)).toBe(s.events.filter((e) => e.startsWith('ask ')).length);
    expect(summary.bytes).toBe(s.client.stats.bytes - bytesBefore);
    const runs = s.db.sqlite.prepare('SELECT job, status, bytes FROM sync_runs').all() as { job: string; status: string; bytes: number }[];
    expect(runs.find((r) => r.job === 'movements')?.bytes).toBe(movements?.bytes);

    // The search index is built once products and barcodes are in, step by step while the run waits
    // for 1C's answers (the first such wait: the first prices answer), and is whole by the run's end.
    const built = s.events.findIndex((e) => e.startsWith('info search index built'));
    expect(built).toBeGreaterThan(s.events.indexOf('done barcodes'));
    expect(built).toBeGreaterThan(s.events.indexOf('ask slice'));
    const found = s.db.sqlite.prepare('SELECT count(*) FROM products_fts').pluck().get();
    expect(found).toBe(count(s.db, 'products WHERE is_deleted = 0'));

    const snapshot = s.emulator.snapshot();
    const local = readMirror(s.db, refsOf(snapshot));
    const expected = expectedMirror(snapshot, profile);
    for (const kind of Object.keys(expected) as (keyof typeof expected)[]) expect(local[kind], kind).toEqual(expected[kind]);
    expect(goneButLive(s.db, refsOf(snapshot))).toEqual([]);
  });

  it('drops the movements started ahead when prices fails for a wrong password: skipped, nothing written, its bytes counted to it', async () => {
    const s = await setup();
    const movementReadSent = deferred();
    const client = watched(s, async (kind, n) => {
      // The third movements request is the first window's rows, held until the job's turn.
      if (kind === 'movements' && n === 3) movementReadSent.resolve();
      if (kind === 'priceProbe') {
        await movementReadSent.promise;
        s.emulator.faults.set({ '401': 1 });
      }
    });
    const summary = await syncOf(s, client).runNow();
    s.emulator.faults.set(null);

    expect(summary.status).toBe('failed');
    const byJob = Object.fromEntries(summary.jobs.map((j) => [j.job, j]));
    expect(byJob.prices?.status).toBe('failed');
    expect(byJob.prices?.error?.kind).toBe('auth');
    expect(byJob.movements?.status).toBe('skipped');
    expect(byJob.balances?.status).toBe('skipped');
    expect(byJob.movements?.requests).toBeGreaterThanOrEqual(3);
    expect(byJob.movements?.bytes).toBeGreaterThan(0);
    expect(count(s.db, 'movements')).toBe(0);
    expect(s.db.sqlite.prepare("SELECT job FROM sync_runs WHERE job IN ('movements', 'balances') OR status = 'running'").all()).toEqual([]);

    const recovered = await syncOf(s, s.client).runNow();
    expect(recovered.status).toBe('ok');
    expect(count(s.db, 'movements')).toBeGreaterThan(0);
  });

  it('cancels the movements started ahead on shutdown without waiting for its turn', async () => {
    const s = await setup();
    const movementReadSent = deferred();
    let sync: SyncService | null = null;
    const client = watched(s, async (kind, n) => {
      if (kind === 'movements' && n === 3) movementReadSent.resolve();
      if (kind === 'priceProbe') {
        await movementReadSent.promise;
        void sync?.shutdown();
      }
    });
    sync = syncOf(s, client);
    const summary = await sync.runNow();

    expect(summary.status).toBe('cancelled');
    expect(summary.jobs.slice(-4).map((j) => [j.job, j.status])).toEqual([
      ['prices', 'cancelled'],
      ['movements', 'cancelled'],
      ['balances', 'cancelled'],
      ['customers', 'cancelled'],
    ]);
    expect(count(s.db, 'movements')).toBe(0);
    expect(s.db.sqlite.prepare("SELECT job FROM sync_runs WHERE job IN ('movements', 'balances') OR status = 'running'").all()).toEqual([]);
  });
});
