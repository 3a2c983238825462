import { afterEach, describe, expect, it } from 'vitest';
import { alertsContract } from '../../../src-preload/contract/alerts';
import { type AppDb } from '../db/open';
import { addProduct } from '../documents/document-lines.service';
import { createDraft, queueDocument } from '../documents/documents.service';
import { silentLogger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { getProfile } from '../onec/profiles';
import { createSyncService } from '../sync/sync.service';
import { openTempDb } from '../testing/temp-db';
import { type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { createDeliveries } from './alert-deliveries.repo';
import { evaluateAlerts, type FiredAlert } from './evaluator';
import { createRule, getRule, listRules, type RuleInput, updateRule } from './rules.service';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const minute = 60_000;
const t0 = Date.UTC(2026, 10, 20, 9, 0, 0);

type World = {
  emulator: OnecEmulator;
  db: AppDb;
  clock: { now: number };
  pull(): Promise<void>;
  id(table: 'products' | 'warehouses' | 'product_groups', ref: string): number;
  refs: { w1: string; w2: string; w3: string; milk: string; kefir: string; bread: string; dairy: string; milkGroup: string };
};

async function world(): Promise<World> {
  const emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 30, warehouses: 3 });
  cleanups.push(() => emulator.close());
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const client = createOnecClient({ baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password }, { logger: silentLogger, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 } });
  cleanups.push(() => client.close());
  const clock = { now: t0 };
  const sync = createSyncService({ db: temp.db, client, profile: getProfile('ut11'), logger: silentLogger, clock: () => clock.now });
  const snapshot = emulator.snapshot();
  const [w1, w2, w3] = snapshot.warehouses.map((w) => w.ref) as [string, string, string];
  const unit = snapshot.units.find((u) => u.okei === '796') ?? snapshot.units[0];
  // Products of our own, so their balances are exactly what the test sets (generated ones have variants).
  const dairy = emulator.mutate.addGroup({ name: 'Молочные продукты (тест)' });
  const milkGroup = emulator.mutate.addGroup({ name: 'Молоко (тест)', parentRef: dairy });
  const milk = emulator.mutate.addProduct({ name: 'Молоко 3,2% 1 л', unitRef: unit?.ref ?? '', parentRef: milkGroup });
  const kefir = emulator.mutate.addProduct({ name: 'Кефир 1% 0,9 л', unitRef: unit?.ref ?? '', parentRef: dairy });
  const bread = emulator.mutate.addProduct({ name: 'Хлеб Бородинский', unitRef: unit?.ref ?? '', parentRef: null });
  for (const [product, warehouse] of [[milk, w1], [kefir, w1], [bread, w1], [milk, w2], [milk, w3]] as const) {
    emulator.mutate.setBalance(product, null, warehouse, product === milk && warehouse === w3 ? 100 : 10);
  }
  const pull = async (): Promise<void> => {
    const summary = await sync.runNow();
    expect(summary.status).toBe('ok');
  };
  const id = (table: 'products' | 'warehouses' | 'product_groups', ref: string): number =>
    Number(temp.db.sqlite.prepare(`SELECT id FROM ${table} WHERE ref_1c = ?`).pluck().get(ref));
  return { emulator, db: temp.db, clock, pull, id, refs: { w1, w2, w3, milk, kefir, bread, dairy, milkGroup } };
}

type EventRow = { ruleName: string; product: string; warehouseId: number; oldQty: number | null; newQty: number; message: string; firedAt: number };

function history(db: AppDb): EventRow[] {
  return db.sqlite
    .prepare(
      `SELECT e.rule_name AS ruleName, p.name AS product, e.warehouse_id AS warehouseId, e.old_qty AS oldQty, e.new_qty AS newQty, e.message, e.fired_at AS firedAt
       FROM alert_events e JOIN products p ON p.id = e.product_id ORDER BY e.fired_at, e.rule_name, p.name, e.warehouse_id`,
    )
    .all() as EventRow[];
}

