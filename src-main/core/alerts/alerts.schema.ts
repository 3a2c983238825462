import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bool, epochMs } from '../db/columns';
import { productGroups, products, warehouses } from '../inventory/inventory.schema';

export const alertRules = sqliteTable('alert_rules', {
  id: text().primaryKey(),
  kind: text({ enum: ['low_stock', 'out_of_stock', 'stale_sync', 'outbox_stuck'] }).notNull(),
  productId: integer().references(() => products.id, { onDelete: 'cascade' }),
  groupId: integer().references(() => productGroups.id, { onDelete: 'cascade' }),
  warehouseId: integer().references(() => warehouses.id, { onDelete: 'cascade' }),
  /** Thousandths of a unit for stock rules; minutes for time rules. */
  threshold: integer().notNull(),
  cooldownMinutes: integer().notNull().default(240),
  isEnabled: bool().notNull().default(true),
  createdAt: epochMs().notNull(),
});

export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: text().primaryKey(),
    ruleId: text()
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    productId: integer().references(() => products.id, { onDelete: 'cascade' }),
    warehouseId: integer().references(() => warehouses.id, { onDelete: 'cascade' }),
    value: integer(),
    message: text().notNull(),
    firedAt: epochMs().notNull(),
    acknowledgedAt: epochMs(),
    acknowledgedBy: text(),
  },
  (t) => [index('alert_events_fired').on(t.firedAt), index('alert_events_rule').on(t.ruleId, t.productId, t.firedAt)],
);
