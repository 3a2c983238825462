// Staged rows go to the scratch database in chunks: one transaction per 2,000 rows, and 50 rows per
// statement run (as core/db/multi-row.ts does: a better-sqlite3 run per row costs more than the
// row's own work in SQLite). Rows are only appended; which row wins for a key is decided when the
// exchange is applied (apply-items.ts, apply-registers.ts). Prices and stock rows, the most numerous,
// are taken as positional arguments: no object per row.
import type Database from 'better-sqlite3';
import { type StageDb } from './stage-db';

export type Located = { file: number; line: number; column: number };

export type StagedProduct = Located & {
  ref: string;
  name: string | null;
  code: string | null;
  article: string | null;
  groupRef: string | null;
  unitKey: string | null;
  vat: string | null;
  isDeleted: boolean;
};

/** products.kind: how a staged product row came about, which decides whether it wins. */
export const productRowKinds = {
  /** A Товар listed on its own: the last one wins. */
  listed: 0,
  /** The owner of a variant listed as its own Товар (2.03/2.04): used only when the product is not listed itself. */
  derived: 1,
  /** A deletion mark on an offer of the product itself. */
  deletedByOffer: 2,
} as const;

export type StageWriter = {
  product(row: StagedProduct): void;
  derivedProduct(row: StagedProduct): void;
  productDeleted(ref: string, at: Located): void;
  /**
   * A variant. `nameRank` 2: named from its traits or property values, 1: only the item's
   * Наименование — which never replaces a name from traits (a 2.04 offer repeats the product's name).
   */
  characteristic(row: Located & { ref: string; productRef: string; name: string | null; nameRank: 1 | 2; isDeleted: boolean }): void;
  barcode(row: Located & { code: string; productRef: string; charRef: string }): void;
  price(productRef: string, charRef: string, typeRef: string, price: number, period: number, file: number, line: number, column: number): void;
  stock(productRef: string, charRef: string, warehouseRef: string, qty: number, asOf: number, file: number, line: number, column: number): void;
  flush(): void;
};

const chunkRows = 500;
const batchRows = 50;

/** One stage table: its rows as one flat array of values, written 50 rows per statement run. */
type TableBuffer = { values: unknown[]; rows: number; many: Database.Statement; one: Database.Statement; width: number; params: unknown[] };

function tableBuffer(db: Database.Database, table: string, columns: readonly string[]): TableBuffer {
  const row = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  return {
    values: [],
    rows: 0,
    many: db.prepare(head + Array.from({ length: batchRows }, () => row).join(', ')),
    one: db.prepare(head + row),
    width: columns.length,
    params: new Array<unknown>(batchRows * columns.length),
  };
}

function writeTable(t: TableBuffer): void {
  let start = 0;
  const perBatch = batchRows * t.width;
  // One parameter array refilled per run (the statement reads it synchronously).
  for (; start + perBatch <= t.values.length; start += perBatch) {
    for (let i = 0; i < perBatch; i += 1) t.params[i] = t.values[start + i];
    t.many.run(t.params);
  }
  for (; start < t.values.length; start += t.width) t.one.run(t.values.slice(start, start + t.width));
  t.values.length = 0;
  t.rows = 0;
}

export function createStageWriter(stage: StageDb): StageWriter {
  const s = stage.schema;
  const db = stage.sqlite;
  const tables = {
    products: tableBuffer(db, `${s}.products`, ['kind', 'ref', 'name', 'code', 'article', 'group_ref', 'unit_key', 'vat', 'is_deleted', 'file', 'line', 'col']),
    characteristics: tableBuffer(db, `${s}.characteristics`, ['ref', 'product_ref', 'name', 'name_rank', 'is_deleted', 'file', 'line', 'col']),
    barcodes: tableBuffer(db, `${s}.barcodes`, ['code', 'product_ref', 'char_ref', 'file', 'line', 'col']),
    prices: tableBuffer(db, `${s}.prices`, ['product_ref', 'char_ref', 'type_ref', 'price', 'period', 'file', 'line', 'col']),
    stock: tableBuffer(db, `${s}.stock`, ['product_ref', 'char_ref', 'wh_ref', 'qty', 'as_of', 'file', 'line', 'col']),
  };
  const all = Object.values(tables);
  let pending = 0;

  const flush = (): void => {
    if (pending === 0) return;
    pending = 0;
    stage.chunk(() => {
      for (const t of all) writeTable(t);
    });
  };
  const added = (t: TableBuffer): void => {
    t.rows += 1;
    pending += 1;
    if (pending >= chunkRows) flush();
  };
  const product = (kind: number, r: StagedProduct): void => {
    tables.products.values.push(kind, r.ref, r.name, r.code, r.article, r.groupRef, r.unitKey, r.vat, r.isDeleted ? 1 : 0, r.file, r.line, r.column);
    added(tables.products);
  };

  return {
    product: (r) => product(productRowKinds.listed, r),
    derivedProduct: (r) => product(productRowKinds.derived, r),
    productDeleted(ref, at) {
      tables.products.values.push(productRowKinds.deletedByOffer, ref, null, null, null, null, null, null, 1, at.file, at.line, at.column);
      added(tables.products);
    },
    characteristic(r) {
      tables.characteristics.values.push(r.ref, r.productRef, r.name, r.name === null ? 0 : r.nameRank, r.isDeleted ? 1 : 0, r.file, r.line, r.column);
      added(tables.characteristics);
    },
    barcode(r) {
      tables.barcodes.values.push(r.code, r.productRef, r.charRef, r.file, r.line, r.column);
      added(tables.barcodes);
    },
    price(productRef, charRef, typeRef, price, period, file, line, column) {
      tables.prices.values.push(productRef, charRef, typeRef, price, period, file, line, column);
      added(tables.prices);
    },
    stock(productRef, charRef, warehouseRef, qty, asOf, file, line, column) {
      tables.stock.values.push(productRef, charRef, warehouseRef, qty, asOf, file, line, column);
      added(tables.stock);
    },
    flush,
  };
}
