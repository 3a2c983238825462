// Low-stock alerts (issue #6): rules, the per-rule state that makes firing edge-triggered, the
// history, and one delivery row per channel (persisted before anything is sent, like the outbox).
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bool, epochMs } from '../db/columns';
import { productGroups, products, warehouses } from '../inventory/inventory.schema';

export const alertScopes = ['all', 'warehouse', 'group', 'product'] as const;
export const alertConditions = ['below', 'above', 'equals', 'zero', 'below_min'] as const;
export const alertChannels = ['desktop', 'email', 'webhook'] as const;
export const alertDeliveryStatuses = ['pending', 'sent', 'dead'] as const;

export const alertRules = sqliteTable('alert_rules', {
  id: text().primaryKey(),
  name: text().notNull(),
  /** all: every product; warehouse: every product of warehouse_id; group: the group and its subgroups; product: one product. */
  scope: text({ enum: alertScopes }).notNull(),
  productId: integer().references(() => products.id, { onDelete: 'cascade' }),
  groupId: integer().references(() => productGroups.id, { onDelete: 'cascade' }),
  /** Set: only this warehouse (required for scope 'warehouse'); null: every warehouse. */
  warehouseId: integer().references(() => warehouses.id, { onDelete: 'cascade' }),
  condition: text({ enum: alertConditions }).notNull(),
  /** Thousandths of a unit; null for 'zero' and 'below_min'. */
  threshold: integer(),
  cooldownMinutes: integer().notNull().default(240),
  isActive: bool().notNull().default(true),
  /** JSON array of alertChannels; the in-app alert centre always gets every alert. */
  channelsJson: text().notNull().default('[]'),
  createdAt: epochMs().notNull(),
  updatedAt: epochMs().notNull(),
});

/**
 * Per (product, warehouse): the displayed quantity and minimum at the last evaluation. Whether a
 * condition held before is computed from these (conditions are pure functions of quantity and
 * minimum), so one row per pair serves every rule: an alert fires when its condition is true for the
 * new values and was false for these. Rebuilt silently whenever the first rule becomes active (the
 * dirty marks are not kept while no rule is active), so creating a rule never fires for what
 * already matches.
 *
 * WITHOUT ROWID since migration 0008 (hand-written: drizzle's schema cannot say it), like
 * alert_fired: a migration drizzle-kit generates that recreates either table must keep it.
 */
export const alertPairs = sqliteTable(
  'alert_pairs',
  {
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    warehouseId: integer()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    /** Thousandths. */
    qty: integer().notNull(),
    minQty: integer(),
    /** When qty and min_qty were last written (an evaluation that finds them unchanged leaves the row as it is). */
    evaluatedAt: epochMs().notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.warehouseId] })],
);

/**
 * When a rule last fired for a pair: the cooldown. A copy of the newest alert in alert_events per
 * rule and pair, kept only for rules with a cooldown and only while it lasts (pruned after it;
 * restored from the history when a rule's cooldown changes: alert-pairs.repo). WITHOUT ROWID (0008).
 */
export const alertFired = sqliteTable(
  'alert_fired',
  {
    ruleId: text()
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    warehouseId: integer()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    lastFiredAt: epochMs().notNull(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.productId, t.warehouseId] })],
);

/** Every fired alert. Kept when its rule is deleted (rule_name is copied for that). */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: text().primaryKey(),
    ruleId: text().references(() => alertRules.id, { onDelete: 'set null' }),
    ruleName: text().notNull(),
    productId: integer().references(() => products.id, { onDelete: 'set null' }),
    warehouseId: integer().references(() => warehouses.id, { onDelete: 'set null' }),
    /** Displayed quantity before and after the change that fired it, thousandths (old null: first seen). */
    oldQty: integer(),
    newQty: integer().notNull(),
    message: text().notNull(),
    /**
     * JSON array of alertChannels: where the alert goes besides the alert centre (its rule's channels
     * when it fired). Its alert_deliveries rows are made from this after the alert is announced, and
     * again at start for an alert a crash left without them (alert-deliveries.repo). '[]' for alerts
     * written before it existed: their rows were made with them.
     */
    channelsJson: text().notNull().default('[]'),
    firedAt: epochMs().notNull(),
    /** Read in the alert centre (the unread badge counts nulls). */
    readAt: epochMs(),
  },
  (t) => [index('alert_events_fired').on(t.firedAt), index('alert_events_unread').on(t.readAt, t.firedAt)],
);

/** One row per alert and channel, made from the alert's channels right after it; sent (and retried) afterwards. */
export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: text().primaryKey(),
    eventId: text()
      .notNull()
      .references(() => alertEvents.id, { onDelete: 'cascade' }),
    channel: text({ enum: alertChannels }).notNull(),
    status: text({ enum: alertDeliveryStatuses }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: epochMs().notNull(),
    lastError: text(),
    sentAt: epochMs(),
  },
  (t) => [index('alert_deliveries_due').on(t.status, t.nextAttemptAt), index('alert_deliveries_event').on(t.eventId)],
);

/**
 * (product, warehouse) pairs whose displayed quantity or minimum may have changed since the last
 * evaluation. Filled by triggers (migration 0007) only while an active rule exists, emptied by the
 * evaluator: a pull that changes 10,000 balances evaluates 10,000 pairs, not the whole stock.
 */
export const alertDirty = sqliteTable(
  'alert_dirty',
  {
    productId: integer().notNull(),
    warehouseId: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.warehouseId] })],
);
