import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, epochMs, mirrorColumns } from '../db/columns';

// Mirror tables use INTEGER primary keys (rowid aliases): compact joins over 200,000 products, and a
// stable rowid for the FTS index (an implicit rowid may be renumbered by VACUUM). Rows created here
// and sent to 1C (documents, outbox) use UUID v7 text ids instead, see documents.schema.ts.

export const warehouses = sqliteTable(
  'warehouses',
  {
    id: integer().primaryKey(),
    ...mirrorColumns(),
    /** 1C DataVersion when the row was last pulled (opaque); NULL forces a re-fetch. */
    dataVersion1c: text('data_version_1c'),
    name: text().notNull(),
    kind: text({ enum: ['store', 'warehouse'] }).notNull().default('warehouse'),
    isHome: bool().notNull().default(false),
    isDeleted: bool().notNull().default(false),
  },
  (t) => [uniqueIndex('warehouses_ref_1c').on(t.ref1c)],
);

export const productGroups = sqliteTable(
  'product_groups',
  {
    id: integer().primaryKey(),
    ...mirrorColumns(),
    /** 1C DataVersion when the row was last pulled (opaque); NULL forces a re-fetch. */
    dataVersion1c: text('data_version_1c'),
    parentId: integer().references((): AnySQLiteColumn => productGroups.id, { onDelete: 'set null' }),
    name: text().notNull(),
    isDeleted: bool().notNull().default(false),
  },
  (t) => [uniqueIndex('product_groups_ref_1c').on(t.ref1c), index('product_groups_parent').on(t.parentId)],
);

export const units = sqliteTable(
  'units',
  {
    id: integer().primaryKey(),
    ...mirrorColumns(),
    /** 1C DataVersion when the row was last pulled (opaque); NULL forces a re-fetch. */
    dataVersion1c: text('data_version_1c'),
    name: text().notNull(),
    /** OKEI code, e.g. 796 for "шт", 166 for "кг". */
    okei: text(),
    isDeleted: bool().notNull().default(false),
  },
  (t) => [uniqueIndex('units_ref_1c').on(t.ref1c)],
);

export const products = sqliteTable(
  'products',
  {
    id: integer().primaryKey(),
    ...mirrorColumns(),
    /** 1C DataVersion when the row was last pulled (opaque); NULL forces a re-fetch. */
    dataVersion1c: text('data_version_1c'),
    code: text().notNull().default(''),
    article: text().notNull().default(''),
    name: text().notNull(),
    /** Russian alphabetical sort key (lower case, ё→е). Set by writers or, if omitted, by a trigger. */
    nameSort: text(),
    groupId: integer().references(() => productGroups.id, { onDelete: 'set null' }),
    unitId: integer().references(() => units.id, { onDelete: 'set null' }),
    isWeighted: bool().notNull().default(false),
    /** Marking ("Честный знак") product kind, empty when not marked. */
    markingKind: text().notNull().default(''),
    vatRate: text(),
    isDeleted: bool().notNull().default(false),
    /** Hash of the mirrored fields: a pull updates only rows whose content changed. */
    contentHash: text(),
    updatedAt: epochMs().notNull(),
  },
  (t) => [
    uniqueIndex('products_ref_1c').on(t.ref1c),
    index('products_name_sort').on(t.nameSort),
    // Covers count(*) of live products without reading the whole table.
    index('products_active').on(t.isDeleted),
    index('products_code').on(t.code),
    index('products_article').on(t.article),
    index('products_group').on(t.groupId),
  ],
);

