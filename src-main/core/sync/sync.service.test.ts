import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { type Logger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { type OnecClient } from '../onec/onec';
import { getProfile } from '../onec/profiles';
import { openTempDb } from '../testing/temp-db';
import { type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { expectedMirror, goneButLive, mirrorFingerprint, readMirror, refsOf } from './mirror-snapshot.testing';
import { readBalanceAsOf } from './register-pull.job';
import { jobNames, type SyncProgress } from './sync';
import { createSyncService, type SyncServiceDeps } from './sync.service';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return { lines, debug: () => undefined, info: push('info'), warn: push('warn'), error: push('error') };
}

type Setup = { emulator: OnecEmulator; db: AppDb; client: OnecClient; logger: ReturnType<typeof recordingLogger>; clock: { now: number; tick(): void } };

async function setup(profile: 'ut11' | 'unf', products = 300, latencyMs = 0): Promise<Setup> {
  const emulator = await startOnecEmulator({ port: 0, profile, products, password: 'пароль-1С', latencyMs });
  cleanups.push(() => emulator.close());
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const logger = recordingLogger();
  const client = createOnecClient(
    { baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password },
    { logger, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 } },
  );
  cleanups.push(() => client.close());
  // A clock that moves only when told: every write of a run carries that run's time.
  const clock = { now: Date.UTC(2026, 10, 20, 9, 0, 0), tick: () => void (clock.now += 60_000) };
  return { emulator, db: temp.db, client, logger, clock };
}

function service(s: Setup, extra: Partial<SyncServiceDeps> = {}) {
  const profile = getProfile(s.emulator.profile);
  return createSyncService({ db: s.db, client: s.client, profile, logger: s.logger, clock: () => s.clock.now, ...extra });
}

function expectMirrorEqualsOnec(s: Setup): void {
  const snapshot = s.emulator.snapshot();
  const profile = getProfile(s.emulator.profile);
  const local = readMirror(s.db, refsOf(snapshot));
  const expected = expectedMirror(snapshot, profile);
  for (const kind of Object.keys(expected) as (keyof typeof expected)[]) {
    expect(local[kind], kind).toEqual(expected[kind]);
  }
  expect(goneButLive(s.db, refsOf(snapshot))).toEqual([]);
}

const totalChanges = (db: AppDb): number => Number(db.sqlite.prepare('SELECT total_changes()').pluck().get());

/** Rows (by table and id) whose content differs between two fingerprints, plus rows added or removed. */
function changedRows(before: Record<string, string>, after: Record<string, string>): Record<string, { added: number; removed: number; changed: number }> {
  const out: Record<string, { added: number; removed: number; changed: number }> = {};
  for (const table of Object.keys(after)) {
    const a = new Map((JSON.parse(before[table] ?? '[]') as { id: number }[]).map((r) => [r.id, JSON.stringify(r)]));
    const b = new Map((JSON.parse(after[table] ?? '[]') as { id: number }[]).map((r) => [r.id, JSON.stringify(r)]));
    const diff = { added: 0, removed: 0, changed: 0 };
    for (const [id, row] of b) {
      const old = a.get(id);
      if (old === undefined) diff.added += 1;
      else if (old !== row) diff.changed += 1;
    }
    for (const id of a.keys()) if (!b.has(id)) diff.removed += 1;
    if (diff.added + diff.removed + diff.changed > 0) out[table] = diff;
  }
  return out;
}

