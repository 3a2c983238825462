// lowStockPairCount against a brute-force count over every pair and rule, on a demo catalog with
// groups, minimums and rules of every scope (active and not, low-stock conditions and not).
import { afterEach, describe, expect, it } from 'vitest';
import { alertsContract } from '../../../src-preload/contract/alerts';
import { generateDemoCatalog } from '../demo/demo-catalog.service';
import { openTempDb } from '../testing/temp-db';
import { type AlertRuleRow, conditionHolds } from './alert-rule';
import { lowStockCountsByWarehouse, lowStockPairCount } from './low-stock.repo';
import { createRule, listRules, type RuleInput } from './rules.service';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const rule = (input: Partial<RuleInput> & Pick<RuleInput, 'name' | 'scope' | 'condition'>): RuleInput => alertsContract['alerts.rules.create'].input.parse(input);

describe('lowStockPairCount', () => {
  it('counts products below their minimum or matching an active low-stock rule, per warehouse and over all', () => {
    const { db, cleanup } = openTempDb();
    cleanups.push(cleanup);
    const now = Date.UTC(2026, 10, 20, 9);
    generateDemoCatalog(db, { products: 400, warehouses: 3, seed: 3, now });
    const s = db.sqlite;
    const stock = s.prepare('SELECT product_id AS productId, warehouse_id AS warehouseId FROM stock ORDER BY id').all() as { productId: number; warehouseId: number }[];
    const level = s.prepare("INSERT OR IGNORE INTO stock_levels (product_id, warehouse_id, min_qty, max_qty, source, updated_at) VALUES (?, ?, ?, NULL, 'manual', ?)");
    stock.forEach((pair, i) => {
      if (i % 7 === 0) level.run(pair.productId, pair.warehouseId, (i % 40) * 1000, now);
    });
    // A minimum where nothing is stocked: low with quantity 0.
    level.run(stock[0]?.productId, 3, 5000, now);
    const [w1, w2] = s.prepare('SELECT id FROM warehouses ORDER BY id').pluck().all() as number[];
    const groups = s.prepare('SELECT id FROM product_groups WHERE parent_id IS NULL ORDER BY id').pluck().all() as number[];
    const ctx = { now, userId: null };
    createRule(db, rule({ name: 'Мало на складе 1', scope: 'warehouse', warehouseId: w1, condition: 'below', threshold: 3000 }), ctx);
    createRule(db, rule({ name: 'Закончилось в группе', scope: 'group', groupId: groups[0], condition: 'zero' }), ctx);
    createRule(db, rule({ name: 'Группа ниже минимума на складе 2', scope: 'group', groupId: groups[1], warehouseId: w2, condition: 'below_min' }), ctx);
    createRule(db, rule({ name: 'Товар меньше 50', scope: 'product', productId: stock[5]?.productId, condition: 'below', threshold: 50_000 }), ctx);
    createRule(db, rule({ name: 'Всё больше 1', scope: 'all', condition: 'above', threshold: 1000 }), ctx);
    createRule(db, rule({ name: 'Выключено: всё меньше 100', scope: 'all', condition: 'below', threshold: 100_000, isActive: false }), ctx);

    // Brute force: every alert pair against every active low-stock rule by its scope, plus minimums.
    const parents = new Map(s.prepare('SELECT id, parent_id FROM product_groups').raw().all() as [number, number | null][]);
    const within = (groupId: number | null, root: number | null): boolean => {
      for (let g = groupId; g !== null && g !== undefined; g = parents.get(g) ?? null) if (g === root) return true;
      return false;
    };
    const rules = listRules(db).filter((r) => r.isActive && ['below', 'zero', 'below_min'].includes(r.condition)) as AlertRuleRow[];
    const covers = (r: AlertRuleRow, productId: number, groupId: number | null, warehouseId: number): boolean =>
      (r.warehouseId === null || r.warehouseId === warehouseId) &&
      (r.scope === 'all' || r.scope === 'warehouse' || (r.scope === 'product' && r.productId === productId) || (r.scope === 'group' && within(groupId, r.groupId)));
    const pairs = s
      .prepare('SELECT ap.product_id AS productId, ap.warehouse_id AS warehouseId, p.group_id AS groupId, ap.qty, ap.min_qty AS minQty FROM alert_pairs ap JOIN products p ON p.id = ap.product_id')
      .all() as { productId: number; warehouseId: number; groupId: number | null; qty: number; minQty: number | null }[];
    const low = new Set<string>();
    for (const pair of pairs) {
      if (pair.minQty !== null && pair.qty < pair.minQty) low.add(`${pair.productId}:${pair.warehouseId}`);
      if (rules.some((r) => covers(r, pair.productId, pair.groupId, pair.warehouseId) && conditionHolds(r, pair.qty, pair.minQty))) low.add(`${pair.productId}:${pair.warehouseId}`);
    }
    const keys = [...low].map((key) => key.split(':').map(Number) as [number, number]);
    const perWarehouse = (w: number): number => keys.filter(([, warehouseId]) => warehouseId === w).length;
    expect(new Set(keys.map(([, w]) => w)).size).toBe(3);
    expect(perWarehouse(w1 as number)).toBeGreaterThan(0);
    for (const w of [1, 2, 3]) expect(lowStockPairCount(db, w), `warehouse ${w}`).toBe(perWarehouse(w));
    expect(lowStockPairCount(db, null)).toBe(new Set(keys.map(([p]) => p)).size);
    expect(lowStockCountsByWarehouse(db)).toEqual(new Map([1, 2, 3].map((w) => [w, perWarehouse(w)])));
  });
});