const rule = (input: Partial<RuleInput> & Pick<RuleInput, 'name' | 'scope' | 'condition'>): RuleInput => alertsContract['alerts.rules.create'].input.parse(input);

describe('evaluateAlerts', () => {
  it('fires exactly when a condition becomes true, per scope and condition, through pulls and local documents, respecting cooldown', async () => {
    const w = await world();
    const { db, clock, refs } = w;
    await w.pull();
    const [W1, W2, W3] = [w.id('warehouses', refs.w1), w.id('warehouses', refs.w2), w.id('warehouses', refs.w3)];
    const [milk, kefir, bread] = [w.id('products', refs.milk), w.id('products', refs.kefir), w.id('products', refs.bread)];
    const wh1Name = String(db.sqlite.prepare('SELECT name FROM warehouses WHERE id = ?').pluck().get(W1));
    db.sqlite.prepare("INSERT INTO stock_levels (product_id, warehouse_id, min_qty, max_qty, source, updated_at) VALUES (?, ?, 8000, NULL, 'manual', ?)").run(bread, W1, t0);

    const ctx = () => ({ now: clock.now, userId: null });
    // As the controller does: the evaluation, then the delivery rows from the alerts' channels.
    const evaluate = (): FiredAlert[] => {
      const fired = evaluateAlerts(db, () => clock.now);
      createDeliveries(db, fired, clock.now);
      return fired;
    };
    createRule(db, rule({ name: 'Молоко меньше 5', scope: 'product', productId: milk, condition: 'below', threshold: 5000, cooldownMinutes: 60, channels: ['email', 'webhook'] }), ctx());
    createRule(db, rule({ name: 'Молочка закончилась', scope: 'group', groupId: w.id('product_groups', refs.dairy), condition: 'zero', cooldownMinutes: 0 }), ctx());
    createRule(db, rule({ name: 'Склад 2 больше 15', scope: 'warehouse', warehouseId: W2, condition: 'above', threshold: 15_000 }), ctx());
    createRule(db, rule({ name: 'Ровно 7 на складе 1', scope: 'all', warehouseId: W1, condition: 'equals', threshold: 7000 }), ctx());
    createRule(db, rule({ name: 'Ниже минимума', scope: 'all', condition: 'below_min' }), ctx());
    // True for every pair of ours at creation: the baseline, silent; it never fires below.
    const baseline = createRule(db, rule({ name: 'Всё меньше 20', scope: 'all', condition: 'below', threshold: 20_000 }), ctx());
    expect(baseline.matchingNow).toBeGreaterThanOrEqual(4);
    expect(evaluate()).toEqual([]);
    expect(history(db)).toEqual([]);

    // 1. A pull changes four balances: every scope and condition fires once.
    clock.now = t0 + minute;
    w.emulator.mutate.setBalance(refs.milk, null, refs.w1, 3);
    w.emulator.mutate.setBalance(refs.kefir, null, refs.w1, 0);
    w.emulator.mutate.setBalance(refs.bread, null, refs.w1, 7);
    w.emulator.mutate.setBalance(refs.milk, null, refs.w2, 16);
    await w.pull();
    const fired = evaluate();
    expect(fired).toHaveLength(5);
    // The old quantity is the pair's value at the previous evaluation (here: the silent baseline
    // taken when the first rule was created; alert_pairs).
    const at1 = t0 + minute;
    expect(history(db)).toEqual([
      { ruleName: 'Молоко меньше 5', product: 'Молоко 3,2% 1 л', warehouseId: W1, oldQty: 10_000, newQty: 3000, message: `Молоко 3,2% 1 л: осталось 3 шт на складе «${wh1Name}» (порог 5)`, firedAt: at1 },
      { ruleName: 'Молочка закончилась', product: 'Кефир 1% 0,9 л', warehouseId: W1, oldQty: 10_000, newQty: 0, message: `Кефир 1% 0,9 л: закончился на складе «${wh1Name}»`, firedAt: at1 },
      { ruleName: 'Ниже минимума', product: 'Хлеб Бородинский', warehouseId: W1, oldQty: 10_000, newQty: 7000, message: `Хлеб Бородинский: осталось 7 шт на складе «${wh1Name}» — меньше минимума 8`, firedAt: at1 },
      { ruleName: 'Ровно 7 на складе 1', product: 'Хлеб Бородинский', warehouseId: W1, oldQty: 10_000, newQty: 7000, message: expect.stringContaining('ровно 7 шт') as unknown as string, firedAt: at1 },
      { ruleName: 'Склад 2 больше 15', product: 'Молоко 3,2% 1 л', warehouseId: W2, oldQty: 10_000, newQty: 16_000, message: expect.stringContaining('16 шт') as unknown as string, firedAt: at1 },
    ]);
    // Nothing changed since: evaluating again fires nothing (edge-triggered, marks consumed).
    expect(evaluate()).toEqual([]);
    // The same pull again (no change in 1C) marks nothing.
    await w.pull();
    expect(db.sqlite.prepare('SELECT count(*) FROM alert_dirty').pluck().get()).toBe(0);

    // 2. Back above the thresholds by pull: conditions become false, no alerts.
    clock.now = t0 + 10 * minute;
    w.emulator.mutate.setBalance(refs.milk, null, refs.w1, 8);
    w.emulator.mutate.setBalance(refs.kefir, null, refs.w1, 2);
    await w.pull();
    expect(evaluate()).toEqual([]);

    // 3. A local write-off takes milk to 2 again within the rule's 60-minute cooldown: no alert.
    const document = (kind: 'writeoff' | 'transfer', productId: number, qty: number, from = W1, to: number | null = null): void => {
      const draft = createDraft(db, { kind, warehouseId: from, toWarehouseId: to, userId: null, now: clock.now });
      addProduct(db, { documentId: draft.id, productId, characteristicId: null, qty, userId: null, now: clock.now });
      expect(queueDocument(db, { documentId: draft.id, userId: null, now: clock.now, allowNegative: true }).outcome).toBe('queued');
    };
    clock.now = t0 + 20 * minute;
    document('writeoff', milk, 6000);
    expect(evaluate()).toEqual([]);

    // 4. A transfer from warehouse 3 brings it to 12 (false); 70 minutes after the first alert a
    //    write-off takes it to 2: fires, with the quantity it had before.
    clock.now = t0 + 30 * minute;
    document('transfer', milk, 10_000, W3, W1);
    expect(evaluate()).toEqual([]);
    clock.now = t0 + 71 * minute;
    document('writeoff', milk, 10_000);
    // Kefir 2 → 0 by a local write-off: cooldown 0, fires again (old quantity known now).
    document('writeoff', kefir, 2000);
    const second = evaluate();
    expect(second.map((f) => [f.ruleName, f.productId, f.oldQty, f.newQty]).sort()).toEqual(
      [
        ['Молоко меньше 5', milk, 12_000, 2000],
        ['Молочка закончилась', kefir, 2000, 0],
      ].sort(),
    );

    // 5. The group rule covers the subgroup «Молоко (тест)»: milk at 0 fires it; «Молоко меньше 5»
    //    was already true (2 → 0), so it stays quiet.
    clock.now = t0 + 80 * minute;
    document('writeoff', milk, 2000);
    const third = evaluate();
    expect(third.map((f) => [f.ruleName, f.productId, f.warehouseId, f.oldQty, f.newQty])).toEqual([['Молочка закончилась', milk, W1, 2000, 0]]);
    // The product-scope rule does not cover other products, nor the 'equals' rule other warehouses.
    expect(history(db).filter((e) => e.ruleName === 'Молоко меньше 5').every((e) => e.product === 'Молоко 3,2% 1 л')).toBe(true);
    expect(history(db).filter((e) => e.ruleName === 'Ровно 7 на складе 1').every((e) => e.warehouseId === W1)).toBe(true);
    expect(history(db)).toHaveLength(8);
    expect(getRule(db, baseline.id).matchingNow).toBe(baseline.matchingNow);
    // The list counts every rule in one pass (rule index + conditionHolds); a single rule is counted
    // in SQL: both agree for every scope and condition.
    const listed = listRules(db);
    expect(listed).toHaveLength(6);
    for (const item of listed) expect(item.matchingNow, item.name).toBe(getRule(db, item.id).matchingNow);
    expect(listed.find((r) => r.name === 'Молочка закончилась')?.matchingNow).toBe(2);
    // Each alert carries its rule's channels, and has a delivery row per channel.
    expect(db.sqlite.prepare('SELECT DISTINCT rule_name, channels_json FROM alert_events ORDER BY rule_name').raw().all()).toEqual([
      ['Молоко меньше 5', '["email","webhook"]'],
      ['Молочка закончилась', '[]'],
      ['Ниже минимума', '[]'],
      ['Ровно 7 на складе 1', '[]'],
      ['Склад 2 больше 15', '[]'],
    ]);
    expect(db.sqlite.prepare("SELECT d.channel FROM alert_deliveries d JOIN alert_events e ON e.id = d.event_id WHERE e.rule_name = 'Молоко меньше 5' ORDER BY e.fired_at, d.channel").pluck().all()).toEqual(['email', 'webhook', 'email', 'webhook']);
    expect(db.sqlite.prepare('SELECT count(*) FROM alert_deliveries').pluck().get()).toBe(4);
    // The evaluation runs without foreign key checks (evaluator.ts): they are on again after it, also
    // after one that failed, and nothing it wrote (events, deliveries, cooldown marks, remembered
    // pairs) breaks one.
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() =>
      evaluateAlerts(db, () => {
        throw new Error('clock failed');
      }),
    ).toThrow('clock failed');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
  }, 60_000);

  it('creates a store-wide rule on a stocked database without per-pair work or alerts, and fires for a product first seen at zero', async () => {
    const w = await world();
    const { db, clock, refs } = w;
    await w.pull();
    const count = (table: string): number => Number(db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
    const stockPairs = Number(db.sqlite.prepare('SELECT count(*) FROM (SELECT DISTINCT product_id, warehouse_id FROM stock)').pluck().get());
    expect(stockPairs).toBeGreaterThan(30);
    const ctx = () => ({ now: clock.now, userId: null });
    const all = (name: string, condition: 'zero' | 'below', threshold: number | null = null) => rule({ name, scope: 'all', condition, threshold, cooldownMinutes: 0 });

    // The first active rule: one baseline row per pair, for every rule to come; nothing fires.
    createRule(db, all('Закончилось', 'zero'), ctx());
    expect(count('alert_pairs')).toBe(stockPairs);
    expect([count('alert_fired'), count('alert_events'), count('alert_dirty')]).toEqual([0, 0, 0]);
    // A second store-wide rule while one is active: no work per pair at all (alert_pairs untouched).
    clock.now += minute;
    const below = createRule(db, all('Меньше 1000', 'below', 1_000_000), ctx());
    expect(below.matchingNow).toBe(stockPairs);
    expect(db.sqlite.prepare('SELECT DISTINCT evaluated_at FROM alert_pairs').pluck().all()).toEqual([t0]);
    expect(evaluateAlerts(db, () => clock.now)).toEqual([]);
    expect([count('alert_pairs'), count('alert_fired'), count('alert_events')]).toEqual([stockPairs, 0, 0]);

    // A product 1C sends for the first time with a balance: a new pair, no condition held before —
    // «Меньше 1000» fires with no old quantity; «Закончилось» does not hold.
    clock.now += minute;
    const unit = w.emulator.snapshot().units[0]?.ref ?? '';
    const sugar = w.emulator.mutate.addProduct({ name: 'Сахар 1 кг', unitRef: unit, parentRef: null });
    w.emulator.mutate.setBalance(sugar, null, refs.w1, 5);
    await w.pull();
    const W1 = w.id('warehouses', refs.w1);
    const sugarId = w.id('products', sugar);
    expect(evaluateAlerts(db, () => clock.now).map((f) => [f.ruleName, f.productId, f.warehouseId, f.oldQty, f.newQty])).toEqual([['Меньше 1000', sugarId, W1, null, 5000]]);

    // A product never stocked at warehouse 2 gets a minimum there: the pair appears at zero.
    clock.now += minute;
    db.sqlite.prepare("INSERT INTO stock_levels (product_id, warehouse_id, min_qty, max_qty, source, updated_at) VALUES (?, ?, 2000, NULL, 'manual', ?)").run(sugarId, w.id('warehouses', refs.w2), clock.now);
    const atZero = evaluateAlerts(db, () => clock.now);
    expect(atZero.map((f) => [f.ruleName, f.oldQty, f.newQty]).sort()).toEqual([['Закончилось', null, 0], ['Меньше 1000', null, 0]]);
    expect(count('alert_pairs')).toBe(stockPairs + 2);
    // Three alerts, all of rules without a cooldown: they record no cooldown marks (cooldown.test.ts:
    // their alerts still count from the history when a cooldown is set later).
    expect(count('alert_events')).toBe(3);
    expect(count('alert_fired')).toBe(0);

    // Every rule switched off, stock changes meanwhile (not marked), a rule switched on again: the
    // baseline is retaken, silently — what happened while no rule was active is not news.
    const off = (r: typeof below) =>
      updateRule(db, alertsContract['alerts.rules.update'].input.parse({ id: r.id, name: r.name, scope: 'all', condition: r.condition, threshold: r.threshold, isActive: false }), ctx());
    const zeroRule = listRules(db).find((r) => r.name === 'Закончилось');
    if (!zeroRule) throw new Error('rule missing');
    off(zeroRule);
    off(below);
    clock.now += minute;
    w.emulator.mutate.setBalance(refs.bread, null, refs.w1, -1);
    await w.pull();
    expect(count('alert_dirty')).toBe(0);
    expect(evaluateAlerts(db, () => clock.now)).toEqual([]);
    updateRule(db, alertsContract['alerts.rules.update'].input.parse({ id: zeroRule.id, name: zeroRule.name, scope: 'all', condition: 'zero', cooldownMinutes: 0 }), ctx());
    expect(db.sqlite.prepare('SELECT DISTINCT evaluated_at FROM alert_pairs').pluck().all()).toEqual([clock.now]);
    expect(evaluateAlerts(db, () => clock.now)).toEqual([]);
    expect(getRule(db, zeroRule.id).matchingNow).toBe(2);
  }, 60_000);

  it('takes a silent baseline when a rule is changed, and fires only on the next change', async () => {
    const w = await world();
    const { db, clock, refs } = w;
    await w.pull();
    const milk = w.id('products', refs.milk);
    const W1 = w.id('warehouses', refs.w1);
    const created = createRule(db, rule({ name: 'Молоко', scope: 'product', productId: milk, warehouseId: W1, condition: 'below', threshold: 5000 }), { now: clock.now, userId: null });
    expect(created.matchingNow).toBe(0);
    // Raised to 50: 10 < 50 holds already, so it becomes the baseline rather than an alert.
    const raised = updateRule(
      db,
      alertsContract['alerts.rules.update'].input.parse({ id: created.id, name: 'Молоко', scope: 'product', productId: milk, warehouseId: W1, condition: 'below', threshold: 50_000 }),
      { now: clock.now, userId: null },
    );
    expect(raised.matchingNow).toBe(1);
    w.emulator.mutate.setBalance(refs.milk, null, refs.w1, 4);
    clock.now += minute;
    await w.pull();
    expect(evaluateAlerts(db, () => clock.now)).toEqual([]);
    // An audit row per change.
    expect(db.sqlite.prepare("SELECT action FROM audit_log WHERE action LIKE 'alert_rule.%' ORDER BY id").pluck().all()).toEqual(['alert_rule.create', 'alert_rule.update']);
  }, 60_000);
});