export const characteristics = sqliteTable(
  'characteristics',
  {
    id: integer().primaryKey(),
    ...mirrorColumns(),
    /** 1C DataVersion when the row was last pulled (opaque); NULL forces a re-fetch. */
    dataVersion1c: text('data_version_1c'),
    productId: integer().references(() => products.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    isDeleted: bool().notNull().default(false),
  },
  (t) => [uniqueIndex('characteristics_ref_1c').on(t.ref1c), index('characteristics_product').on(t.productId)],
);

export const barcodes = sqliteTable(
  'barcodes',
  {
    id: integer().primaryKey(),
    /** The code as scanned (EAN-13, EAN-8, UPC, internal weight codes...). Unique: one code, one product. */
    code: text().notNull(),
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    characteristicId: integer().references(() => characteristics.id, { onDelete: 'set null' }),
    /** Package unit and how many base units it holds (thousandths). */
    packageUnitId: integer().references(() => units.id, { onDelete: 'set null' }),
    packageQty: integer().notNull().default(1000),
    seenAt: epochMs(),
  },
  (t) => [uniqueIndex('barcodes_code').on(t.code), index('barcodes_product').on(t.productId)],
);

export const priceTypes = sqliteTable(
  'price_types',
  {
    id: integer().primaryKey(),
    ...mirrorColumns(),
    /** 1C DataVersion when the row was last pulled (opaque); NULL forces a re-fetch. */
    dataVersion1c: text('data_version_1c'),
    name: text().notNull(),
    currency: text().notNull().default('RUB'),
    isRetail: bool().notNull().default(false),
    isDeleted: bool().notNull().default(false),
  },
  (t) => [uniqueIndex('price_types_ref_1c').on(t.ref1c)],
);

export const prices = sqliteTable(
  'prices',
  {
    id: integer().primaryKey(),
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    characteristicId: integer().references(() => characteristics.id, { onDelete: 'cascade' }),
    priceTypeId: integer()
      .notNull()
      .references(() => priceTypes.id, { onDelete: 'cascade' }),
    /** Minor units (kopecks / tiyn). */
    price: integer().notNull(),
    /** 1C period of the price record. */
    period: epochMs().notNull(),
    /** The price this one replaced (set by the price pull): the old price on a re-pricing label. */
    previousPrice: integer(),
    previousPeriod: epochMs(),
    seenAt: epochMs(),
  },
  // NULL characteristic means "the product without variant"; coalesce makes it one key.
  // The unique key (product, coalesce(characteristic, 0), price type) is created in migration 0001:
  // drizzle-kit cannot emit expression indexes (it splits the expression into bogus columns).
  (t) => [index('prices_product').on(t.productId, t.priceTypeId)],
);

export const stock = sqliteTable(
  'stock',
  {
    id: integer().primaryKey(),
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    characteristicId: integer().references(() => characteristics.id, { onDelete: 'cascade' }),
    warehouseId: integer()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    /** Last balance from 1C, thousandths of a unit. */
    qty1c: integer('qty_1c').notNull().default(0),
    /** When 1C computed that balance. Local documents after it are added on display. */
    asOf1c: epochMs('as_of_1c'),
    seenAt: epochMs(),
  },
  (t) => [
    // Unique key (product, coalesce(characteristic, 0), warehouse): see migration 0001.
    index('stock_product').on(t.productId, t.warehouseId),
    index('stock_warehouse_qty').on(t.warehouseId, t.qty1c),
  ],
);

/** Append-only ledger of every stock change: pulled from 1C registers or made by local documents. */
export const movements = sqliteTable(
  'movements',
  {
    id: integer().primaryKey(),
    source: text({ enum: ['1c', 'local'] }).notNull(),
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    characteristicId: integer().references(() => characteristics.id, { onDelete: 'set null' }),
    warehouseId: integer()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    qtyDelta: integer().notNull(),
    period: epochMs().notNull(),
    /** 1C recorder (document) reference and its line, for movements pulled from 1C. */
    recorderRef1c: text('recorder_ref_1c'),
    recorderType: text(),
    lineNumber: integer(),
    documentId: text(),
    createdAt: epochMs().notNull(),
  },
  (t) => [
    index('movements_product_period').on(t.productId, t.period),
    index('movements_warehouse_period').on(t.warehouseId, t.period),
    uniqueIndex('movements_recorder_line').on(t.recorderRef1c, t.lineNumber),
  ],
);

/**
 * Daily totals per warehouse, for the dashboard's 7/30/90-day trend charts. Per warehouse, not per
 * product: 200,000 products × 3 warehouses × 90 days would be 54 million rows. Days before the
 * first snapshot are rebuilt from the movement ledger (quantity and value only: is_backfilled).
 */
export const stockSnapshots = sqliteTable(
  'stock_snapshots',
  {
    /** Local calendar day, YYYY-MM-DD. */
    day: text().notNull(),
    warehouseId: integer()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    /** Sum of displayed quantities, thousandths. */
    totalQty: integer().notNull(),
    /** Sum of quantity × retail price, kopecks. */
    stockValue: integer().notNull(),
    /** Products with a positive quantity; null for a backfilled day. */
    productsInStock: integer(),
    /** (product) pairs below their minimum; null for a backfilled day. */
    lowCount: integer(),
    isBackfilled: integer({ mode: 'boolean' }).notNull().default(false),
    takenAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.warehouseId] })],
);
