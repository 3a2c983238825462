import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../../db/open';
import { silentLogger } from '../../logging/logger';
import { makeTempDir, openTempDb } from '../../testing/temp-db';
import { generateExchange } from '../testing/cml-generator';
import { afterCmlImport, changedTables } from './after-import';
import { importExchange } from './import-exchange';

const now = new Date(2026, 1, 1, 12, 0, 0).getTime();
let t: { db: AppDb; cleanup(): void };
let temp: { dir: string; cleanup(): void };
beforeEach(() => {
  t = openTempDb();
  temp = makeTempDir('prilavok-cml-after-');
});
afterEach(() => {
  t.cleanup();
  temp.cleanup();
});

function sinks() {
  const events: unknown[] = [];
  let evaluations = 0;
  return {
    events,
    evaluations: () => evaluations,
    deps: { db: t.db, clock: () => now, logger: silentLogger, events: { emit: (event: string, payload: unknown) => events.push({ event, payload }) }, evaluateAlerts: () => (evaluations += 1) },
  };
}

describe('afterCmlImport', () => {
  it('after a real import: tells screens which tables changed, evaluates alerts, retakes today\'s stock snapshot', async () => {
    const g = await generateExchange(temp.dir, { seed: 2, products: 10, version: '2.07' });
    const report = await importExchange(t.db, g.files.map((f) => ({ name: f.name, path: f.path })), { dryRun: false, clock: () => now });
    const s = sinks();
    afterCmlImport(report, s.deps);
    expect(s.events).toEqual([
      { event: 'data.changed', payload: { tables: ['product_groups', 'units', 'warehouses', 'price_types', 'products', 'barcodes', 'prices', 'stock'] } },
      { event: 'data.changed', payload: { tables: ['stock_snapshots'] } },
    ]);
    expect(s.evaluations()).toBe(1);
    expect(Number(t.db.sqlite.prepare('SELECT count(*) FROM stock_snapshots').pluck().get())).toBe(3);

    // The same exchange again changes nothing: nothing to announce.
    const again = await importExchange(t.db, g.files.map((f) => ({ name: f.name, path: f.path })), { dryRun: false, clock: () => now });
    expect(changedTables(again)).toEqual([]);
    const quiet = sinks();
    afterCmlImport(again, quiet.deps);
    expect(quiet.events).toEqual([]);
    expect(quiet.evaluations()).toBe(0);
  });

  it('does nothing after a dry run', async () => {
    const g = await generateExchange(temp.dir, { seed: 2, products: 10, version: '2.07' });
    const report = await importExchange(t.db, g.files.map((f) => ({ name: f.name, path: f.path })), { dryRun: true, clock: () => now });
    const s = sinks();
    afterCmlImport(report, s.deps);
    expect(s.events).toEqual([]);
    expect(s.evaluations()).toBe(0);
  });
});
