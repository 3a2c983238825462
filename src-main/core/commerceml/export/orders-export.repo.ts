// What the orders export reads: a document's header with its warehouse and customer, and its lines
// with the 1C refs of products and variants and the unit's OKEI code. Read-only.
import { type AppDb } from '../../db/open';
import { cachedStatement } from '../../db/statement-cache';
import { type DocumentKind } from '../../documents/document-kinds';
import { type DocumentStatus } from '../../documents/documents';

export type ExportHeader = {
  id: string;
  kind: DocumentKind;
  status: DocumentStatus;
  localNumber: string;
  date: number;
  comment: string;
  warehouseName: string;
  warehouseRef1c: string | null;
  counterpartyRef1c: string | null;
  customerId: string | null;
};

export type ExportCustomer = {
  id: string;
  ref1c: string | null;
  kind: 'person' | 'company';
  name: string;
  inn: string | null;
  kpp: string | null;
  phone: string | null;
  email: string | null;
};

export type ExportLine = {
  lineNo: number;
  productRef1c: string | null;
  productName: string;
  characteristicId: number | null;
  characteristicRef1c: string | null;
  characteristicName: string | null;
  unitName: string;
  unitCode: string | null;
  /** Thousandths. */
  qty: number;
  /** Kopecks per unit; null when the line has none. */
  price: number | null;
};

export function findExportHeader(db: AppDb, id: string): ExportHeader | null {
  const row = cachedStatement(
    db,
    `SELECT d.id, d.kind, d.status, d.local_number AS localNumber, d.date, d.comment, w.name AS warehouseName,
       w.ref_1c AS warehouseRef1c, d.counterparty_ref_1c AS counterpartyRef1c, d.customer_id AS customerId
     FROM documents d JOIN warehouses w ON w.id = d.warehouse_id WHERE d.id = ?`,
  ).get(id) as ExportHeader | undefined;
  return row ?? null;
}

const customerColumns = 'id, ref_1c AS ref1c, kind, name, inn, kpp, phone, email';

export function findCustomerById(db: AppDb, id: string): ExportCustomer | null {
  return (cachedStatement(db, `SELECT ${customerColumns} FROM customers WHERE id = ?`).get(id) as ExportCustomer | undefined) ?? null;
}

export function findCustomerByRef(db: AppDb, ref1c: string): ExportCustomer | null {
  return (cachedStatement(db, `SELECT ${customerColumns} FROM customers WHERE ref_1c = ?`).get(ref1c) as ExportCustomer | undefined) ?? null;
}

export function readExportLines(db: AppDb, documentId: string): ExportLine[] {
  return cachedStatement(
    db,
    `SELECT l.line_no AS lineNo, p.ref_1c AS productRef1c, p.name AS productName, l.characteristic_id AS characteristicId,
       c.ref_1c AS characteristicRef1c, c.name AS characteristicName, coalesce(u.name, '') AS unitName, u.okei AS unitCode,
       l.qty, l.price
     FROM document_lines l JOIN products p ON p.id = l.product_id
     LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN characteristics c ON c.id = l.characteristic_id
     WHERE l.document_id = ? ORDER BY l.line_no`,
  ).all(documentId) as ExportLine[];
}
