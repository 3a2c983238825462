import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { epochMs } from '../db/columns';
import { customers } from '../customers/customers.schema';
import { characteristics, products, warehouses } from '../inventory/inventory.schema';

export const documentKinds = ['receipt', 'shipment', 'transfer', 'writeoff', 'count', 'supplier_order'] as const;
export const documentStatuses = ['draft', 'queued', 'sending', 'posted', 'rejected', 'cancelled'] as const;

/** Documents made at this PC and sent to 1C. Ids are UUID v7: they travel to 1C as the idempotency key. */
export const documents = sqliteTable(
  'documents',
  {
    id: text().primaryKey(),
    kind: text({ enum: documentKinds }).notNull(),
    status: text({ enum: documentStatuses }).notNull().default('draft'),
    /** Local number shown to people before 1C assigns its own. */
    localNumber: text().notNull(),
    date: epochMs().notNull(),
    warehouseId: integer()
      .notNull()
      .references(() => warehouses.id),
    toWarehouseId: integer().references(() => warehouses.id),
    customerId: text().references(() => customers.id),
    /** 1C ref of the supplier / customer counterparty the user chose (optional; not a local customer row). */
    counterpartyRef1c: text('counterparty_ref_1c'),
    comment: text().notNull().default(''),
    ref1c: text('ref_1c'),
    number1c: text('number_1c'),
    /** 1C's own words from the last attempt (shown as 1C's text, never parsed). */
    last1cMessage: text('last_1c_message'),
    createdBy: text(),
    createdAt: epochMs().notNull(),
    updatedAt: epochMs().notNull(),
    /** When the user sent it to the queue (last time, after a rejection too). */
    queuedAt: epochMs(),
    /** When 1C confirmed the posting: compared with each warehouse's balance time (pending_stock_effects). */
    postedAt: epochMs(),
  },
  (t) => [
    index('documents_status').on(t.status, t.date),
    uniqueIndex('documents_ref_1c').on(t.ref1c),
    // pending_stock_effects looks up documents posted after a warehouse's balance time, per side.
    index('documents_posted_from').on(t.status, t.warehouseId, t.postedAt),
    index('documents_posted_to').on(t.status, t.toWarehouseId, t.postedAt),
  ],
);

export const documentLines = sqliteTable(
  'document_lines',
  {
    id: integer().primaryKey(),
    documentId: text()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    lineNo: integer().notNull(),
    productId: integer()
      .notNull()
      .references(() => products.id),
    characteristicId: integer().references(() => characteristics.id),
    /** Thousandths of a unit; for counts, the counted quantity. */
    qty: integer().notNull(),
    /** Kopecks per unit. */
    price: integer(),
    /** Thousandths: the quantity expected (from the supplier's papers or the sending store), for checking. */
    expectedQty: integer(),
    scannedCode: text(),
    markingCode: text(),
  },
  (t) => [uniqueIndex('document_lines_no').on(t.documentId, t.lineNo), index('document_lines_product').on(t.productId)],
);

/** One row per pending 1C operation, written in the same transaction as its document. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text().primaryKey(),
    kind: text().notNull(),
    documentId: text().references(() => documents.id, { onDelete: 'cascade' }),
    payloadJson: text().notNull(),
    idempotencyKey: text().notNull(),
    status: text({ enum: ['pending', 'sending', 'done', 'dead', 'paused'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: epochMs().notNull(),
    lastErrorCode: text(),
    lastErrorMessage: text(),
    createdAt: epochMs().notNull(),
    updatedAt: epochMs().notNull(),
  },
  (t) => [uniqueIndex('outbox_idempotency').on(t.idempotencyKey), index('outbox_due').on(t.status, t.nextAttemptAt)],
);
