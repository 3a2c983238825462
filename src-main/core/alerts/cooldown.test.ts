// The cooldown with marks only for rules that have one (alert-pairs.repo decideCooldown): a rule
// without a cooldown records nothing, and the history stands in for its marks when it gets one.
import { afterEach, describe, expect, it } from 'vitest';
import { alertsContract } from '../../../src-preload/contract/alerts';
import { type AppDb } from '../db/open';
import { generateDemoCatalog } from '../demo/demo-catalog.service';
import { openTempDb } from '../testing/temp-db';
import { createEventBus } from '../api/event-bus';
import { silentLogger } from '../logging/logger';
import { pruneCooldownMarks } from './alert-pairs.repo';
import { createAlertsController } from './alerts-controller';
import { evaluateAlerts } from './evaluator';
import { createRule, updateRule } from './rules.service';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const minute = 60_000;
const t0 = Date.UTC(2026, 10, 20, 9);

type Pair = { productId: number; warehouseId: number };

function setup(): { db: AppDb; pair: Pair } {
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  generateDemoCatalog(temp.db, { products: 20, warehouses: 2, seed: 3, now: t0 });
  const pair = temp.db.sqlite.prepare('SELECT product_id AS productId, warehouse_id AS warehouseId FROM stock WHERE qty_1c > 0 ORDER BY id LIMIT 1').get() as Pair;
  return { db: temp.db, pair };
}

/** Sets every stock row of the pair (all its variants) as a pull would. */
function setStock(db: AppDb, pair: Pair, qty: number): void {
  db.sqlite.prepare('UPDATE stock SET qty_1c = ? WHERE product_id = ? AND warehouse_id = ?').run(qty, pair.productId, pair.warehouseId);
}

function marks(db: AppDb): { rule: string; at: number }[] {
  return db.sqlite
    .prepare('SELECT r.name AS rule, f.last_fired_at AS at FROM alert_fired f JOIN alert_rules r ON r.id = f.rule_id ORDER BY r.name')
    .all() as { rule: string; at: number }[];
}

