// Low-stock alerts (issue #6): rules, the alert centre, delivery settings.
import { z } from 'zod';

export const alertScopes = ['all', 'warehouse', 'group', 'product'] as const;
export const alertScope = z.enum(alertScopes);
export type AlertScope = z.infer<typeof alertScope>;

export const alertConditions = ['below', 'above', 'equals', 'zero', 'below_min'] as const;
export const alertCondition = z.enum(alertConditions);
export type AlertCondition = z.infer<typeof alertCondition>;

export const alertChannels = ['desktop', 'email', 'webhook'] as const;
export const alertChannel = z.enum(alertChannels);
export type AlertChannel = z.infer<typeof alertChannel>;

export const alertDeliveryStatus = z.enum(['pending', 'sent', 'dead']);

const rowId = z.number().int().positive();
const ruleId = z.uuid();
/** Thousandths of a unit. */
const quantity = z.number().int().min(0).max(1_000_000_000);

const ruleFields = {
  name: z.string().trim().min(1, 'укажите название правила').max(200),
  scope: alertScope,
  productId: rowId.nullable().default(null),
  groupId: rowId.nullable().default(null),
  /** Only this warehouse; null: every warehouse. Required for scope 'warehouse'. */
  warehouseId: rowId.nullable().default(null),
  condition: alertCondition,
  /** Required for below/above/equals; must be null for zero/below_min. */
  threshold: quantity.nullable().default(null),
  cooldownMinutes: z.number().int().min(0).max(43_200).default(240),
  isActive: z.boolean().default(true),
  channels: z.array(alertChannel).max(alertChannels.length).default([]),
};

type RuleFields = { scope: AlertScope; productId: number | null; groupId: number | null; warehouseId: number | null; condition: AlertCondition; threshold: number | null; channels: AlertChannel[] };

/** The combinations a rule may have, in words a manager understands. */
function checkRule(rule: RuleFields, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string): void => ctx.addIssue({ code: 'custom', path: [path], message });
  if (rule.scope === 'product' && rule.productId === null) issue('productId', 'выберите товар');
  if (rule.scope !== 'product' && rule.productId !== null) issue('productId', 'товар указывается только для правила по товару');
  if (rule.scope === 'group' && rule.groupId === null) issue('groupId', 'выберите группу товаров');
  if (rule.scope !== 'group' && rule.groupId !== null) issue('groupId', 'группа указывается только для правила по группе');
  if (rule.scope === 'warehouse' && rule.warehouseId === null) issue('warehouseId', 'выберите склад');
  const needsThreshold = rule.condition === 'below' || rule.condition === 'above' || rule.condition === 'equals';
  if (needsThreshold && rule.threshold === null) issue('threshold', 'укажите порог');
  if (!needsThreshold && rule.threshold !== null) issue('threshold', 'для этого условия порог не нужен');
  if (new Set(rule.channels).size !== rule.channels.length) issue('channels', 'каналы повторяются');
}

export const alertRuleInput = z.strictObject(ruleFields).superRefine(checkRule);
export type AlertRuleInput = z.input<typeof alertRuleInput>;

export const alertRule = z.object({
  id: z.string(),
  name: z.string(),
  scope: alertScope,
  productId: z.number().int().nullable(),
  productName: z.string().nullable(),
  groupId: z.number().int().nullable(),
  groupName: z.string().nullable(),
  warehouseId: z.number().int().nullable(),
  warehouseName: z.string().nullable(),
  condition: alertCondition,
  threshold: z.number().int().nullable(),
  cooldownMinutes: z.number().int(),
  isActive: z.boolean(),
  channels: z.array(alertChannel),
  /** (product, warehouse) pairs for which the condition holds now. */
  matchingNow: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type AlertRule = z.infer<typeof alertRule>;

export const alertDelivery = z.object({
  channel: alertChannel,
  status: alertDeliveryStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.number().int().nullable(),
  nextAttemptAt: z.number().int().nullable(),
});
export type AlertDelivery = z.infer<typeof alertDelivery>;

export const alertEvent = z.object({
  id: z.string(),
  ruleId: z.string().nullable(),
  ruleName: z.string(),
  productId: z.number().int().nullable(),
  productName: z.string().nullable(),
  productCode: z.string().nullable(),
  warehouseId: z.number().int().nullable(),
  warehouseName: z.string().nullable(),
  oldQty: z.number().int().nullable(),
  newQty: z.number().int(),
  message: z.string(),
  firedAt: z.number().int(),
  readAt: z.number().int().nullable(),
  deliveries: z.array(alertDelivery),
});
export type AlertEvent = z.infer<typeof alertEvent>;

export const alertDeliverySettings = z.strictObject({
  /** OS notifications through the host (Electron); the web host has none. */
  desktop: z.boolean().default(true),
  email: z
    .strictObject({
      host: z.string().trim().min(1).max(255),
      port: z.number().int().min(1).max(65_535).default(587),
      /** true: TLS from the first byte (465); false: STARTTLS when the server offers it. */
      secure: z.boolean().default(false),
      /** The password is never stored here (keychain, issue #7; until then PRILAVOK_SMTP_PASSWORD). */
      user: z.string().max(255).nullable().default(null),
      from: z.email().max(255),
      to: z.array(z.email().max(255)).min(1).max(20),
    })
    .nullable()
    .default(null),
  webhook: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }).max(2000),
    })
    .nullable()
    .default(null),
});
export type AlertDeliverySettings = z.infer<typeof alertDeliverySettings>;

const eventsQuery = z.strictObject({
  isUnreadOnly: z.boolean().default(false),
  ruleId: ruleId.optional(),
  productId: rowId.optional(),
  warehouseId: rowId.optional(),
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});

export const alertsContract = {
  'alerts.rules.list': { input: z.strictObject({}), output: z.object({ items: z.array(alertRule) }) },
  'alerts.rules.create': { input: alertRuleInput, output: alertRule },
  'alerts.rules.update': { input: z.strictObject({ id: ruleId, ...ruleFields }).superRefine(checkRule), output: alertRule },
  'alerts.rules.delete': { input: z.strictObject({ id: ruleId }), output: z.object({ id: z.string() }) },
  'alerts.events.list': {
    input: eventsQuery,
    output: z.object({ items: z.array(alertEvent), total: z.number().int(), unread: z.number().int() }),
  },
  'alerts.events.markRead': {
    input: z.union([z.strictObject({ ids: z.array(z.uuid()).min(1).max(500) }), z.strictObject({ isAll: z.literal(true) })]),
    output: z.object({ unread: z.number().int() }),
  },
  'alerts.settings.get': { input: z.strictObject({}), output: alertDeliverySettings },
  'alerts.settings.set': { input: alertDeliverySettings, output: alertDeliverySettings },
  'alerts.testDelivery': {
    input: z.strictObject({ channel: alertChannel }),
    output: z.object({ isDelivered: z.boolean(), message: z.string() }),
  },
} as const;

export const alertsEvents = {
  /** After new alerts or reads: the badge count and the newest alert (for a toast). */
  'alerts.changed': z.object({ unread: z.number().int(), latest: alertEvent.nullable() }),
} as const;
