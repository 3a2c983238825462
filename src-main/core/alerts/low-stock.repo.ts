// "Running low" for the dashboard (issue #6): a (product, warehouse) pair is low when its displayed
// quantity is below its minimum (stock_levels), or when an active alert rule with a low-stock
// condition (below, zero, below_min) matches it at the last evaluation (alert_pairs, through the
// same rule index and conditionHolds as the evaluator). Counted per warehouse, or over all
// warehouses as distinct products (one product low at two stores is one product).
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { readActiveRules, readGroupParents } from './alert-pairs.repo';
import { type AlertRuleRow, conditionHolds } from './alert-rule';
import { buildRuleIndex } from './rule-index';

const lowConditions: ReadonlySet<AlertRuleRow['condition']> = new Set(['below', 'zero', 'below_min']);

/** Low pairs as warehouse → products. */
function readLowPairs(db: AppDb, warehouseId: number | null): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  const add = (productId: number, pairWarehouseId: number): void => {
    const set = out.get(pairWarehouseId);
    if (set) set.add(productId);
    else out.set(pairWarehouseId, new Set([productId]));
  };
  const isOne = warehouseId !== null;
  const params = isOne ? { warehouseId } : {};

  // Below the minimum now (no stock row: quantity 0), from the stock as it is: minimums are few
  // (one lookup each), and this part holds with no rule at all.
  const belowMin = cachedStatement(
    db,
    `WITH pending AS MATERIALIZED (
       SELECT product_id, warehouse_id, sum(qty_delta) AS qty FROM pending_stock_effects ${isOne ? 'WHERE warehouse_id = @warehouseId' : ''}
       GROUP BY product_id, warehouse_id
     )
     SELECT l.product_id, l.warehouse_id FROM stock_levels l
     LEFT JOIN pending pe ON pe.product_id = l.product_id AND pe.warehouse_id = l.warehouse_id
     WHERE l.min_qty IS NOT NULL ${isOne ? 'AND l.warehouse_id = @warehouseId' : ''}
       AND coalesce((SELECT sum(s.qty_1c) FROM stock s WHERE s.product_id = l.product_id AND s.warehouse_id = l.warehouse_id), 0)
         + coalesce(pe.qty, 0) < l.min_qty`,
  )
    .raw()
    .all(params) as [number, number][];
  for (const [productId, pairWarehouseId] of belowMin) add(productId, pairWarehouseId);

  const rules = readActiveRules(db).filter((rule) => lowConditions.has(rule.condition));
  if (rules.length === 0) return out;
  // Only pairs that can satisfy one of the rules are read: below the highest threshold ('zero' is
  // below 1 thousandth) or below their minimum; the rule index then decides which rules cover them.
  let maxBelow = Number.MIN_SAFE_INTEGER;
  let isMinUsed = 0;
  for (const rule of rules) {
    if (rule.condition === 'below' && rule.threshold !== null) maxBelow = Math.max(maxBelow, rule.threshold);
    if (rule.condition === 'zero') maxBelow = Math.max(maxBelow, 1);
    if (rule.condition === 'below_min') isMinUsed = 1;
  }
  const index = buildRuleIndex(rules, readGroupParents(db));
  const candidates = cachedStatement(
    db,
    `SELECT ap.product_id, ap.warehouse_id, pr.group_id, ap.qty, ap.min_qty
     FROM alert_pairs ap
     JOIN products pr ON pr.id = ap.product_id
     JOIN warehouses w ON w.id = ap.warehouse_id
     WHERE (ap.qty < @maxBelow OR (@isMinUsed = 1 AND ap.min_qty IS NOT NULL AND ap.qty < ap.min_qty))
       AND pr.is_deleted = 0 AND w.is_deleted = 0 ${isOne ? 'AND ap.warehouse_id = @warehouseId' : ''}`,
  )
    .raw()
    .all({ ...params, maxBelow, isMinUsed }) as [number, number, number | null, number, number | null][];
  for (const [productId, pairWarehouseId, groupId, qty, minQty] of candidates) {
    if (index.candidates(productId, groupId, pairWarehouseId).some((rule) => conditionHolds(rule, qty, minQty))) add(productId, pairWarehouseId);
  }
  return out;
}

/**
 * Products running low at the warehouse, or (null) over all warehouses, each product counted once:
 * below their minimum, or matching an active rule with a low-stock condition.
 */
export function lowStockPairCount(db: AppDb, warehouseId: number | null): number {
  const low = readLowPairs(db, warehouseId);
  if (warehouseId !== null) return low.get(warehouseId)?.size ?? 0;
  const products = new Set<number>();
  for (const set of low.values()) for (const productId of set) products.add(productId);
  return products.size;
}

/** lowStockPairCount of every warehouse that has a low product, in one pass. */
export function lowStockCountsByWarehouse(db: AppDb): Map<number, number> {
  return new Map([...readLowPairs(db, null)].map(([warehouseId, products]) => [warehouseId, products.size]));
}
