// Test support for the documents domain: the small catalog (two warehouses, five products) plus a
// product with variants and a package barcode, the balances job's per-warehouse "as of" cursor, and
// readers for audit and outbox rows.
import { type AppDb } from '../db/open';
import { insertSmallCatalog } from '../testing/small-catalog';
import { openTempDb } from '../testing/temp-db';

/** Home store «Магазин на Ленина» (ref w-1) and «Основной склад» (ref w-2). */
export const home = 1;
export const other = 2;
/** Product 6 «Футболка» has variants 61 «S» and 62 «M»; barcode of M: 4603333333336; a box of 12 milk: 4609999999993. */
export const shirtId = 6;
export const shirtS = 61;
export const shirtM = 62;
export const shirtMBarcode = '4603333333336';
export const milkBoxBarcode = '4609999999993';
export const t0 = 1_700_000_100_000;

export function openDocumentsDb(): { db: AppDb; cleanup(): void } {
  const { db, cleanup } = openTempDb();
  insertSmallCatalog(db);
  const s = db.sqlite;
  s.prepare("INSERT INTO products (id, code, article, name, unit_id, updated_at) VALUES (6, '00-006', 'ФТБ-006', 'Футболка хлопок', 1, 1)").run();
  s.prepare("INSERT INTO characteristics (id, product_id, name) VALUES (61, 6, 'S'), (62, 6, 'M')").run();
  s.prepare(`INSERT INTO barcodes (code, product_id, characteristic_id) VALUES ('${shirtMBarcode}', 6, 62)`).run();
  s.prepare(`INSERT INTO barcodes (code, product_id, package_qty) VALUES ('${milkBoxBarcode}', 1, 12000)`).run();
  s.prepare('INSERT INTO prices (product_id, characteristic_id, price_type_id, price, period) VALUES (6, NULL, 2, 99000, 1), (6, 62, 2, 109000, 1)').run();
  s.prepare('INSERT INTO stock (product_id, characteristic_id, warehouse_id, qty_1c, as_of_1c) VALUES (6, 62, 1, 4000, 1)').run();
  return { db, cleanup };
}

/** Writes the balances job's cursor as register-pull.job.ts does: per warehouse ref, when 1C last confirmed it. */
export function setBalanceAsOf(db: AppDb, asOf: Record<string, number>): void {
  const cursor = Object.fromEntries(Object.entries(asOf).map(([ref, at]) => [ref, { asOf: at, readAt: at, upTo: 0, hadSkipped: false }]));
  db.sqlite
    .prepare("INSERT INTO sync_state (job, cursor) VALUES ('balances', ?) ON CONFLICT(job) DO UPDATE SET cursor = excluded.cursor")
    .run(JSON.stringify(cursor));
}

/** Replaces a warehouse's 1C balance of a product, as a Balance answer applied by the pull would. */
export function setBalance(db: AppDb, key: { productId: number; characteristicId?: number | null; warehouseId: number }, qty: number, asOf: number): void {
  db.sqlite
    .prepare('DELETE FROM stock WHERE product_id = ? AND characteristic_id IS ? AND warehouse_id = ?')
    .run(key.productId, key.characteristicId ?? null, key.warehouseId);
  if (qty !== 0) {
    db.sqlite
      .prepare('INSERT INTO stock (product_id, characteristic_id, warehouse_id, qty_1c, as_of_1c) VALUES (?, ?, ?, ?, ?)')
      .run(key.productId, key.characteristicId ?? null, key.warehouseId, qty, asOf);
  }
}

export type AuditRow = { at: number; userId: string | null; action: string; details: Record<string, unknown> };

export function auditRows(db: AppDb): AuditRow[] {
  const rows = db.sqlite.prepare('SELECT at, user_id AS userId, action, details_json AS detailsJson FROM audit_log ORDER BY id').all() as Array<
    Omit<AuditRow, 'details'> & { detailsJson: string }
  >;
  return rows.map(({ detailsJson, ...row }) => ({ ...row, details: JSON.parse(detailsJson) as Record<string, unknown> }));
}

export type OutboxTestRow = {
  id: string;
  kind: string;
  documentId: string;
  payloadJson: string;
  idempotencyKey: string;
  status: string;
  attempts: number;
  nextAttemptAt: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
};

export function outboxRows(db: AppDb): OutboxTestRow[] {
  return db.sqlite
    .prepare(
      `SELECT id, kind, document_id AS documentId, payload_json AS payloadJson, idempotency_key AS idempotencyKey, status,
         attempts, next_attempt_at AS nextAttemptAt, last_error_code AS lastErrorCode, last_error_message AS lastErrorMessage
       FROM outbox ORDER BY created_at, rowid`,
    )
    .all() as OutboxTestRow[];
}

export function count(db: AppDb, table: 'documents' | 'document_lines' | 'outbox' | 'audit_log'): number {
  return db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}
