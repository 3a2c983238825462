// The evaluation over more marks than one chunk of takeDirtyPairs: every mark is evaluated once,
// alerts are exactly the pairs whose condition became true, and alert_pairs ends up equal to the
// displayed quantities computed from scratch.
import { afterEach, describe, expect, it } from 'vitest';
import { alertsContract } from '../../../src-preload/contract/alerts';
import { generateDemoCatalog } from '../demo/demo-catalog.service';
import { createSeededRandom } from '../demo/seeded-random';
import { openTempDb } from '../testing/temp-db';
import { allPairsSql, dirtyChunkSize } from './alert-qty.repo';
import { evaluateAlerts } from './evaluator';
import { createRule } from './rules.service';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const t0 = Date.UTC(2026, 10, 20, 9);

describe('takeDirtyPairs in chunks', () => {
  it('evaluates every mark of a change larger than several chunks exactly once', () => {
    const temp = openTempDb();
    cleanups.push(temp.cleanup);
    const { db } = temp;
    generateDemoCatalog(db, { products: 1_500, warehouses: 3, seed: 5, now: t0 });
    const threshold = 5_000;
    createRule(db, alertsContract['alerts.rules.create'].input.parse({ name: 'Меньше 5', scope: 'all', condition: 'below', threshold, cooldownMinutes: 0 }), { now: t0, userId: null });
    const displayed = (): Map<string, number> =>
      new Map((db.sqlite.prepare(`SELECT product_id, warehouse_id, qty FROM (${allPairsSql})`).raw().all() as [number, number, number][]).map(([p, w, q]) => [`${p}:${w}`, q]));
    const remembered = (): Map<string, number> =>
      new Map((db.sqlite.prepare('SELECT product_id, warehouse_id, qty FROM alert_pairs').raw().all() as [number, number, number][]).map(([p, w, q]) => [`${p}:${w}`, q]));

    const random = createSeededRandom(9);
    const rows = db.sqlite.prepare('SELECT id FROM stock ORDER BY id').pluck().all() as number[];
    const update = db.sqlite.prepare('UPDATE stock SET qty_1c = ? WHERE id = ?');
    for (let round = 1; round <= 3; round += 1) {
      const before = displayed();
      // Most stock rows change, some to the same value they had (a mark whose values stay as they were).
      db.sqlite.transaction(() => {
        for (const id of rows) if (random.chance(0.9)) update.run(random.between(0, 12) * 1000, id);
      })();
      const marks = Number(db.sqlite.prepare('SELECT count(*) FROM alert_dirty').pluck().get());
      expect(marks).toBeGreaterThan(2 * dirtyChunkSize);
      const after = displayed();
      const expected = [...after]
        .filter(([key, qty]) => qty < threshold && (before.get(key) ?? Number.POSITIVE_INFINITY) >= threshold)
        .map(([key]) => key)
        .sort();
      const fired = evaluateAlerts(db, () => t0 + round * 60_000);
      expect(fired.map((f) => `${f.productId}:${f.warehouseId}`).sort()).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
      expect(remembered()).toEqual(after);
      expect(db.sqlite.prepare('SELECT count(*) FROM alert_dirty').pluck().get()).toBe(0);
    }
  });
});