describe('sync service', () => {
  it.each(['ut11', 'unf'] as const)('mirrors every %s object exactly after a full pull', async (profile) => {
    const s = await setup(profile);
    const progress: SyncProgress[] = [];
    const summary = await service(s, { onProgress: (p) => progress.push(p) }).runNow();

    expect(summary.status).toBe('ok');
    expect(summary.jobs.map((j) => j.job)).toEqual(['warehouses', 'units', 'catalog', 'characteristics', 'barcodes', 'priceTypes', 'prices', 'movements', 'balances', 'customers']);
    for (const job of summary.jobs) expect(job.error, job.job).toBeNull();
    expectMirrorEqualsOnec(s);

    // Every job run is recorded, with counts and bytes.
    const runs = s.db.sqlite.prepare("SELECT job, status, counts_json, bytes FROM sync_runs ORDER BY started_at, id").all() as {
      job: string;
      status: string;
      counts_json: string;
      bytes: number;
    }[];
    expect(runs).toHaveLength(10);
    for (const run of runs) {
      expect(run.status).toBe('ok');
      expect(run.bytes).toBeGreaterThan(0);
    }
    const catalog = JSON.parse(runs.find((r) => r.job === 'catalog')?.counts_json ?? '{}') as Record<string, number>;
    expect(catalog.inserted).toBe(s.emulator.snapshot().products.length + s.emulator.snapshot().groups.length);

    // Balances carry the time of the Balance call; each warehouse's last call is kept too.
    const asOf = s.db.sqlite.prepare('SELECT DISTINCT as_of_1c FROM stock').pluck().all();
    expect(asOf).toEqual([s.clock.now]);
    expect(Object.keys(readBalanceAsOf({ db: s.db })).sort()).toEqual(s.emulator.snapshot().warehouses.map((w) => w.ref).sort());

    // Progress is plain JSON with the run id, job and phase.
    expect(progress.length).toBeGreaterThan(9);
    expect(JSON.parse(JSON.stringify(progress))).toEqual(progress);
    expect(progress.every((p) => p.runId === summary.runId)).toBe(true);
    expect(progress.filter((p) => p.phase === 'done').map((p) => p.job)).toEqual(summary.jobs.map((j) => j.job));

    const status = service(s).status();
    expect(status.map((j) => j.job)).toEqual(summary.jobs.map((j) => j.job));
    expect(status.every((j) => j.lastRun?.status === 'ok' && j.lastSuccessAt === s.clock.now)).toBe(true);
  });

  it('puts the secondary indexes off while loading empty tables, brings them back while it waits on 1C, and leaves them exactly as migrated (D32, D33)', async () => {
    // Every answer takes 1C at least 40 ms here: the waits the put-off work fills.
    const s = await setup('ut11', 300, 40);
    const indexes = (): string[] =>
      (s.db.sqlite.prepare("SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[]);
    const migrated = indexes();
    // Which tables had indexes put off, as seen while each job reported progress.
    const putOff = new Map<string, Set<string>>();
    const onProgress = (p: SyncProgress): void => {
      const tables = s.db.sqlite.prepare('SELECT DISTINCT table_name FROM deferred_indexes').pluck().all() as string[];
      const seen = putOff.get(p.job) ?? new Set<string>();
      for (const t of tables) seen.add(t);
      putOff.set(p.job, seen);
    };
    const summary = await service(s, { onProgress }).runNow();
    expect(summary.status).toBe('ok');
    expect([...(putOff.get('catalog') ?? [])]).toContain('products');
    expect([...(putOff.get('movements') ?? [])]).toContain('movements');
    expect([...(putOff.get('balances') ?? [])]).toContain('stock');
    expect(indexes()).toEqual(migrated);
    expect(s.db.sqlite.prepare('SELECT count(*) FROM deferred_indexes').pluck().get()).toBe(0);
    expectMirrorEqualsOnec(s);
    // D33: each table's indexes came back, one step at a time, while a later job waited on 1C; only the
    // last loading job's (stock) had no later wait and came back when the run ended.
    const logged = (text: string): number => s.logger.lines.findIndex((line) => line.includes(text));
    const restored = (index: string): number => logged(`index ${index}, put off during the load, re-created in`);
    for (const index of ['products_name_sort', 'products_code', 'barcodes_product']) {
      expect(restored(index), index).toBeGreaterThan(logged('sync barcodes ok'));
      expect(restored(index), index).toBeLessThan(logged('sync prices ok'));
    }
    expect(logged('search index built in')).toBeGreaterThan(restored('barcodes_product'));
    expect(logged('search index built in')).toBeLessThan(logged('sync prices ok'));
    expect(restored('prices_product')).toBeGreaterThan(logged('sync prices ok'));
    expect(restored('prices_product')).toBeLessThan(logged('sync movements ok'));
    expect(restored('movements_product_period')).toBeGreaterThan(logged('sync movements ok'));
    expect(restored('movements_product_period')).toBeLessThan(logged('sync balances ok'));
    expect(restored('stock_product')).toBeGreaterThan(logged('sync customers ok'));
    expect(logged("re-created at the run's end")).toBe(-1);
    // The search index was built after the barcodes' index came back, and finds by name and code.
    const barcode = s.emulator.snapshot().barcodes[0];
    expect(s.db.sqlite.prepare('SELECT count(*) FROM products_fts WHERE products_fts MATCH ?').pluck().get(`"${barcode?.code ?? 'none'}"`)).toBe(1);

    // A refresh into tables that now have rows puts nothing off.
    putOff.clear();
    s.clock.tick();
    expect((await service(s, { onProgress }).runNow()).status).toBe('ok');
    expect([...putOff.values()].every((tables) => tables.size === 0)).toBe(true);
    expect(indexes()).toEqual(migrated);
  });

  it('writes nothing and downloads much less when 1C did not change', async () => {
    const s = await setup('ut11');
    const first = await service(s).runNow();
    expect(first.status).toBe('ok');
    const before = mirrorFingerprint(s.db);
    const changesBefore = totalChanges(s.db);
    s.clock.tick();

    const second = await service(s).runNow();

    expect(second.status).toBe('ok');
    expect(changedRows(before, mirrorFingerprint(s.db))).toEqual({});
    // Only bookkeeping: per job one sync_runs insert + update and one sync_state upsert, plus the
    // per-warehouse "balance taken at" cursor of the balances job.
    const warehouses = s.emulator.snapshot().warehouses.length;
    expect(totalChanges(s.db) - changesBefore).toBe(jobNames.length * 3 + warehouses);
    for (const job of second.jobs) {
      expect(job.counts.inserted + job.counts.updated + job.counts.deleted, job.job).toBe(0);
    }
    // Catalogs send only keys and versions; registers are read again in full.
    const ratio = second.bytes / first.bytes;
    expect(ratio).toBeLessThan(0.6);
    const catalogRatio = (second.jobs.find((j) => j.job === 'catalog')?.bytes ?? 0) / (first.jobs.find((j) => j.job === 'catalog')?.bytes ?? 1);
    expect(catalogRatio).toBeLessThan(0.3);
    expectMirrorEqualsOnec(s);
  });

  it('applies exactly the changes made in 1C and touches no other row', async () => {
    const s = await setup('ut11');
    expect((await service(s).runNow()).status).toBe('ok');
    const snapshot = s.emulator.snapshot();
    const [p1, p2, p3, p4] = snapshot.products.filter((p) => !p.deletionMark);
    if (!p1 || !p2 || !p3 || !p4) throw new Error('not enough products');
    const warehouse = snapshot.warehouses[0]?.ref as string;
    const retail = snapshot.priceTypes[0]?.ref as string;
    const unitRef = p1.unitRef;
    const group = snapshot.groups.find((g) => g.parentRef !== null)?.ref as string;
    const barcodeOfP4 = snapshot.barcodes.find((b) => b.productRef === p4.ref && b.characteristicRef === null);
    const period = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

    const added = s.emulator.mutate.addProduct({ name: 'Сырок глазированный «Новинка» 45 г', article: 'НОВ-1', unitRef, parentRef: group });
    s.emulator.mutate.changeProduct(p1.ref, { name: `${p1.name} (новая упаковка)` });
    s.emulator.mutate.markDeleted(p2.ref);
    s.emulator.mutate.removeProduct(p3.ref);
    s.emulator.mutate.addBarcode({ code: '4600000000017', productRef: added });
    if (barcodeOfP4) s.emulator.mutate.removeBarcode(barcodeOfP4.code);
    s.emulator.mutate.setPrice({ productRef: p4.ref, priceTypeRef: retail, price: 123.45, period });
    s.emulator.mutate.postMovement([
      { productRef: p4.ref, warehouseRef: warehouse, qty: 7, period },
      { productRef: added, warehouseRef: warehouse, qty: 2.5, period },
    ]);

    const before = mirrorFingerprint(s.db);
    s.clock.tick();
    const summary = await service(s).runNow();
    expect(summary.status).toBe('ok');
    expectMirrorEqualsOnec(s);

    const hasP4Stock = before.stock?.includes(`"product_id":${String(s.db.sqlite.prepare('SELECT id FROM products WHERE ref_1c = ?').pluck().get(p4.ref))},`);
    expect(changedRows(before, mirrorFingerprint(s.db))).toEqual({
      // added; renamed p1, deletion-marked p2, physically removed p3 (kept, marked deleted)
      products: { added: 1, removed: 0, changed: 3 },
      barcodes: { added: 1, removed: barcodeOfP4 ? 1 : 0, changed: 0 },
      prices: { added: 0, removed: 0, changed: 1 },
      stock: { added: hasP4Stock ? 1 : 2, removed: 0, changed: hasP4Stock ? 1 : 0 },
      movements: { added: 2, removed: 0, changed: 0 },
    });
    const catalog = summary.jobs.find((j) => j.job === 'catalog');
    expect(catalog?.counts).toMatchObject({ inserted: 1, updated: 2, deleted: 1 });
    // Only the changed refs were fetched in full: one key scan page, one batch by key, one verify batch.
    expect(catalog?.requests).toBeLessThanOrEqual(5);
  });

  it('narrows movement windows denser than the limit by probes, takes a one-minute burst whole, and mirrors every movement once', async () => {
    const s = await setup('ut11');
    const snapshot = s.emulator.snapshot();
    const warehouse = snapshot.warehouses[0]?.ref as string;
    const live = snapshot.products.filter((p) => !p.deletionMark);
    const at = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 86_400_000;
    // 120 lines in one second (denser than any window can be split), and 60 more ten days later.
    s.emulator.mutate.postMovement(live.slice(0, 120).map((p) => ({ productRef: p.ref, warehouseRef: warehouse, qty: 3, period: at })));
    s.emulator.mutate.postMovement(live.slice(0, 60).map((p) => ({ productRef: p.ref, warehouseRef: warehouse, qty: -1, period: at + 5 * 86_400_000 })));
    const limit = 50;

    const summary = await service(s, { options: { movementsMaxRowsPerWindow: limit } }).runNow();
    expect(summary.status).toBe('ok');
    expectMirrorEqualsOnec(s);
    const movements = summary.jobs.find((j) => j.job === 'movements');
    expect(movements?.counts.inserted).toBe(s.emulator.snapshot().movements.length);
    // Windows were counted by Period-only probes and narrowed down to one minute around the burst,
    // which was then taken whole (full rows are never cut by $top).
    const register = s.emulator.requests.map((r) => decodeURIComponent(r.path)).filter((path) => path.includes('ТоварыНаСкладах_RecordType'));
    const windows = register.filter((path) => path.includes('LineNumber'));
    expect(windows.every((path) => !path.includes('$top'))).toBe(true);
    const windowSpan = (path: string): number => {
      const [from, to] = [...path.matchAll(/datetime'([^']+)'/g)].map((m) => Date.parse(`${m[1] ?? ''}Z`));
      return to === undefined ? Number.POSITIVE_INFINITY : to - (from ?? 0);
    };
    const minuteWindows = windows.filter((path) => windowSpan(path) <= 60_000);
    expect(minuteWindows.length).toBeGreaterThan(0);
    expect(register.filter((path) => /\$select=Period&\$top=51$/.test(path)).length).toBeGreaterThanOrEqual(windows.length);

    // The next run reads from the cursor and inserts nothing again.
    s.clock.tick();
    const again = await service(s, { options: { movementsMaxRowsPerWindow: limit } }).runNow();
    expect(again.jobs.find((j) => j.job === 'movements')?.counts.inserted).toBe(0);
    expectMirrorEqualsOnec(s);
  });

  it('marks catalog objects deleted in 1C or gone from it, and brings them back when they return', async () => {
    const s = await setup('unf');
    expect((await service(s).runNow()).status).toBe('ok');
    const snapshot = s.emulator.snapshot();
    const warehouse = snapshot.warehouses[2]?.ref as string;
    const characteristic = snapshot.characteristics[0]?.ref as string;
    s.emulator.mutate.markDeleted(warehouse);
    s.emulator.mutate.markDeleted(characteristic);
    s.clock.tick();
    expect((await service(s).runNow()).status).toBe('ok');
    expectMirrorEqualsOnec(s);
    expect(s.db.sqlite.prepare('SELECT is_deleted FROM warehouses WHERE ref_1c = ?').pluck().get(warehouse)).toBe(1);

    s.emulator.mutate.markDeleted(warehouse, false);
    s.clock.tick();
    expect((await service(s).runNow()).status).toBe('ok');
    expectMirrorEqualsOnec(s);
    expect(s.db.sqlite.prepare('SELECT is_deleted FROM warehouses WHERE ref_1c = ?').pluck().get(warehouse)).toBe(0);
  });

  it('pages the full rows when most of the catalog changed, and batches by key otherwise', async () => {
    const s = await setup('ut11', 200);
    const sync = service(s, { options: { pageSize: 50 } });
    expect((await sync.runNow()).status).toBe('ok');
    for (const p of s.emulator.snapshot().products) s.emulator.mutate.changeProduct(p.ref, { name: `${p.name}!` });
    s.emulator.resetRequestLog();
    s.clock.tick();
    const summary = await sync.runNow({ jobs: ['catalog'] });
    expect(summary.status).toBe('ok');
    expectMirrorEqualsOnec(s);
    const productRequests = s.emulator.requests.filter((r) => decodeURIComponent(r.path).includes('IsFolder eq false'));
    // 200 products: 4 key-scan pages + 4 full pages (+ the last, empty-or-short page checks), no Ref_Key batches.
    expect(productRequests.some((r) => decodeURIComponent(r.path).includes('Ref_Key eq'))).toBe(false);
    expect(summary.jobs[0]?.counts.updated).toBe(200);
  });

  it('keeps key batches under the query-length budget', async () => {
    const s = await setup('ut11', 200);
    const sync = service(s, { options: { maxQueryLength: 1_500 } });
    expect((await sync.runNow()).status).toBe('ok');
    const products = s.emulator.snapshot().products.slice(0, 40);
    for (const p of products) s.emulator.mutate.changeProduct(p.ref, { article: `${p.article}-2` });
    s.emulator.resetRequestLog();
    s.clock.tick();
    expect((await sync.runNow({ jobs: ['catalog'] })).status).toBe('ok');
    const batches = s.emulator.requests.filter((r) => r.path.includes('Ref_Key%20eq'));
    expect(batches.length).toBeGreaterThan(1);
    for (const r of batches) expect(r.path.split('?')[1]?.length ?? 0).toBeLessThanOrEqual(1_500);
    expectMirrorEqualsOnec(s);
  });

  it('is single-flight: a second runNow during a run returns the same run', async () => {
    const s = await setup('ut11');
    const sync = service(s);
    const first = sync.runNow();
    const second = sync.runNow({ jobs: ['warehouses'] });
    expect(second).toBe(first);
    expect(sync.isRunning()).toBe(true);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(sync.isRunning()).toBe(false);
    expect(Number(s.db.sqlite.prepare('SELECT count(*) FROM sync_runs').pluck().get())).toBe(jobNames.length);
    // After it finished, the next call starts a new run.
    const third = await sync.runNow({ jobs: ['warehouses'] });
    expect(third.runId).not.toBe(a.runId);
    expect(third.jobs.map((j) => j.job)).toEqual(['warehouses']);
  });

  it('applies a first load page by page: each progress tick finds exactly the pages fetched so far in the mirror', async () => {
    // Each answer takes 120 ms, longer than the progress throttle, so every page gets its tick.
    const s = await setup('ut11', 100, 110);
    const seen: { done: number; mirrored: number }[] = [];
    const countProducts = s.db.sqlite.prepare('SELECT count(*) FROM products').pluck();
    const onProgress = (p: SyncProgress): void => {
      if (p.job === 'catalog' && p.phase === 'fetch') seen.push({ done: p.done, mirrored: Number(countProducts.get()) });
    };
    // 100 products in pages of 10.
    const summary = await service(s, { options: { pageSize: 10 }, onProgress }).runNow();
    expect(summary.status).toBe('ok');
    expectMirrorEqualsOnec(s);
    // Groups come first in the same job and count from 0 again; their ticks find no products yet.
    const productTicks = seen.filter((t) => t.mirrored > 0);
    expect(productTicks.map((t) => t.mirrored)).toEqual(productTicks.map((t) => t.done));
    expect([...new Set(productTicks.map((t) => t.done))]).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 10));
    const catalog = summary.jobs.find((j) => j.job === 'catalog');
    expect(catalog?.counts.inserted).toBe(s.emulator.snapshot().products.length + s.emulator.snapshot().groups.length);
  });

  it('stops after the page in flight on shutdown and records the job as cancelled', async () => {
    const s = await setup('ut11', 400);
    let productPages = 0;
    let stop: (() => void) | null = null;
    // The real client, watched: shutdown is asked for while the 3rd products page is on its way.
    const watched: OnecClient = {
      ...s.client,
      stats: s.client.stats,
      getCollection: (path, query, options) => {
        if (query?.filter === 'IsFolder eq false') {
          productPages += 1;
          if (productPages === 3) stop?.();
        }
        return s.client.getCollection(path, query, options);
      },
    };
    const sync = createSyncService({ db: s.db, client: watched, profile: getProfile('ut11'), logger: s.logger, clock: () => s.clock.now, options: { pageSize: 20 } });
    stop = () => void sync.shutdown();
    const summary = await sync.runNow();
    expect(summary.status).toBe('cancelled');
    expect(summary.jobs.map((j) => j.status)).toEqual(['ok', 'ok', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    const products = Number(s.db.sqlite.prepare('SELECT count(*) FROM products').pluck().get());
    // Whole pages only: the pages before the one in flight.
    expect(products).toBeGreaterThan(0);
    expect(products % 20).toBe(0);
    expect(s.db.sqlite.prepare("SELECT status FROM sync_runs WHERE job = 'catalog'").pluck().get()).toBe('cancelled');
    await expect(sync.runNow()).rejects.toThrow();
    // A new service recovers everything.
    expect((await service(s).runNow()).status).toBe('ok');
    expectMirrorEqualsOnec(s);
  });
});
