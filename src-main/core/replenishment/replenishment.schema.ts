// Min/max per product and warehouse (issue #6), entered by a manager or accepted from a suggestion.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { epochMs } from '../db/columns';
import { products, warehouses } from '../inventory/inventory.schema';

export const stockLevelSources = ['manual', 'suggested'] as const;

export const stockLevels = sqliteTable(
  'stock_levels',
  {
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    warehouseId: integer()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    /** Thousandths of a unit; null: not set. */
    minQty: integer(),
    maxQty: integer(),
    source: text({ enum: stockLevelSources }).notNull(),
    updatedAt: epochMs().notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.warehouseId] })],
);
