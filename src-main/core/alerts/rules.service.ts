// Alert rules: create, change, delete, list (issue #6). The contract's zod schema has already checked
// the combination of fields; here: that the product, group and warehouse exist, the audit entry, and
// the baseline.
//
// THE BASELINE. alert_pairs holds every pair's displayed quantity and minimum at the last
// evaluation, for all rules at once; an alert fires when a rule's condition is true for the new
// values and was false for these (evaluator.ts). So an alert fires only when a condition BECOMES
// true after the rule exists: a new rule «меньше 5 шт» must not flood the manager with everything
// already low. While no rule is active the triggers mark nothing and alert_pairs goes stale, so when
// the number of active rules goes from 0 to 1 (create, update, switching on) alert_pairs is rebuilt
// from the stock as it is, silently, in one INSERT … SELECT. Creating, changing or switching on a
// rule while another is active needs no work of its own: alert_pairs is current, so the rule is
// judged on the old and new values of the next change. Dirty marks waiting at that moment (a change
// of the last fraction of a second, not yet evaluated) are evaluated against the rule as it is now.
// The cooldown (alert_fired) outlives edits of the rule; when the cooldown itself changes, the
// rule's marks are taken again from its alerts in the history (restoreCooldownMarks), so the last
// alert of a pair counts under the new cooldown even if the old one recorded none (cooldown 0).
import { v7 as uuidv7 } from 'uuid';
import { type AlertRule, type HandlerInput } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { AppError } from '../errors/app-error';
import { appendAudit } from '../security/audit-log.repo';
import { countMatchingByRule, countMatchingPairs, hasActiveRule, restoreCooldownMarks } from './alert-pairs.repo';
import { rebuildAlertPairs } from './alert-qty.repo';
import { type AlertRuleDbRow, alertRuleColumns, type AlertRuleRow, fromDbRow } from './alert-rule';

export type RuleInput = HandlerInput<'alerts.rules.create'>;
export type RuleContext = { now: number; userId: string | null };

export const alertRuleAuditActions = { create: 'alert_rule.create', update: 'alert_rule.update', delete: 'alert_rule.delete' } as const;

type NamedRow = AlertRuleDbRow & { productName: string | null; groupName: string | null; warehouseName: string | null };

const selectRules = `SELECT ${alertRuleColumns}, p.name AS productName, g.name AS groupName, w.name AS warehouseName
  FROM alert_rules r
  LEFT JOIN products p ON p.id = r.product_id
  LEFT JOIN product_groups g ON g.id = r.group_id
  LEFT JOIN warehouses w ON w.id = r.warehouse_id`;

/**
 * Newest first, as the rules editor shows them, each with the number of pairs it matches now
 * (counted for all rules in one pass over the pairs).
 */
export function listRules(db: AppDb): AlertRule[] {
  return db.sqlite.transaction((): AlertRule[] => {
    const rows = cachedStatement(db, `${selectRules} ORDER BY r.created_at DESC, r.id DESC`).all() as NamedRow[];
    const named = rows.map(splitNames);
    const counts = countMatchingByRule(db, named.map(({ rule }) => rule));
    return named.map(({ rule, names }) => ({ ...rule, ...names, matchingNow: counts.get(rule.id) ?? 0 }));
  })();
}

export function getRule(db: AppDb, id: string): AlertRule {
  const row = cachedStatement(db, `${selectRules} WHERE r.id = ?`).get(id) as NamedRow | undefined;
  if (!row) throw new AppError('not_found', 'Правило оповещения не найдено: возможно, его уже удалили');
  const { rule, names } = splitNames(row);
  return { ...rule, ...names, matchingNow: countMatchingPairs(db, rule) };
}

export function createRule(db: AppDb, input: RuleInput, context: RuleContext): AlertRule {
  return db.sqlite
    .transaction((): AlertRule => {
      checkReferences(db, input);
      const isFirstActive = input.isActive && !hasActiveRule(db);
      const id = uuidv7({ msecs: context.now });
      const rule: AlertRuleRow = { id, ...pickFields(input), createdAt: context.now, updatedAt: context.now };
      cachedStatement(
        db,
        `INSERT INTO alert_rules (id, name, scope, product_id, group_id, warehouse_id, condition, threshold, cooldown_minutes, is_active, channels_json, created_at, updated_at)
         VALUES (@id, @name, @scope, @productId, @groupId, @warehouseId, @condition, @threshold, @cooldownMinutes, @isActive, @channelsJson, @createdAt, @updatedAt)`,
      ).run(toParams(rule));
      if (isFirstActive) rebuildAlertPairs(db, context.now);
      appendAudit(db, { at: context.now, userId: context.userId, action: alertRuleAuditActions.create, details: auditDetails(rule) });
      return getRule(db, id);
    })
    .immediate();
}

