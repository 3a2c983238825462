// Staged rows go to the scratch database in chunks: one transaction per 2,000 rows keeps the cost
// per row at a couple of microseconds and the memory at one chunk. Rows are only appended; which
// row wins for a key is decided when the exchange is applied (apply-items.ts, apply-registers.ts).
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
  price(row: Located & { productRef: string; charRef: string; typeRef: string; price: number; period: number }): void;
  stock(row: Located & { productRef: string; charRef: string; warehouseRef: string; qty: number; asOf: number }): void;
  flush(): void;
};

const chunkRows = 2_000;

export function createStageWriter(stage: StageDb): StageWriter {
  const s = stage.schema;
  const db = stage.sqlite;
  const statements = {
    product: db.prepare(
      `INSERT INTO ${s}.products (kind, ref, name, code, article, group_ref, unit_key, vat, is_deleted, file, line, col) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    characteristic: db.prepare(`INSERT INTO ${s}.characteristics (ref, product_ref, name, name_rank, is_deleted, file, line, col) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    barcode: db.prepare(`INSERT INTO ${s}.barcodes (code, product_ref, char_ref, file, line, col) VALUES (?, ?, ?, ?, ?, ?)`),
    price: db.prepare(`INSERT INTO ${s}.prices (product_ref, char_ref, type_ref, price, period, file, line, col) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    stock: db.prepare(`INSERT INTO ${s}.stock (product_ref, char_ref, wh_ref, qty, as_of, file, line, col) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  } satisfies Record<string, Database.Statement>;

  // Pending rows as (statement, parameters) pairs, run together in one transaction.
  let pendingStatements: Database.Statement[] = [];
  let pendingParams: unknown[][] = [];

  const flush = (): void => {
    if (pendingStatements.length === 0) return;
    const runs = pendingStatements;
    const params = pendingParams;
    pendingStatements = [];
    pendingParams = [];
    stage.chunk(() => {
      for (let i = 0; i < runs.length; i += 1) (runs[i] as Database.Statement).run(params[i]);
    });
  };
  const add = (statement: Database.Statement, params: unknown[]): void => {
    pendingStatements.push(statement);
    pendingParams.push(params);
    if (pendingStatements.length >= chunkRows) flush();
  };
  const product = (kind: number, r: StagedProduct): void =>
    add(statements.product, [kind, r.ref, r.name, r.code, r.article, r.groupRef, r.unitKey, r.vat, r.isDeleted ? 1 : 0, r.file, r.line, r.column]);

  return {
    product: (r) => product(productRowKinds.listed, r),
    derivedProduct: (r) => product(productRowKinds.derived, r),
    productDeleted: (ref, at) => add(statements.product, [productRowKinds.deletedByOffer, ref, null, null, null, null, null, null, 1, at.file, at.line, at.column]),
    characteristic: (r) => add(statements.characteristic, [r.ref, r.productRef, r.name, r.name === null ? 0 : r.nameRank, r.isDeleted ? 1 : 0, r.file, r.line, r.column]),
    barcode: (r) => add(statements.barcode, [r.code, r.productRef, r.charRef, r.file, r.line, r.column]),
    price: (r) => add(statements.price, [r.productRef, r.charRef, r.typeRef, r.price, r.period, r.file, r.line, r.column]),
    stock: (r) => add(statements.stock, [r.productRef, r.charRef, r.warehouseRef, r.qty, r.asOf, r.file, r.line, r.column]),
    flush,
  };
}
