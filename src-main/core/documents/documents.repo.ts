// Queries over documents, document_lines and the document's outbox row. Plain SQL through the
// statement cache, like the other repos; the services own the transactions around these.
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { retailPriceTypeSql } from '../inventory/retail-price-type';
import { AppError } from '../errors/app-error';
import { type DocumentKind } from './document-kinds';
import {
  assertEditable,
  compareExpected,
  type DocumentLineView,
  type DocumentStatus,
  type DocumentView,
  documentTotal,
  hasExpected,
  isEditable,
  lineAmount,
} from './documents';

export type DocumentHeader = Omit<DocumentView, 'lines' | 'lineCount' | 'totalQty' | 'totalAmount' | 'isEditable' | 'check'>;

const headerSql = `SELECT d.id, d.kind, d.status, d.local_number AS localNumber, d.date,
    d.warehouse_id AS warehouseId, w.name AS warehouseName, w.ref_1c AS warehouseRef1c,
    d.to_warehouse_id AS toWarehouseId, tw.name AS toWarehouseName, tw.ref_1c AS toWarehouseRef1c,
    d.counterparty_ref_1c AS counterpartyRef1c, d.customer_id AS customerId, c.name AS customerName, d.comment, d.ref_1c AS ref1c, d.number_1c AS number1c,
    d.last_1c_message AS last1cMessage, d.created_by AS createdBy, d.created_at AS createdAt,
    d.updated_at AS updatedAt, d.queued_at AS queuedAt, d.posted_at AS postedAt
  FROM documents d JOIN warehouses w ON w.id = d.warehouse_id LEFT JOIN warehouses tw ON tw.id = d.to_warehouse_id
    LEFT JOIN customers c ON c.id = d.customer_id
  WHERE d.id = ?`;

export function findHeader(db: AppDb, id: string): DocumentHeader | null {
  return (cachedStatement(db, headerSql).get(id) as DocumentHeader | undefined) ?? null;
}

export function requireHeader(db: AppDb, id: string): DocumentHeader {
  const header = findHeader(db, id);
  if (!header) throw new AppError('not_found', `Документ ${id} не найден`);
  return header;
}

/** The header of a document the user may still change; `conflict` otherwise (see assertEditable). */
export function requireEditableHeader(db: AppDb, id: string): DocumentHeader {
  const header = requireHeader(db, id);
  assertEditable(header);
  return header;
}

type LineRow = Omit<DocumentLineView, 'amount' | 'check'>;

export function readLines(db: AppDb, documentId: string): DocumentLineView[] {
  const rows = cachedStatement(
    db,
    `SELECT l.line_no AS lineNo, l.product_id AS productId, p.ref_1c AS productRef1c, p.name AS productName,
       p.code AS productCode, p.article AS productArticle, coalesce(u.name, '') AS unit,
       l.characteristic_id AS characteristicId, c.ref_1c AS characteristicRef1c, c.name AS characteristicName,
       l.qty, l.price, l.expected_qty AS expectedQty, l.scanned_code AS scannedCode
     FROM document_lines l JOIN products p ON p.id = l.product_id
     LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN characteristics c ON c.id = l.characteristic_id
     WHERE l.document_id = ? ORDER BY l.line_no`,
  ).all(documentId) as LineRow[];
  const isChecked = hasExpected(rows);
  const checks = isChecked ? compareExpected({ lines: rows }).lines : [];
  return rows.map((row, index) => ({
    ...row,
    amount: lineAmount(row.qty, row.price),
    check: isChecked ? (checks[index]?.status ?? 'none') : 'none',
  }));
}

