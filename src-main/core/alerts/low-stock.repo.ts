// "Running low" for the dashboard (issue #6): a (product, warehouse) pair is low when its displayed
// quantity is below its minimum (stock_levels), or when an active alert rule with a low-stock
// condition (below, zero, below_min) matches it at the last evaluation (alert_pairs, through the
// same rule index and conditionHolds as the evaluator). Counted per warehouse, or over all
// warehouses as distinct products (one product low at two stores is one product).
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { readActiveRules, readGroupParents } from './alert-pairs.repo';
import { type AlertRuleRow } from './alert-rule';
import { buildRuleIndex } from './rule-index';

const lowConditions: ReadonlySet<AlertRuleRow['condition']> = new Set(['below', 'zero', 'below_min']);

/**
 * The low-stock rules folded into criteria a pair can be tested against in SQL: the highest 'below'
 * threshold ('zero' is below 1 thousandth) and whether a 'below_min' rule applies. One row per
 * (warehouse, group) for the rules that are not per product (the rule index decides which rules
 * cover that combination, ancestors included), one per (product, warehouse) for the per-product ones.
 */
function lowCriteria(db: AppDb, rules: readonly AlertRuleRow[]): { shared: unknown[][]; own: unknown[][] } {
  const fold = (list: readonly AlertRuleRow[]): [number, number] => {
    let below = Number.MIN_SAFE_INTEGER;
    let isMinUsed = 0;
    for (const rule of list) {
      if (rule.condition === 'below' && rule.threshold !== null) below = Math.max(below, rule.threshold);
      if (rule.condition === 'zero') below = Math.max(below, 1);
      if (rule.condition === 'below_min') isMinUsed = 1;
    }
    return [below, isMinUsed];
  };
  const warehouseIds = cachedStatement(db, 'SELECT id FROM warehouses WHERE is_deleted = 0').pluck().all() as number[];
  const groupIds = [null, ...(cachedStatement(db, 'SELECT id FROM product_groups').pluck().all() as number[])];
  const groupParents = readGroupParents(db);
  const wide = buildRuleIndex(
    rules.filter((rule) => rule.scope !== 'product'),
    groupParents,
  );
  const shared: unknown[][] = [];
  for (const warehouseId of warehouseIds) {
    for (const groupId of groupIds) {
      const list = wide.candidates(-1, groupId, warehouseId);
      if (list.length > 0) shared.push([warehouseId, groupId ?? -1, ...fold(list)]);
    }
  }
  const perProduct = buildRuleIndex(
    rules.filter((rule) => rule.scope === 'product'),
    groupParents,
  );
  const own: unknown[][] = [];
  for (const productId of new Set(rules.filter((rule) => rule.scope === 'product').map((rule) => rule.productId as number))) {
    for (const warehouseId of warehouseIds) {
      const list = perProduct.candidates(productId, null, warehouseId);
      if (list.length > 0) own.push([productId, warehouseId, ...fold(list)]);
    }
  }
  return { shared, own };
}

/**
 * The statement's WITH list ending in `low(product_id, warehouse_id)`: pairs below their minimum
 * now (from the stock as it is: minimums are few, one lookup each, and this holds with no rule at
 * all; no stock row: quantity 0), and, when `hasRules`, pairs that match a low-stock rule at the last
 * evaluation (alert_pairs against the folded criteria). `isOne`: only @warehouseId.
 */
function lowCtes(isOne: boolean, hasRules: boolean): string {
  const one = (column: string): string => (isOne ? `AND ${column} = @warehouseId` : '');
  const belowMin = `SELECT l.product_id, l.warehouse_id FROM stock_levels l
      LEFT JOIN pending pe ON pe.product_id = l.product_id AND pe.warehouse_id = l.warehouse_id
      WHERE l.min_qty IS NOT NULL ${one('l.warehouse_id')}
        AND coalesce((SELECT sum(s.qty_1c) FROM stock s WHERE s.product_id = l.product_id AND s.warehouse_id = l.warehouse_id), 0)
          + coalesce(pe.qty, 0) < l.min_qty`;
  const byRules = `
      UNION
      SELECT ap.product_id, ap.warehouse_id FROM alert_pairs ap
      JOIN products pr ON pr.id = ap.product_id
      JOIN crit c ON c.w = ap.warehouse_id AND c.g = coalesce(pr.group_id, -1)
      WHERE pr.is_deleted = 0 ${one('ap.warehouse_id')}
        AND (ap.qty < c.below OR (c.bm = 1 AND ap.min_qty IS NOT NULL AND ap.qty < ap.min_qty))
      UNION
      SELECT ap.product_id, ap.warehouse_id FROM own o
      JOIN alert_pairs ap ON ap.product_id = o.p AND ap.warehouse_id = o.w
      JOIN products pr ON pr.id = ap.product_id
      WHERE pr.is_deleted = 0 ${one('ap.warehouse_id')}
        AND (ap.qty < o.below OR (o.bm = 1 AND ap.min_qty IS NOT NULL AND ap.qty < ap.min_qty))`;
  return `WITH pending AS MATERIALIZED (
      SELECT product_id, warehouse_id, sum(qty_delta) AS qty FROM pending_stock_effects ${isOne ? 'WHERE warehouse_id = @warehouseId' : ''}
      GROUP BY product_id, warehouse_id),
    crit AS MATERIALIZED (SELECT j.value ->> 0 AS w, j.value ->> 1 AS g, j.value ->> 2 AS below, j.value ->> 3 AS bm FROM json_each(@shared) j),
    own AS MATERIALIZED (SELECT j.value ->> 0 AS p, j.value ->> 1 AS w, j.value ->> 2 AS below, j.value ->> 3 AS bm FROM json_each(@own) j),
    low AS (${belowMin}${hasRules ? byRules : ''})`;
}

function lowParams(db: AppDb, warehouseId: number | null): { params: Record<string, unknown>; hasRules: boolean } {
  const rules = readActiveRules(db).filter((rule) => lowConditions.has(rule.condition));
  const { shared, own } = rules.length > 0 ? lowCriteria(db, rules) : { shared: [], own: [] };
  return { params: { shared: JSON.stringify(shared), own: JSON.stringify(own), ...(warehouseId !== null ? { warehouseId } : {}) }, hasRules: rules.length > 0 };
}

/**
 * Products running low at the warehouse, or (null) over all warehouses, each product counted once:
 * below their minimum, or matching an active rule with a low-stock condition. One statement.
 */
export function lowStockPairCount(db: AppDb, warehouseId: number | null): number {
  const { params, hasRules } = lowParams(db, warehouseId);
  return cachedStatement(db, `${lowCtes(warehouseId !== null, hasRules)} SELECT count(DISTINCT product_id) FROM low`)
    .pluck()
    .get(params) as number;
}

/** lowStockPairCount of every warehouse that has a low product, in one statement. */
export function lowStockCountsByWarehouse(db: AppDb): Map<number, number> {
  const { params, hasRules } = lowParams(db, null);
  const rows = cachedStatement(db, `${lowCtes(false, hasRules)} SELECT warehouse_id, count(*) FROM low GROUP BY warehouse_id`)
    .raw()
    .all(params) as [number, number][];
  return new Map(rows);
}
