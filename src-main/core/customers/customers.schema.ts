import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, epochMs, mirrorColumns } from '../db/columns';

export const customerSyncStates = ['synced', 'queued', 'rejected', 'conflict'] as const;

/**
 * Counterparties: mirrored from 1C or created here first (then sent), hence UUID v7 ids. Empty
 * fields are NULL (the contract shows them as ''). `revision` counts local edits, so the outbox knows
 * whether what it sent is still what the counter wants; `base_json` is the version both sides last
 * agreed on (the base of a three-way conflict), `sent_json` what the outbox sent since 1C last answered.
 */
export const customers = sqliteTable(
  'customers',
  {
    id: text().primaryKey(),
    ...mirrorColumns(),
    kind: text({ enum: ['person', 'company'] }).notNull(),
    /** Whose tax-id rules apply (RU / KZ); kept here, not in 1C. */
    country: text({ enum: ['RU', 'KZ'] }).notNull().default('RU'),
    name: text().notNull(),
    inn: text(),
    kpp: text(),
    /** +7XXXXXXXXXX (or 1C's text when it is no Russian/Kazakh number). */
    phone: text(),
    email: text(),
    syncState: text({ enum: customerSyncStates }).notNull().default('synced'),
    /** 1C's DataVersion of the version `base_json` holds. */
    dataVersion1c: text('data_version_1c'),
    /** Marked for deletion in 1C, or gone from it. */
    isDeleted: bool().notNull().default(false),
    baseJson: text(),
    sentJson: text(),
    revision: integer().notNull().default(0),
    /** 1C's own words from the last refusal (shown as 1C's text, never parsed). */
    last1cMessage: text('last_1c_message'),
    /** Lower-case name, tax id, phone digits and e-mail, for the list's search. */
    searchText: text().notNull().default(''),
    createdAt: epochMs().notNull(),
    updatedAt: epochMs().notNull(),
  },
  (t) => [
    uniqueIndex('customers_ref_1c').on(t.ref1c),
    index('customers_inn').on(t.inn),
    index('customers_phone').on(t.phone),
    index('customers_email').on(t.email),
    index('customers_state').on(t.syncState),
  ],
);

/**
 * Changed here and in 1C at once: local, 1C's and the common base side by side until someone decides
 * field by field. At most one open conflict per customer.
 */
export const customerConflicts = sqliteTable(
  'customer_conflicts',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    detectedAt: epochMs().notNull(),
    localJson: text().notNull(),
    remoteJson: text().notNull(),
    /** Null when the two were never known equal (a local customer matched to a 1C one by ИНН, e-mail or phone). */
    baseJson: text(),
    /** The DataVersion of 1C's side: a resolution PATCHes over exactly this version. */
    remoteVersion1c: text('remote_version_1c'),
    resolvedAt: epochMs(),
    resolvedBy: text(),
    /** Which side each field was taken from, and whether the result went to 1C. */
    resolutionJson: text(),
  },
  (t) => [
    index('customer_conflicts_customer').on(t.customerId),
    uniqueIndex('customer_conflicts_open').on(t.customerId).where(sql`resolved_at IS NULL`),
  ],
);
