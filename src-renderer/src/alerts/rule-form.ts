import { type AlertChannel, type AlertCondition, type AlertRule, type AlertRuleInput, type AlertScope } from '../../../src-preload/contract';
import { parseQuantity } from '../documents/document-format';
import { isThresholdNeeded } from './alert-text';

/** What the rule editor holds while the user types; numbers stay text until saved. */
export type RuleForm = {
  name: string;
  scope: AlertScope;
  product: { id: number; name: string } | null;
  /** The group of a group rule (a rule on a group covers its subgroups). */
  group: { id: number; name: string } | null;
  warehouseId: number | null;
  condition: AlertCondition;
  thresholdText: string;
  cooldownText: string;
  isActive: boolean;
  channels: AlertChannel[];
};

export const defaultCooldownMinutes = 240;
const maxCooldownMinutes = 43_200;

export function emptyRuleForm(): RuleForm {
  return {
    name: '',
    scope: 'product',
    product: null,
    group: null,
    warehouseId: null,
    condition: 'below',
    thresholdText: '',
    cooldownText: String(defaultCooldownMinutes),
    isActive: true,
    channels: ['desktop'],
  };
}

export function formFromRule(rule: AlertRule, formatQty: (thousandths: number) => string): RuleForm {
  return {
    name: rule.name,
    scope: rule.scope,
    product: rule.productId !== null ? { id: rule.productId, name: rule.productName ?? String(rule.productId) } : null,
    group: rule.groupId !== null ? { id: rule.groupId, name: rule.groupName ?? String(rule.groupId) } : null,
    warehouseId: rule.warehouseId,
    condition: rule.condition,
    thresholdText: rule.threshold === null ? '' : formatQty(rule.threshold),
    cooldownText: String(rule.cooldownMinutes),
    isActive: rule.isActive,
    channels: [...rule.channels],
  };
}

export type RuleFormProblem = 'threshold' | 'cooldownMinutes';

/**
 * The input the host validates, or the fields that are not numbers at all. Everything else (a
 * missing product, a missing threshold) is left to the contract's own checks, whose words are
 * shown next to the fields: one set of rules, not two that drift apart.
 */
export function ruleInputFromForm(form: RuleForm): { ok: true; input: AlertRuleInput } | { ok: false; problems: RuleFormProblem[] } {
  const problems: RuleFormProblem[] = [];
  let threshold: number | null = null;
  if (isThresholdNeeded(form.condition)) {
    const parsed = parseQuantity(form.thresholdText);
    if (parsed.kind === 'invalid') problems.push('threshold');
    threshold = parsed.kind === 'value' ? parsed.value : null;
  }
  const cooldownText = form.cooldownText.trim();
  const cooldown = cooldownText === '' ? defaultCooldownMinutes : Number(cooldownText);
  if (!Number.isInteger(cooldown) || cooldown < 0 || cooldown > maxCooldownMinutes) problems.push('cooldownMinutes');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    input: {
      name: form.name,
      scope: form.scope,
      productId: form.scope === 'product' ? (form.product?.id ?? null) : null,
      groupId: form.scope === 'group' ? (form.group?.id ?? null) : null,
      warehouseId: form.warehouseId,
      condition: form.condition,
      threshold,
      cooldownMinutes: cooldown,
      isActive: form.isActive,
      channels: form.channels,
    },
  };
}