export function updateRule(db: AppDb, input: HandlerInput<'alerts.rules.update'>, context: RuleContext): AlertRule {
  return db.sqlite
    .transaction((): AlertRule => {
      const before = readRule(db, input.id);
      checkReferences(db, input);
      const isFirstActive = input.isActive && !hasActiveRule(db);
      const rule: AlertRuleRow = { id: before.id, ...pickFields(input), createdAt: before.createdAt, updatedAt: context.now };
      cachedStatement(
        db,
        `UPDATE alert_rules SET name = @name, scope = @scope, product_id = @productId, group_id = @groupId, warehouse_id = @warehouseId,
           condition = @condition, threshold = @threshold, cooldown_minutes = @cooldownMinutes, is_active = @isActive,
           channels_json = @channelsJson, updated_at = @updatedAt
         WHERE id = @id`,
      ).run(toParams(rule));
      if (isFirstActive) rebuildAlertPairs(db, context.now);
      if (rule.cooldownMinutes !== before.cooldownMinutes) restoreCooldownMarks(db, rule.id, rule.cooldownMinutes, context.now);
      appendAudit(db, { at: context.now, userId: context.userId, action: alertRuleAuditActions.update, details: { ...auditDetails(rule), before: auditDetails(before) } });
      return getRule(db, rule.id);
    })
    .immediate();
}

/** Deletes the rule and its cooldown marks; its alerts stay in the history under the copied rule name. */
export function deleteRule(db: AppDb, id: string, context: RuleContext): { id: string } {
  return db.sqlite
    .transaction(() => {
      const before = readRule(db, id);
      cachedStatement(db, 'DELETE FROM alert_rules WHERE id = ?').run(id);
      appendAudit(db, { at: context.now, userId: context.userId, action: alertRuleAuditActions.delete, details: auditDetails(before) });
      return { id };
    })
    .immediate();
}

function readRule(db: AppDb, id: string): AlertRuleRow {
  const row = cachedStatement(db, `SELECT ${alertRuleColumns} FROM alert_rules r WHERE r.id = ?`).get(id) as AlertRuleDbRow | undefined;
  if (!row) throw new AppError('not_found', 'Правило оповещения не найдено: возможно, его уже удалили');
  return fromDbRow(row);
}

function checkReferences(db: AppDb, input: Pick<RuleInput, 'productId' | 'groupId' | 'warehouseId'>): void {
  const check = (table: 'products' | 'product_groups' | 'warehouses', id: number | null, missing: string, deleted: string): void => {
    if (id === null) return;
    const row = cachedStatement(db, `SELECT is_deleted AS isDeleted FROM ${table} WHERE id = ?`).get(id) as { isDeleted: number } | undefined;
    if (!row) throw new AppError('not_found', missing);
    if (row.isDeleted === 1) throw new AppError('validation', deleted);
  };
  check('products', input.productId, 'Товар не найден: возможно, его удалили в 1С', 'Товар помечен в 1С на удаление — правило для него не нужно');
  check('product_groups', input.groupId, 'Группа товаров не найдена: возможно, её удалили в 1С', 'Группа товаров помечена в 1С на удаление');
  check('warehouses', input.warehouseId, 'Склад не найден: возможно, его удалили в 1С', 'Склад помечен в 1С на удаление');
}

function pickFields(input: RuleInput): Omit<AlertRuleRow, 'id' | 'createdAt' | 'updatedAt'> {
  return {
    name: input.name,
    scope: input.scope,
    productId: input.productId,
    groupId: input.groupId,
    warehouseId: input.warehouseId,
    condition: input.condition,
    threshold: input.threshold,
    cooldownMinutes: input.cooldownMinutes,
    isActive: input.isActive,
    channels: input.channels,
  };
}

function toParams(rule: AlertRuleRow): Record<string, unknown> {
  const { channels, isActive, ...rest } = rule;
  return { ...rest, isActive: isActive ? 1 : 0, channelsJson: JSON.stringify(channels) };
}

function auditDetails(rule: AlertRuleRow): Record<string, unknown> {
  return {
    ruleId: rule.id,
    name: rule.name,
    scope: rule.scope,
    productId: rule.productId,
    groupId: rule.groupId,
    warehouseId: rule.warehouseId,
    condition: rule.condition,
    threshold: rule.threshold,
    cooldownMinutes: rule.cooldownMinutes,
    isActive: rule.isActive,
    channels: rule.channels,
  };
}

function splitNames(row: NamedRow): { rule: AlertRuleRow; names: Pick<AlertRule, 'productName' | 'groupName' | 'warehouseName'> } {
  const { productName, groupName, warehouseName, ...ruleRow } = row;
  return { rule: fromDbRow(ruleRow), names: { productName, groupName, warehouseName } };
}