export function readDocument(db: AppDb, id: string): DocumentView {
  const header = requireHeader(db, id);
  const lines = readLines(db, id);
  return {
    ...header,
    isEditable: isEditable(header.status),
    lines,
    lineCount: lines.length,
    totalQty: lines.reduce((sum, line) => sum + line.qty, 0),
    totalAmount: documentTotal(lines),
    check: hasExpected(lines) ? compareExpected({ lines }).totals : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Header writes

export type NewDocumentRow = {
  id: string;
  kind: DocumentKind;
  localNumber: string;
  date: number;
  warehouseId: number;
  toWarehouseId: number | null;
  counterpartyRef1c: string | null;
  customerId: string | null;
  comment: string;
  createdBy: string | null;
  now: number;
};

export function insertDocument(db: AppDb, row: NewDocumentRow): void {
  cachedStatement(
    db,
    `INSERT INTO documents (id, kind, status, local_number, date, warehouse_id, to_warehouse_id, counterparty_ref_1c,
       customer_id, comment, created_by, created_at, updated_at)
     VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.id,
    row.kind,
    row.localNumber,
    row.date,
    row.warehouseId,
    row.toWarehouseId,
    row.counterpartyRef1c,
    row.customerId,
    row.comment,
    row.createdBy,
    row.now,
    row.now,
  );
}

/** The highest sequence number used so far by documents of this kind (0 when none). */
export function maxLocalSequence(db: AppDb, kind: DocumentKind, prefix: string): number {
  const value = cachedStatement(
    db,
    `SELECT max(CAST(substr(local_number, ?) AS INTEGER)) FROM documents WHERE kind = ? AND substr(local_number, 1, ?) = ?`,
  )
    .pluck()
    .get(prefix.length + 2, kind, prefix.length + 1, `${prefix}-`) as number | null;
  return value ?? 0;
}

export type HeaderPatch = {
  warehouseId: number;
  toWarehouseId: number | null;
  counterpartyRef1c: string | null;
  customerId: string | null;
  comment: string;
  date: number;
};

export function updateHeaderRow(db: AppDb, id: string, patch: HeaderPatch, now: number): void {
  cachedStatement(
    db,
    `UPDATE documents SET warehouse_id = ?, to_warehouse_id = ?, counterparty_ref_1c = ?, customer_id = ?, comment = ?, date = ?, updated_at = ?
     WHERE id = ?`,
  ).run(patch.warehouseId, patch.toWarehouseId, patch.counterpartyRef1c, patch.customerId, patch.comment, patch.date, now, id);
}

export type CustomerRef = { id: string; name: string; ref1c: string | null; isDeleted: boolean; syncState: string; last1cMessage: string | null };

export function findCustomerRef(db: AppDb, id: string): CustomerRef | null {
  const row = cachedStatement(
    db,
    'SELECT id, name, ref_1c AS ref1c, is_deleted AS isDeleted, sync_state AS syncState, last_1c_message AS last1cMessage FROM customers WHERE id = ?',
  ).get(id) as (Omit<CustomerRef, 'isDeleted'> & { isDeleted: number }) | undefined;
  return row ? { ...row, isDeleted: row.isDeleted === 1 } : null;
}

export function touchDocument(db: AppDb, id: string, now: number): void {
  cachedStatement(db, 'UPDATE documents SET updated_at = ? WHERE id = ?').run(now, id);
}

/**
 * Moves a document to `to` only if it is still in one of `from` (checked in the same statement, so a
 * concurrent change cannot slip between the check and the write). Returns whether it moved.
 */
export function transition(
  db: AppDb,
  id: string,
  from: readonly DocumentStatus[],
  to: DocumentStatus,
  now: number,
  set: { queuedAt?: number; postedAt?: number; last1cMessage?: string | null; ref1c?: string; number1c?: string | null } = {},
): boolean {
  const assignments = ['status = @to', 'updated_at = @now'];
  if (set.queuedAt !== undefined) assignments.push('queued_at = @queuedAt');
  if (set.postedAt !== undefined) assignments.push('posted_at = @postedAt');
  if (set.last1cMessage !== undefined) assignments.push('last_1c_message = @last1cMessage');
  if (set.ref1c !== undefined) assignments.push('ref_1c = @ref1c');
  if (set.number1c !== undefined) assignments.push('number_1c = @number1c');
  const statuses = from.map((s) => `'${s}'`).join(', ');
  const result = cachedStatement(
    db,
    `UPDATE documents SET ${assignments.join(', ')} WHERE id = @id AND status IN (${statuses})`,
  ).run({ id, to, now, ...Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined)) });
  return result.changes === 1;
}

// ---------------------------------------------------------------------------------------------
// Lines

export type LineKey = { productId: number; characteristicId: number | null };

export type StoredLine = LineKey & { id: number; lineNo: number; qty: number; price: number | null; expectedQty: number | null };

export function readStoredLines(db: AppDb, documentId: string): StoredLine[] {
  return cachedStatement(
    db,
    `SELECT id, line_no AS lineNo, product_id AS productId, characteristic_id AS characteristicId, qty, price,
       expected_qty AS expectedQty
     FROM document_lines WHERE document_id = ? ORDER BY line_no`,
  ).all(documentId) as StoredLine[];
}

/** The first line holding this product and variant, if any. */
export function findLineByKey(db: AppDb, documentId: string, key: LineKey): StoredLine | null {
  const row = cachedStatement(
    db,
    `SELECT id, line_no AS lineNo, product_id AS productId, characteristic_id AS characteristicId, qty, price,
       expected_qty AS expectedQty
     FROM document_lines WHERE document_id = ? AND product_id = ? AND characteristic_id IS ? ORDER BY line_no LIMIT 1`,
  ).get(documentId, key.productId, key.characteristicId) as StoredLine | undefined;
  return row ?? null;
}

export function findLineByNo(db: AppDb, documentId: string, lineNo: number): StoredLine | null {
  const row = cachedStatement(
    db,
    `SELECT id, line_no AS lineNo, product_id AS productId, characteristic_id AS characteristicId, qty, price,
       expected_qty AS expectedQty
     FROM document_lines WHERE document_id = ? AND line_no = ?`,
  ).get(documentId, lineNo) as StoredLine | undefined;
  return row ?? null;
}

export type NewLine = LineKey & { qty: number; price: number | null; expectedQty: number | null; scannedCode: string | null };

/** Appends a line as number n+1 and returns that number. */
export function appendLine(db: AppDb, documentId: string, line: NewLine): number {
  const lineNo =
    (cachedStatement(db, 'SELECT coalesce(max(line_no), 0) FROM document_lines WHERE document_id = ?').pluck().get(documentId) as number) + 1;
  cachedStatement(
    db,
    `INSERT INTO document_lines (document_id, line_no, product_id, characteristic_id, qty, price, expected_qty, scanned_code)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(documentId, lineNo, line.productId, line.characteristicId, line.qty, line.price, line.expectedQty, line.scannedCode);
  return lineNo;
}

export function updateLineValues(
  db: AppDb,
  lineId: number,
  values: { qty: number; price: number | null; expectedQty: number | null; scannedCode?: string },
): void {
  if (values.scannedCode !== undefined) {
    cachedStatement(db, 'UPDATE document_lines SET qty = ?, price = ?, expected_qty = ?, scanned_code = ? WHERE id = ?').run(
      values.qty,
      values.price,
      values.expectedQty,
      values.scannedCode,
      lineId,
    );
    return;
  }
  cachedStatement(db, 'UPDATE document_lines SET qty = ?, price = ?, expected_qty = ? WHERE id = ?').run(
    values.qty,
    values.price,
    values.expectedQty,
    lineId,
  );
}

export function clearExpected(db: AppDb, documentId: string): void {
  cachedStatement(db, 'UPDATE document_lines SET expected_qty = NULL WHERE document_id = ?').run(documentId);
}

export function deleteLines(db: AppDb, lineIds: readonly number[]): void {
  const remove = cachedStatement(db, 'DELETE FROM document_lines WHERE id = ?');
  for (const id of lineIds) remove.run(id);
}

/**
 * Numbers the document's lines 1..n in their current order (1C requires LineNumber 1..n). Two passes
 * through negative numbers, because the (document_id, line_no) unique index is checked row by row
 * and SQLite does not promise the order in which one UPDATE visits rows.
 */
export function renumberLines(db: AppDb, documentId: string): void {
  const ids = cachedStatement(db, 'SELECT id FROM document_lines WHERE document_id = ? ORDER BY line_no').pluck().all(documentId) as number[];
  const setNo = cachedStatement(db, 'UPDATE document_lines SET line_no = ? WHERE id = ?');
  ids.forEach((id, index) => setNo.run(-(index + 1), id));
  cachedStatement(db, 'UPDATE document_lines SET line_no = -line_no WHERE document_id = ? AND line_no < 0').run(documentId);
}

// ---------------------------------------------------------------------------------------------
// Catalog look-ups for lines

export type ProductRef = { id: number; name: string; isDeleted: boolean };

export function findProduct(db: AppDb, id: number): ProductRef | null {
  const row = cachedStatement(db, 'SELECT id, name, is_deleted AS isDeleted FROM products WHERE id = ?').get(id) as
    | { id: number; name: string; isDeleted: number }
    | undefined;
  return row ? { ...row, isDeleted: row.isDeleted === 1 } : null;
}

export type CharacteristicRef = { id: number; productId: number | null; name: string; isDeleted: boolean };

export function findCharacteristic(db: AppDb, id: number): CharacteristicRef | null {
  const row = cachedStatement(
    db,
    'SELECT id, product_id AS productId, name, is_deleted AS isDeleted FROM characteristics WHERE id = ?',
  ).get(id) as { id: number; productId: number | null; name: string; isDeleted: number } | undefined;
  return row ? { ...row, isDeleted: row.isDeleted === 1 } : null;
}

export type BarcodeHit = { productId: number; characteristicId: number | null; packageQty: number };

export function findBarcode(db: AppDb, code: string): BarcodeHit | null {
  const row = cachedStatement(
    db,
    'SELECT product_id AS productId, characteristic_id AS characteristicId, package_qty AS packageQty FROM barcodes WHERE code = ?',
  ).get(code) as BarcodeHit | undefined;
  return row ?? null;
}

/** Products whose article (or 1C code) is exactly `value`, live ones first. */
export function findProductsBy(db: AppDb, column: 'article' | 'code', value: string): ProductRef[] {
  const sql =
    column === 'article'
      ? 'SELECT id, name, is_deleted AS isDeleted FROM products WHERE article = ? ORDER BY is_deleted, id LIMIT 20'
      : 'SELECT id, name, is_deleted AS isDeleted FROM products WHERE code = ? ORDER BY is_deleted, id LIMIT 20';
  const rows = cachedStatement(db, sql).all(value) as Array<{ id: number; name: string; isDeleted: number }>;
  return rows.map((row) => ({ ...row, isDeleted: row.isDeleted === 1 }));
}

/**
 * The retail price (price_types.is_retail, the first such type) of a product variant: the variant's
 * own price if 1C has one, else the product's. Null when unknown.
 */
export function findRetailPrice(db: AppDb, key: LineKey): number | null {
  const value = cachedStatement(
    db,
    `SELECT pr.price FROM prices pr
     WHERE pr.product_id = @productId
       AND pr.price_type_id = (${retailPriceTypeSql})
       AND (pr.characteristic_id IS NULL OR pr.characteristic_id IS @characteristicId)
     ORDER BY pr.characteristic_id IS NULL LIMIT 1`,
  )
    .pluck()
    .get(key) as number | undefined;
  return value ?? null;
}

export type WarehouseRef = { id: number; name: string; isDeleted: boolean };

export function findWarehouse(db: AppDb, id: number): WarehouseRef | null {
  const row = cachedStatement(db, 'SELECT id, name, is_deleted AS isDeleted FROM warehouses WHERE id = ?').get(id) as
    | { id: number; name: string; isDeleted: number }
    | undefined;
  return row ? { ...row, isDeleted: row.isDeleted === 1 } : null;
}

// ---------------------------------------------------------------------------------------------
// The document's outbox row (one per document: idempotency_key = document id)

export function findOutboxRowId(db: AppDb, documentId: string): string | null {
  const value = cachedStatement(db, 'SELECT id FROM outbox WHERE idempotency_key = ?').pluck().get(documentId) as string | undefined;
  return value ?? null;
}

export function insertOutboxRow(db: AppDb, row: { id: string; documentId: string; now: number }): void {
  cachedStatement(
    db,
    `INSERT INTO outbox (id, kind, document_id, payload_json, idempotency_key, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, 'document.send', ?, '{}', ?, 'pending', 0, ?, ?, ?)`,
  ).run(row.id, row.documentId, row.documentId, row.now, row.now, row.now);
}

/**
 * A re-send after a rejection reuses the row: pending, due now, attempts and errors cleared. The
 * idempotency key stays the document id, so 1C still sees one document. created_at moves to now, so
 * the re-sent document takes its place at the end of the queue (the sender goes in created_at order).
 */
export function resetOutboxRow(db: AppDb, id: string, now: number): void {
  cachedStatement(
    db,
    `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error_code = NULL,
       last_error_message = NULL, created_at = ?, updated_at = ? WHERE id = ?`,
  ).run(now, now, now, id);
}

export function killOutboxRow(db: AppDb, documentId: string, now: number): void {
  cachedStatement(db, "UPDATE outbox SET status = 'dead', updated_at = ? WHERE idempotency_key = ?").run(now, documentId);
}
