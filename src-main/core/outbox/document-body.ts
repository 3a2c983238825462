// The JSON body of a 1C document as Prilavok sends it (onec-http.md §3.1): header references as
// `X_Key`, the tabular section inline with LineNumber 1..n as strings, amounts computed here because
// OData writes do not run the form's calculations. Pure: the sender reads the refs from the mirror.
import { type OnecDocumentSpec } from '../onec/onec';
import { toOnecDateTime } from '../onec/odata-query';

/** A local document with every reference already resolved to its 1C ref. */
export type DocumentFor1C = {
  id: string;
  localNumber: string;
  date: number;
  comment: string;
  warehouseRef: string;
  toWarehouseRef: string | null;
  counterpartyRef: string | null;
  organizationRef: string | null;
  lines: readonly { productRef: string; characteristicRef: string | null; qty: number; price: number | null }[];
};

const emptyRef = '00000000-0000-0000-0000-000000000000';

/**
 * The text every document carries in its comment field: the outbox finds a document created by an
 * attempt whose answer was lost by looking for it (`substringof`), also when 1C ignored our key.
 */
export function prilavokMarker(documentId: string): string {
  return `Прилавок ${documentId}`;
}

export function commentWithMarker(doc: Pick<DocumentFor1C, 'id' | 'localNumber' | 'comment'>): string {
  const own = doc.comment.trim();
  return `${own === '' ? '' : `${own} `}[${doc.localNumber}, ${prilavokMarker(doc.id)}]`;
}

/** Kopecks from thousandths of a unit × kopecks per unit, rounded half away from zero as 1C's Окр(…, 2). */
export function lineAmountKopecks(qty: number, price: number): number {
  const exact = (qty * price) / 1000;
  return Math.sign(exact) * Math.round(Math.abs(exact));
}

/**
 * The body for POST (with `Ref_Key` = the local id, which 1C takes as the new object's key where it
 * accepts one) or for PATCH (`forPatch`: no key, since 1C ignores it there; the tabular section is
 * replaced wholesale, §3.2).
 */
export function buildDocumentBody(spec: OnecDocumentSpec, doc: DocumentFor1C, options: { forPatch?: boolean } = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (options.forPatch !== true) body.Ref_Key = doc.id;
  body.Date = toOnecDateTime(doc.date);
  body[spec.warehouse] = doc.warehouseRef;
  if (spec.toWarehouse !== null) body[spec.toWarehouse] = doc.toWarehouseRef ?? emptyRef;
  if (spec.counterparty !== null && doc.counterpartyRef !== null) body[spec.counterparty] = doc.counterpartyRef;
  if (spec.organization !== null && doc.organizationRef !== null) body[spec.organization] = doc.organizationRef;
  body[spec.comment] = commentWithMarker(doc);
  const { lines } = spec;
  body[lines.section] = doc.lines.map((line, index) => {
    const row: Record<string, unknown> = { LineNumber: String(index + 1), [lines.product]: line.productRef };
    if (lines.characteristic !== null) row[lines.characteristic] = line.characteristicRef ?? emptyRef;
    row[lines.quantity] = line.qty / 1000;
    if (lines.price !== null && line.price !== null) row[lines.price] = line.price / 100;
    if (lines.amount !== null && line.price !== null) row[lines.amount] = lineAmountKopecks(line.qty, line.price) / 100;
    return row;
  });
  return body;
}
