import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { epochMs, mirrorColumns } from '../db/columns';

/** Counterparties: mirrored from 1C or created here first (then sent), hence UUID v7 ids. */
export const customers = sqliteTable(
  'customers',
  {
    id: text().primaryKey(),
    ...mirrorColumns(),
    kind: text({ enum: ['person', 'company'] }).notNull(),
    name: text().notNull(),
    inn: text(),
    kpp: text(),
    phone: text(),
    email: text(),
    syncState: text({ enum: ['synced', 'local', 'queued', 'conflict'] })
      .notNull()
      .default('synced'),
    createdAt: epochMs().notNull(),
    updatedAt: epochMs().notNull(),
  },
  (t) => [uniqueIndex('customers_ref_1c').on(t.ref1c), index('customers_inn').on(t.inn), index('customers_phone').on(t.phone)],
);
