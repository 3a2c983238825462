import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bool, epochMs } from '../db/columns';
import { products } from '../inventory/inventory.schema';

export const users = sqliteTable('users', {
  id: text().primaryKey(),
  name: text().notNull(),
  role: text({ enum: ['admin', 'manager', 'cashier'] }).notNull(),
  /** scrypt hash with its salt; never the PIN itself. */
  pinHash: text(),
  isActive: bool().notNull().default(true),
  createdAt: epochMs().notNull(),
});

/** Append-only record of who did what. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer().primaryKey(),
    at: epochMs().notNull(),
    userId: text(),
    action: text().notNull(),
    detailsJson: text().notNull().default('{}'),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

/** Every raw scan as it arrived, and what it resolved to. */
export const scanLog = sqliteTable(
  'scan_log',
  {
    id: integer().primaryKey(),
    at: epochMs().notNull(),
    device: text().notNull(),
    rawHex: text().notNull(),
    text: text().notNull(),
    userId: text(),
    resolvedKind: text(),
    productId: integer().references(() => products.id, { onDelete: 'set null' }),
  },
  (t) => [index('scan_log_at').on(t.at)],
);
