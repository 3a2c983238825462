import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { silentLogger } from '../logging/logger';
import { type OnecClient } from '../onec/onec';
import { createOnecClient } from '../onec/onec-client';
import { getProfile } from '../onec/profiles';
import { openTempDb } from '../testing/temp-db';
import { type FaultKind, faultKinds, type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { expectedMirror, goneButLive, readMirror, refsOf } from './mirror-snapshot.testing';
import { createSyncService } from './sync.service';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Setup = { emulator: OnecEmulator; db: AppDb; client: OnecClient };

async function setup(): Promise<Setup> {
  // slowMs past the client's timeout, so a `slow` fault is a real timeout followed by a retry.
  const emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 300, slowMs: 1_500 });
  cleanups.push(() => emulator.close());
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const client = createOnecClient(
    { baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password },
    { logger: silentLogger, firstRequestTimeoutMs: 1_000, requestTimeoutMs: 1_000, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 } },
  );
  cleanups.push(() => client.close());
  return { emulator, db: temp.db, client };
}

/**
 * The real client, with the emulator told to fail at the `at`-th request of the run (1-based):
 * once with `kind`, or every request from then on (`isPersistent`, until `faults.set(null)`).
 */
function failingAt(s: Setup, at: number, kind: FaultKind, isPersistent = false): OnecClient {
  let calls = 0;
  const count = (): void => {
    calls += 1;
    if (calls === at) {
      if (isPersistent) s.emulator.faults.set({ [kind]: 1 });
      else s.emulator.faults.failNext(kind);
    }
  };
  return {
    ...s.client,
    stats: s.client.stats,
    getCollection(path, query, options) {
      count();
      return s.client.getCollection(path, query, options);
    },
    forEachRow(path, query, onRows, options) {
      count();
      return s.client.forEachRow(path, query, onRows, options);
    },
  };
}

function syncWith(s: Setup, client: OnecClient, pageSize = 40) {
  return createSyncService({ db: s.db, client, profile: getProfile('ut11'), logger: silentLogger, clock: Date.now, options: { pageSize } });
}

function expectMirrorEqualsOnec(s: Setup): void {
  const snapshot = s.emulator.snapshot();
  const local = readMirror(s.db, refsOf(snapshot));
  const expected = expectedMirror(snapshot, getProfile('ut11'));
  for (const kind of Object.keys(expected) as (keyof typeof expected)[]) expect(local[kind], kind).toEqual(expected[kind]);
  expect(goneButLive(s.db, refsOf(snapshot))).toEqual([]);
}

type RunRow = { job: string; status: string; error_code: string | null; error_message: string | null };

describe('sync under 1C faults', () => {
  // Request 5 is the second page of products (warehouses, units, 2 group pages… with 40 rows a page).
  it.each(faultKinds)('either retries through a %s fault or records a clear failure; a clean run then recovers', async (kind) => {
    const s = await setup();
    const summary = await syncWith(s, failingAt(s, 5, kind)).runNow();

    const runs = s.db.sqlite.prepare('SELECT job, status, error_code, error_message FROM sync_runs').all() as RunRow[];
    if (summary.status === 'ok') {
      expect(runs.every((r) => r.status === 'ok')).toBe(true);
      expectMirrorEqualsOnec(s);
    } else {
      const failed = runs.filter((r) => r.status === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      for (const run of failed) {
        expect(run.error_code).toBe('erp');
        // Russian, names the job, and says what happened.
        expect(run.error_message).toMatch(/^«[А-Яа-яЁё ]+»: .*[А-Яа-яЁё]/);
      }
      const state = s.db.sqlite.prepare('SELECT last_error_code, last_error_message FROM sync_state WHERE last_error_at IS NOT NULL').all();
      expect(state.length).toBe(failed.length);
    }
    // Which kinds must be retried through (network, timeouts, 5xx) and which must stop the job.
    // A read that got 500/-1 or an HTML page is asked again (1C restarts, proxies); 401 is final.
    const expectedToFail: FaultKind[] = ['401'];
    expect(summary.status === 'ok', `${kind}: ${JSON.stringify(summary.jobs.find((j) => j.error)?.error)}`).toBe(!expectedToFail.includes(kind));

    const recovered = await syncWith(s, s.client).runNow();
    expect(recovered.status).toBe('ok');
    expectMirrorEqualsOnec(s);
  });

  it("records 1C's own text for a business error (500, code -1)", async () => {
    const s = await setup();
    // Every attempt fails, so the retries run out.
    const summary = await syncWith(s, failingAt(s, 1, '500', true)).runNow();
    s.emulator.faults.set(null);
    const warehouses = summary.jobs.find((j) => j.job === 'warehouses');
    expect(warehouses?.status).toBe('failed');
    expect(warehouses?.error).toMatchObject({ code: 'erp', onecMessage: 'Внутренняя ошибка сервера 1С:Предприятия' });
    const message = s.db.sqlite.prepare("SELECT error_message FROM sync_runs WHERE job = 'warehouses'").pluck().get();
    expect(message).toContain('Внутренняя ошибка сервера 1С:Предприятия');
    // Not a connection problem: the other jobs still ran (and failed the same way, each recorded;
    // prices and balances had no price types or warehouses to ask about).
    expect(summary.jobs.some((j) => j.status === 'skipped')).toBe(false);
    expect(summary.jobs.find((j) => j.job === 'catalog')?.status).toBe('failed');
    expect((await syncWith(s, s.client).runNow()).status).toBe('ok');
    expectMirrorEqualsOnec(s);
  });

  it('stops the remaining jobs after a wrong password and says so', async () => {
    const s = await setup();
    const summary = await syncWith(s, failingAt(s, 1, '401', true)).runNow();
    s.emulator.faults.set(null);
    expect(summary.status).toBe('failed');
    expect(summary.jobs[0]).toMatchObject({ job: 'warehouses', status: 'failed', error: { kind: 'auth' } });
    expect(summary.jobs.slice(1).every((j) => j.status === 'skipped')).toBe(true);
    expect(summary.jobs[0]?.error?.message).toMatch(/логин или пароль/);
    // Skipped jobs leave no run rows.
    expect(Number(s.db.sqlite.prepare('SELECT count(*) FROM sync_runs').pluck().get())).toBe(1);
  });

  it('never leaves a page half-applied when the run dies in the middle of the catalog', async () => {
    const s = await setup();
    const products = s.emulator.snapshot().products;
    // Fail every request from the 7th on: the products job dies after some pages were committed.
    const summary = await syncWith(s, failingAt(s, 7, '401', true), 40).runNow();
    s.emulator.faults.set(null);
    expect(summary.jobs.find((j) => j.job === 'catalog')?.status).toBe('failed');

    const localProducts = readMirror(s.db).products;
    expect(localProducts.length).toBeGreaterThan(0);
    expect(localProducts.length).toBeLessThan(products.length);
    // Whole pages: a multiple of the page size, and each row exactly as in 1C.
    expect(localProducts.length % 40).toBe(0);
    const expected = new Map(expectedMirror(s.emulator.snapshot(), getProfile('ut11')).products.map((p) => [p.ref, p]));
    for (const product of localProducts) expect(product).toEqual(expected.get(product.ref));

    const recovered = await syncWith(s, s.client, 40).runNow();
    expect(recovered.status).toBe('ok');
    expectMirrorEqualsOnec(s);
  });
});