describe('cooldown marks', () => {
  it('are recorded only for rules with a cooldown; a cooldown set or changed later counts the last alert from the history', () => {
    const { db, pair } = setup();
    const input = (name: string, cooldownMinutes: number) =>
      alertsContract['alerts.rules.create'].input.parse({ name, scope: 'product', productId: pair.productId, condition: 'zero', cooldownMinutes });
    const a = createRule(db, input('A без паузы', 0), { now: t0, userId: null });
    const b = createRule(db, input('B пауза 60', 60), { now: t0, userId: null });
    const setCooldown = (rule: typeof a, cooldownMinutes: number, now: number) =>
      updateRule(db, alertsContract['alerts.rules.update'].input.parse({ id: rule.id, name: rule.name, scope: 'product', productId: pair.productId, condition: 'zero', cooldownMinutes }), {
        now,
        userId: null,
      });
    /** Empties the pair at `at` (after refilling it 5 minutes earlier) and returns which rules fired. */
    const emptyAt = (at: number): string[] => {
      setStock(db, pair, 5000);
      expect(evaluateAlerts(db, () => at - 5 * minute)).toEqual([]);
      setStock(db, pair, 0);
      return evaluateAlerts(db, () => at)
        .map((f) => f.ruleName)
        .sort();
    };

    setStock(db, pair, 0);
    expect(evaluateAlerts(db, () => t0).map((f) => f.ruleName).sort()).toEqual(['A без паузы', 'B пауза 60']);
    // Only the rule with a cooldown has a mark.
    expect(marks(db)).toEqual([{ rule: 'B пауза 60', at: t0 }]);
    // Cooldown 0 fires every time; 60 minutes hold B back.
    expect(emptyAt(t0 + 20 * minute)).toEqual(['A без паузы']);
    expect(marks(db)).toEqual([{ rule: 'B пауза 60', at: t0 }]);

    // A gets a cooldown: its last alert (t0 + 20 min, from the history) counts, as a mark would have.
    setCooldown(a, 60, t0 + 25 * minute);
    expect(marks(db)).toEqual([
      { rule: 'A без паузы', at: t0 + 20 * minute },
      { rule: 'B пауза 60', at: t0 },
    ]);
    expect(emptyAt(t0 + 45 * minute)).toEqual([]);
    expect(emptyAt(t0 + 70 * minute)).toEqual(['B пауза 60']);
    expect(emptyAt(t0 + 80 * minute)).toEqual(['A без паузы']);

    // B loses its cooldown: no marks, fires every time; set again, its newest alert counts.
    setCooldown(b, 0, t0 + 85 * minute);
    expect(marks(db).map((m) => m.rule)).toEqual(['A без паузы']);
    expect(emptyAt(t0 + 95 * minute)).toEqual(['B пауза 60']);
    setCooldown(b, 240, t0 + 100 * minute);
    expect(marks(db)).toEqual([
      { rule: 'A без паузы', at: t0 + 80 * minute },
      { rule: 'B пауза 60', at: t0 + 95 * minute },
    ]);
    expect(emptyAt(t0 + 150 * minute)).toEqual(['A без паузы']);
    // Shortened to 10 minutes: the last alert is older than that, so no mark is needed and B fires.
    setCooldown(b, 10, t0 + 160 * minute);
    expect(marks(db).map((m) => m.rule)).toEqual(['A без паузы']);
    expect(emptyAt(t0 + 170 * minute)).toEqual(['B пауза 60']);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('past their cooldown are pruned (hourly, after an evaluation) without changing any decision', async () => {
    const { db, pair } = setup();
    const rule = createRule(db, alertsContract['alerts.rules.create'].input.parse({ name: 'Пауза 60', scope: 'product', productId: pair.productId, condition: 'zero', cooldownMinutes: 60 }), {
      now: t0,
      userId: null,
    });
    setStock(db, pair, 0);
    expect(evaluateAlerts(db, () => t0)).toHaveLength(1);
    // Inside the cooldown the mark stays; at its end it goes.
    expect(pruneCooldownMarks(db, t0 + 59 * minute)).toBe(0);
    expect(marks(db)).toEqual([{ rule: 'Пауза 60', at: t0 }]);
    expect(pruneCooldownMarks(db, t0 + 60 * minute)).toBe(1);
    expect(marks(db)).toEqual([]);
    // The cooldown raised to 240 minutes: the pruned alert counts again (from the history), so the
    // pair stays quiet as it would have with the mark kept.
    updateRule(db, alertsContract['alerts.rules.update'].input.parse({ id: rule.id, name: rule.name, scope: 'product', productId: pair.productId, condition: 'zero', cooldownMinutes: 240 }), {
      now: t0 + 61 * minute,
      userId: null,
    });
    expect(marks(db)).toEqual([{ rule: 'Пауза 60', at: t0 }]);
    setStock(db, pair, 5000);
    expect(evaluateAlerts(db, () => t0 + 90 * minute)).toEqual([]);
    setStock(db, pair, 0);
    expect(evaluateAlerts(db, () => t0 + 100 * minute)).toEqual([]);

    // The controller prunes after an evaluation, at most once an hour.
    const clock = { now: t0 + 300 * minute };
    const controller = createAlertsController({ db, events: createEventBus(), logger: silentLogger, clock: () => clock.now, notifier: null, smtpPassword: () => Promise.resolve(null) });
    cleanups.push(() => controller.close());
    await controller.evaluateNow();
    expect(marks(db)).toEqual([]);
    setStock(db, pair, 5000);
    await controller.evaluateNow();
    setStock(db, pair, 0);
    expect((await controller.evaluateNow()).map((f) => f.ruleName)).toEqual(['Пауза 60']);
    const fired = { rule: 'Пауза 60', at: t0 + 300 * minute };
    // 210 minutes on: pruned, but the mark is inside its 240 minutes.
    clock.now += 210 * minute;
    await controller.evaluateNow();
    expect(marks(db)).toEqual([fired]);
    // 40 minutes later it is past them, but the last pruning is not an hour old yet.
    clock.now += 40 * minute;
    await controller.evaluateNow();
    expect(marks(db)).toEqual([fired]);
    clock.now += 20 * minute;
    await controller.evaluateNow();
    expect(marks(db)).toEqual([]);
  });

  it('hold back exactly the pairs inside the cooldown when a batch of 50 mixes them with pairs that fire', () => {
    const temp = openTempDb();
    cleanups.push(temp.cleanup);
    const { db } = temp;
    generateDemoCatalog(db, { products: 150, warehouses: 2, seed: 8, now: t0 });
    createRule(db, alertsContract['alerts.rules.create'].input.parse({ name: 'Закончилось', scope: 'all', condition: 'zero', cooldownMinutes: 60 }), { now: t0, userId: null });
    const stocked = db.sqlite.prepare('SELECT product_id AS productId, warehouse_id AS warehouseId FROM stock GROUP BY 1, 2 HAVING sum(qty_1c) > 0 ORDER BY 1, 2').all() as Pair[];
    expect(stocked.length).toBeGreaterThan(150);
    const key = (p: Pair): string => `${p.productId}:${p.warehouseId}`;
    const fire = (pairs: readonly Pair[], at: number): string[] => {
      for (const pair of pairs) setStock(db, pair, 0);
      return evaluateAlerts(db, () => at)
        .map((f) => `${f.productId}:${f.warehouseId}`)
        .sort();
    };
    // Every other pair fires at t0; refilled 10 minutes later.
    const first = stocked.filter((_, i) => i % 2 === 0);
    expect(fire(first, t0)).toEqual(first.map(key).sort());
    for (const pair of first) setStock(db, pair, 5000);
    expect(evaluateAlerts(db, () => t0 + 10 * minute)).toEqual([]);
    // 30 minutes in, all pairs run out: the batches mix pairs inside the cooldown (held back) with
    // pairs that never fired; exactly the latter fire, and the held-back ones keep their mark.
    const second = stocked.filter((_, i) => i % 2 === 1);
    expect(fire(stocked, t0 + 30 * minute)).toEqual(second.map(key).sort());
    const marks = new Map((db.sqlite.prepare('SELECT product_id, warehouse_id, last_fired_at FROM alert_fired').raw().all() as [number, number, number][]).map(([p, w, at]) => [`${p}:${w}`, at]));
    expect(marks.size).toBe(stocked.length);
    for (const pair of first) expect(marks.get(key(pair))).toBe(t0);
    for (const pair of second) expect(marks.get(key(pair))).toBe(t0 + 30 * minute);
    // After the cooldown: refilled and emptied again, the first half fires, the second is still held back.
    for (const pair of stocked) setStock(db, pair, 5000);
    expect(evaluateAlerts(db, () => t0 + 70 * minute)).toEqual([]);
    expect(fire(stocked, t0 + 75 * minute)).toEqual(first.map(key).sort());
  });
});
