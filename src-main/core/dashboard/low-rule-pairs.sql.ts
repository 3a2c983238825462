// (product, warehouse) pairs that match an ACTIVE low-stock alert rule (below a threshold, zero,
// below the minimum), for the dashboard's low-stock count. Read from alert_pairs, the quantity and
// minimum the alert evaluator saw at its last run (within a second of every stock change), with the
// rule's scope and condition applied in SQL the way alert-rule.ts `conditionHolds` does: a product
// or warehouse marked deleted matches nothing; a group rule covers its subgroups.
// Kept in one place because the alerts tables are young: if they change, only this file follows.
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';

export const lowConditionsSql = `'below', 'zero', 'below_min'`;

/** Whether any active low-stock rule exists (when none, the pairs part is left out of the statement). */
export function hasActiveLowRule(db: AppDb): boolean {
  return cachedStatement(db, `SELECT EXISTS (SELECT 1 FROM alert_rules WHERE is_active = 1 AND condition IN (${lowConditionsSql}))`).pluck().get() === 1;
}

/**
 * Two CTEs for a WITH list: `rule_groups` (helper) and `rule_low` (product_id, warehouse_id).
 * `isOne`: only pairs of @warehouseId.
 */
export function ruleLowCtes(isOne: boolean): string {
  return `rule_groups (rule_id, group_id) AS (
      SELECT r.id, r.group_id FROM alert_rules r
      WHERE r.is_active = 1 AND r.scope = 'group' AND r.group_id IS NOT NULL AND r.condition IN (${lowConditionsSql})
      UNION
      SELECT rg.rule_id, g.id FROM rule_groups rg JOIN product_groups g ON g.parent_id = rg.group_id),
    rule_low AS (
      SELECT ap.product_id, ap.warehouse_id FROM alert_pairs ap
      JOIN products p ON p.id = ap.product_id AND p.is_deleted = 0
      JOIN warehouses w ON w.id = ap.warehouse_id AND w.is_deleted = 0
      WHERE ${isOne ? 'ap.warehouse_id = @warehouseId AND' : ''} EXISTS (
        SELECT 1 FROM alert_rules r
        WHERE r.is_active = 1 AND r.condition IN (${lowConditionsSql})
          AND (r.warehouse_id IS NULL OR r.warehouse_id = ap.warehouse_id)
          AND (r.scope IN ('all', 'warehouse')
            OR (r.scope = 'product' AND r.product_id = ap.product_id)
            OR (r.scope = 'group' AND EXISTS (SELECT 1 FROM rule_groups rg WHERE rg.rule_id = r.id AND rg.group_id = p.group_id)))
          AND CASE r.condition
            WHEN 'below' THEN r.threshold IS NOT NULL AND ap.qty < r.threshold
            WHEN 'zero' THEN ap.qty <= 0
            WHEN 'below_min' THEN ap.min_qty IS NOT NULL AND ap.qty < ap.min_qty
          END))`;
}
