// Refreshes that skip unchanged registers (decisions D15): cheap when 1C did not change, exact after
// every kind of change, and a full read again once the safety interval has passed.
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { type Logger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { getProfile } from '../onec/profiles';
import { openTempDb } from '../testing/temp-db';
import { type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { expectedMirror, goneButLive, mirrorFingerprint, readMirror, refsOf } from './mirror-snapshot.testing';
import { createSyncService } from './sync.service';
import { jobNames } from './sync';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const hour = 3_600_000;
const quietLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

async function setup(profile: 'ut11' | 'unf', products: number) {
  // 1C's data and our clock agree on "now" (the generated data is dated relative to it).
  const dataNow = Date.UTC(2026, 10, 20);
  const emulator = await startOnecEmulator({ port: 0, profile, products, now: dataNow });
  cleanups.push(() => emulator.close());
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const client = createOnecClient({ baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password }, { logger: quietLogger });
  cleanups.push(() => client.close());
  const clock = { now: dataNow + 12 * hour };
  const sync = createSyncService({ db: temp.db, client, profile: getProfile(profile), logger: quietLogger, clock: () => clock.now, fullRefreshHours: 24 });
  cleanups.push(() => sync.shutdown());
  /** Runs a sync a minute later and returns the paths 1C was asked for (decoded). */
  const refresh = async (advanceMs = 60_000) => {
    clock.now += advanceMs;
    emulator.resetRequestLog();
    const summary = await sync.runNow();
    expect(summary.status, JSON.stringify(summary.jobs.find((j) => j.error)?.error)).toBe('ok');
    return { summary, paths: emulator.requests.map((r) => decodeURIComponent(r.path)) };
  };
  return { emulator, db: temp.db, clock, sync, refresh };
}

function expectMirrorEqualsOnec(emulator: OnecEmulator, db: AppDb): void {
  const snapshot = emulator.snapshot();
  const local = readMirror(db, refsOf(snapshot));
  const expected = expectedMirror(snapshot, getProfile(emulator.profile));
  for (const kind of Object.keys(expected) as (keyof typeof expected)[]) expect(local[kind], kind).toEqual(expected[kind]);
  expect(goneButLive(db, refsOf(snapshot))).toEqual([]);
}

const totalChanges = (db: AppDb): number => Number(db.sqlite.prepare('SELECT total_changes()').pluck().get());
const count = (paths: readonly string[], part: string): number => paths.filter((p) => p.includes(part)).length;
const barcodeScan = (paths: readonly string[]): number => paths.filter((p) => p.includes('InformationRegister_ШтрихкодыНоменклатуры?') && p.includes('$orderby')).length;

describe('sync refresh of registers without DataVersion', () => {
  it('downloads ≤ 15 % on a no-change refresh and stays exact through every kind of change (ut11)', async () => {
    const s = await setup('ut11', 3_000);
    const full = await s.sync.runNow();
    expect(full.status).toBe('ok');
    expectMirrorEqualsOnec(s.emulator, s.db);
    const snapshot = s.emulator.snapshot();
    const warehouses = snapshot.warehouses.map((w) => w.ref);
    const retail = snapshot.priceTypes[0]?.ref as string;
    const [p1, p2, p3] = snapshot.products.filter((p) => !p.deletionMark);
    if (!p1 || !p2 || !p3) throw new Error('not enough products');

    // No change: no SliceLast, no Balance, no barcode scan, no mirror row written.
    const before = mirrorFingerprint(s.db);
    const changesBefore = totalChanges(s.db);
    const quiet = await s.refresh();
    expect(quiet.summary.bytes / full.bytes).toBeLessThanOrEqual(0.15);
    expect(mirrorFingerprint(s.db)).toEqual(before);
    // Bookkeeping only: 3 per job (run insert + update, state upsert) and each warehouse's confirmation.
    expect(totalChanges(s.db) - changesBefore).toBe(jobNames.length * 3 + warehouses.length);
    expect(count(quiet.paths, 'SliceLast')).toBe(0);
    expect(count(quiet.paths, 'Balance(')).toBe(0);
    expect(barcodeScan(quiet.paths)).toBe(0);
    expectMirrorEqualsOnec(s.emulator, s.db);

    // A movement to one warehouse: Balance for that warehouse only.
    s.emulator.mutate.postMovement({ productRef: p1.ref, warehouseRef: warehouses[1] as string, qty: 5, period: s.clock.now - hour });
    const moved = await s.refresh();
    expect(moved.paths.filter((p) => p.includes('Balance('))).toEqual([expect.stringContaining(warehouses[1] as string)]);
    expect(count(moved.paths, 'SliceLast')).toBe(0);
    expectMirrorEqualsOnec(s.emulator, s.db);

    // A price set now: SliceLast again.
    s.emulator.mutate.setPrice({ productRef: p1.ref, priceTypeRef: retail, price: 99.9, period: s.clock.now - hour });
    const priced = await s.refresh();
    expect(count(priced.paths, 'SliceLast')).toBeGreaterThan(0);
    expect(count(priced.paths, 'Balance(')).toBe(0);
    expectMirrorEqualsOnec(s.emulator, s.db);

    // A price dated in the future: SliceLast() (no Period) already returns it, as 1C does; when the
    // moment passes nothing changes in 1C's answer, so nothing is re-read.
    const future = s.clock.now + 5 * hour;
    s.emulator.mutate.setPrice({ productRef: p2.ref, priceTypeRef: retail, price: 77.7, period: future });
    const planned = await s.refresh();
    expect(count(planned.paths, 'SliceLast')).toBeGreaterThan(0);
    expectMirrorEqualsOnec(s.emulator, s.db);
    const passed = await s.refresh(6 * hour);
    expect(count(passed.paths, 'SliceLast')).toBe(0);
    expectMirrorEqualsOnec(s.emulator, s.db);

    // A barcode added to an unchanged product: not seen until the safety interval has passed…
    s.emulator.mutate.addBarcode({ code: '4600000000017', productRef: p3.ref });
    const early = await s.refresh();
    expect(barcodeScan(early.paths)).toBe(0);
    expect(readMirror(s.db).barcodes.some((b) => b.code === '4600000000017')).toBe(false);
    // …then everything is read in full: the barcode scan, SliceLast per price type, Balance per warehouse.
    const safety = await s.refresh(24 * hour);
    expect(barcodeScan(safety.paths)).toBeGreaterThan(0);
    expect(count(safety.paths, 'SliceLast')).toBe(snapshot.priceTypes.length);
    expect(count(safety.paths, 'Balance(')).toBe(warehouses.length);
    expectMirrorEqualsOnec(s.emulator, s.db);

    // A new product with its barcode: the catalog change triggers the barcode scan.
    const added = s.emulator.mutate.addProduct({ name: 'Сырок глазированный «Новинка» 45 г', unitRef: p1.unitRef });
    s.emulator.mutate.addBarcode({ code: '4600000000024', productRef: added });
    const withProduct = await s.refresh();
    expect(barcodeScan(withProduct.paths)).toBeGreaterThan(0);
    expect(count(withProduct.paths, 'Balance(')).toBe(0);
    expectMirrorEqualsOnec(s.emulator, s.db);

    // And quiet again.
    const again = await s.refresh();
    expect(again.summary.bytes / full.bytes).toBeLessThanOrEqual(0.15);
    expectMirrorEqualsOnec(s.emulator, s.db);
  });

  it('probes an independent price register (unf) and catches a new price', async () => {
    const s = await setup('unf', 500);
    expect((await s.sync.runNow()).status).toBe('ok');
    const quiet = await s.refresh();
    expect(count(quiet.paths, 'SliceLast')).toBe(0);
    const snapshot = s.emulator.snapshot();
    const product = snapshot.products.find((p) => !p.deletionMark)?.ref as string;
    s.emulator.mutate.setPrice({ productRef: product, priceTypeRef: snapshot.priceTypes[0]?.ref as string, price: 12.34, period: s.clock.now - hour });
    const priced = await s.refresh();
    expect(count(priced.paths, 'SliceLast')).toBeGreaterThan(0);
    expectMirrorEqualsOnec(s.emulator, s.db);
  });

  it('calls Balance for every warehouse when the movements job did not run', async () => {
    const s = await setup('ut11', 300);
    expect((await s.sync.runNow()).status).toBe('ok');
    s.clock.now += 60_000;
    s.emulator.resetRequestLog();
    expect((await s.sync.runNow({ jobs: ['balances'] })).status).toBe('ok');
    expect(count(s.emulator.requests.map((r) => decodeURIComponent(r.path)), 'Balance(')).toBe(s.emulator.snapshot().warehouses.length);
  });
});
