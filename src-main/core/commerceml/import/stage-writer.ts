// Staged rows go to the scratch database in chunks: one transaction per 2,000 rows keeps the cost
// per row at a few microseconds and the memory at one chunk. Later rows for the same key replace
// earlier ones (the last file of an exchange wins), except a product made up from a variant, which
// never replaces a product listed on its own.
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

export type StageWriter = {
  /** A Товар listed on its own. */
  product(row: StagedProduct): void;
  /** The owner of a variant listed as its own Товар (2.03/2.04): only when the product is not listed. */
  derivedProduct(row: StagedProduct): void;
  /** A deletion mark from an offer of the product itself. */
  productDeleted(ref: string, at: Located): void;
  characteristic(row: Located & { ref: string; productRef: string; name: string | null; isDeleted: boolean }): void;
  barcode(row: Located & { code: string; productRef: string; charRef: string }): void;
  price(row: Located & { productRef: string; charRef: string; typeRef: string; price: number; period: number }): void;
  stock(row: Located & { productRef: string; charRef: string; warehouseRef: string; qty: number; asOf: number }): void;
  flush(): void;
};

const chunkRows = 2_000;

export function createStageWriter(stage: StageDb): StageWriter {
  const s = stage.schema;
  const db = stage.sqlite;
  const productCols = 'ref, name, code, article, group_ref, unit_key, vat, is_deleted, is_derived, file, line, col';
  const statements = {
    product: db.prepare(
      `INSERT INTO ${s}.products (${productCols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
       ON CONFLICT (ref) DO UPDATE SET name = excluded.name, code = excluded.code, article = excluded.article, group_ref = excluded.group_ref,
         unit_key = excluded.unit_key, vat = excluded.vat, is_deleted = excluded.is_deleted, is_derived = 0,
         file = excluded.file, line = excluded.line, col = excluded.col`,
    ),
    derived: db.prepare(`INSERT INTO ${s}.products (${productCols}) VALUES (?, ?, NULL, ?, ?, ?, NULL, 0, 1, ?, ?, ?) ON CONFLICT (ref) DO NOTHING`),
    deleted: db.prepare(
      `INSERT INTO ${s}.products (${productCols}) VALUES (?, NULL, NULL, NULL, NULL, NULL, NULL, 1, 1, ?, ?, ?)
       ON CONFLICT (ref) DO UPDATE SET is_deleted = 1`,
    ),
    characteristic: db.prepare(
      `INSERT INTO ${s}.characteristics (ref, product_ref, name, is_deleted, file, line, col) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (ref) DO UPDATE SET product_ref = excluded.product_ref, name = coalesce(excluded.name, name),
         is_deleted = excluded.is_deleted, file = excluded.file, line = excluded.line, col = excluded.col`,
    ),
    barcode: db.prepare(
      `INSERT INTO ${s}.barcodes (code, product_ref, char_ref, seq, file, line, col) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (code, product_ref, char_ref) DO UPDATE SET seq = excluded.seq, file = excluded.file, line = excluded.line, col = excluded.col`,
    ),
    price: db.prepare(
      `INSERT OR REPLACE INTO ${s}.prices (product_ref, char_ref, type_ref, price, period, file, line, col) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    stock: db.prepare(
      `INSERT OR REPLACE INTO ${s}.stock (product_ref, char_ref, wh_ref, qty, as_of, file, line, col) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  } satisfies Record<string, Database.Statement>;

  // Pending rows as (statement, parameters) pairs, run together in one transaction.
  let pendingStatements: Database.Statement[] = [];
  let pendingParams: unknown[][] = [];
  let barcodeSeq = 0;

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

  return {
    product: (r) =>
      add(statements.product, [r.ref, r.name, r.code, r.article, r.groupRef, r.unitKey, r.vat, r.isDeleted ? 1 : 0, r.file, r.line, r.column]),
    derivedProduct: (r) => add(statements.derived, [r.ref, r.name, r.article, r.groupRef, r.unitKey, r.file, r.line, r.column]),
    productDeleted: (ref, at) => add(statements.deleted, [ref, at.file, at.line, at.column]),
    characteristic: (r) => add(statements.characteristic, [r.ref, r.productRef, r.name, r.isDeleted ? 1 : 0, r.file, r.line, r.column]),
    barcode: (r) => {
      barcodeSeq += 1;
      add(statements.barcode, [r.code, r.productRef, r.charRef, barcodeSeq, r.file, r.line, r.column]);
    },
    price: (r) => add(statements.price, [r.productRef, r.charRef, r.typeRef, r.price, r.period, r.file, r.line, r.column]),
    stock: (r) => add(statements.stock, [r.productRef, r.charRef, r.warehouseRef, r.qty, r.asOf, r.file, r.line, r.column]),
    flush,
  };
}
