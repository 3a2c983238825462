// Reads a local document with every reference resolved to its 1C ref, for the sender. A document
// that names something 1C does not know (a warehouse or product made only here) cannot be sent:
// the problems come back in words for the user instead.
import { type AppDb } from '../db/open';
import { type OnecDocumentKind } from '../onec/onec';
import { type DocumentFor1C } from './document-body';

export type OutgoingDocument = {
  kind: OnecDocumentKind;
  status: string;
  ref1c: string | null;
  number1c: string | null;
  /** The local customer the document is for (shipments): it goes as the counterparty once 1C has it. */
  customer: { id: string; ref1c: string | null } | null;
  /** Null when `problems` is not empty. */
  body: DocumentFor1C | null;
  problems: string[];
};

type HeaderRow = {
  id: string;
  kind: OnecDocumentKind;
  status: string;
  localNumber: string;
  date: number;
  comment: string;
  ref1c: string | null;
  number1c: string | null;
  counterpartyRef: string | null;
  customerId: string | null;
  customerRef: string | null;
  warehouseRef: string | null;
  warehouseName: string;
  toWarehouseId: number | null;
  toWarehouseRef: string | null;
  toWarehouseName: string | null;
};

type LineRow = { lineNo: number; qty: number; price: number | null; productRef: string | null; productName: string; characteristicId: number | null; characteristicRef: string | null };

export function readOutgoingDocument(db: AppDb, documentId: string, organizationRef: string | null): OutgoingDocument | null {
  const header = db.sqlite
    .prepare(
      `SELECT d.id, d.kind, d.status, d.local_number AS localNumber, d.date, d.comment, d.ref_1c AS ref1c, d.number_1c AS number1c,
         d.counterparty_ref_1c AS counterpartyRef, d.customer_id AS customerId, cu.ref_1c AS customerRef, w.ref_1c AS warehouseRef, w.name AS warehouseName,
         d.to_warehouse_id AS toWarehouseId, tw.ref_1c AS toWarehouseRef, tw.name AS toWarehouseName
       FROM documents d JOIN warehouses w ON w.id = d.warehouse_id LEFT JOIN warehouses tw ON tw.id = d.to_warehouse_id
         LEFT JOIN customers cu ON cu.id = d.customer_id
       WHERE d.id = ?`,
    )
    .get(documentId) as HeaderRow | undefined;
  if (!header) return null;
  const lines = db.sqlite
    .prepare(
      `SELECT l.line_no AS lineNo, l.qty, l.price, p.ref_1c AS productRef, p.name AS productName,
         l.characteristic_id AS characteristicId, c.ref_1c AS characteristicRef
       FROM document_lines l JOIN products p ON p.id = l.product_id LEFT JOIN characteristics c ON c.id = l.characteristic_id
       WHERE l.document_id = ? AND l.qty > 0 ORDER BY l.line_no`,
    )
    .all(documentId) as LineRow[];

  const problems: string[] = [];
  if (header.warehouseRef === null) problems.push(`Склад «${header.warehouseName}» не связан с 1С.`);
  if (header.toWarehouseId !== null && header.toWarehouseRef === null) problems.push(`Склад «${header.toWarehouseName ?? ''}» не связан с 1С.`);
  if (lines.length === 0) problems.push('В документе нет строк с количеством больше нуля.');
  for (const line of lines) {
    if (line.productRef === null) problems.push(`Строка ${line.lineNo}: товар «${line.productName}» не связан с 1С.`);
    if (line.characteristicId !== null && line.characteristicRef === null) problems.push(`Строка ${line.lineNo}: характеристика товара «${line.productName}» не связана с 1С.`);
  }
  const customer = header.customerId === null ? null : { id: header.customerId, ref1c: header.customerRef };
  const base = { kind: header.kind, status: header.status, ref1c: header.ref1c, number1c: header.number1c, customer };
  if (problems.length > 0) return { ...base, body: null, problems };
  return {
    ...base,
    problems,
    body: {
      id: header.id,
      localNumber: header.localNumber,
      date: header.date,
      comment: header.comment,
      warehouseRef: header.warehouseRef as string,
      toWarehouseRef: header.toWarehouseRef,
      // The customer chosen at the counter is the counterparty; without one, a 1C ref picked directly.
      counterpartyRef: header.customerRef ?? header.counterpartyRef,
      organizationRef,
      lines: lines.map((l) => ({ productRef: l.productRef as string, characteristicRef: l.characteristicRef, qty: l.qty, price: l.price })),
    },
  };
}
