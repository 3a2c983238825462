// A rule as the evaluator and the rules service see it, and the one definition of "the condition
// holds" (pure, no SQL), so the silent baseline at create/update and the evaluation after a change
// can never disagree about a quantity.
import { type AlertChannel, type AlertCondition, type AlertScope, alertChannels } from '../../../src-preload/contract/alerts';
import { missingCaseError } from '../errors/app-error';

export type AlertRuleRow = {
  id: string;
  name: string;
  scope: AlertScope;
  productId: number | null;
  groupId: number | null;
  warehouseId: number | null;
  condition: AlertCondition;
  /** Thousandths; null for 'zero' and 'below_min'. */
  threshold: number | null;
  cooldownMinutes: number;
  isActive: boolean;
  channels: AlertChannel[];
  createdAt: number;
  updatedAt: number;
};

/** The columns of alert_rules under the names AlertRuleRow uses (channels still as JSON). */
export const alertRuleColumns = `r.id, r.name, r.scope, r.product_id AS productId, r.group_id AS groupId, r.warehouse_id AS warehouseId,
  r.condition, r.threshold, r.cooldown_minutes AS cooldownMinutes, r.is_active AS isActive, r.channels_json AS channelsJson,
  r.created_at AS createdAt, r.updated_at AS updatedAt`;

export type AlertRuleDbRow = Omit<AlertRuleRow, 'isActive' | 'channels'> & { isActive: number; channelsJson: string };

export function fromDbRow(row: AlertRuleDbRow): AlertRuleRow {
  // Field by field rather than rest and spread: the evaluator converts every active rule on each run.
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    productId: row.productId,
    groupId: row.groupId,
    warehouseId: row.warehouseId,
    condition: row.condition,
    threshold: row.threshold,
    cooldownMinutes: row.cooldownMinutes,
    isActive: row.isActive === 1,
    channels: parseChannels(row.channelsJson),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A hand-edited or future value must not break evaluation: unknown channels are dropped. */
function parseChannels(json: string): AlertChannel[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return alertChannels.filter((channel) => value.includes(channel));
  } catch {
    return [];
  }
}

/**
 * Whether the rule's condition holds for a displayed quantity (thousandths). `minQty` is the
 * product's minimum at that warehouse (stock_levels), null when not set: 'below_min' never holds
 * without a minimum.
 */
export function conditionHolds(rule: Pick<AlertRuleRow, 'condition' | 'threshold'>, qty: number, minQty: number | null): boolean {
  switch (rule.condition) {
    case 'below':
      return rule.threshold !== null && qty < rule.threshold;
    case 'above':
      return rule.threshold !== null && qty > rule.threshold;
    case 'equals':
      return rule.threshold !== null && qty === rule.threshold;
    case 'zero':
      // Negative counts as none left too (local shipments ahead of 1C can take it below zero).
      return qty <= 0;
    case 'below_min':
      return minQty !== null && qty < minQty;
    default:
      throw missingCaseError(rule.condition);
  }
}

/**
 * conditionHolds for the new values and not for the previous ones (`oldQty` null: the pair was not
 * known, so nothing held): the evaluator's edge test, one switch per rule and pair instead of two
 * calls (300,000 of them after a 10,000-balance pull). alert-rule.test.ts checks it against
 * conditionHolds.
 */
export function conditionBecameTrue(
  rule: Pick<AlertRuleRow, 'condition' | 'threshold'>,
  qty: number,
  minQty: number | null,
  oldQty: number | null,
  oldMinQty: number | null,
): boolean {
  const threshold = rule.threshold;
  switch (rule.condition) {
    case 'below':
      return threshold !== null && qty < threshold && (oldQty === null || oldQty >= threshold);
    case 'above':
      return threshold !== null && qty > threshold && (oldQty === null || oldQty <= threshold);
    case 'equals':
      return threshold !== null && qty === threshold && oldQty !== threshold;
    case 'zero':
      return qty <= 0 && (oldQty === null || oldQty > 0);
    case 'below_min':
      return minQty !== null && qty < minQty && (oldQty === null || oldMinQty === null || oldQty >= oldMinQty);
    default:
      throw missingCaseError(rule.condition);
  }
}
