import { type DocumentKind, type DocumentStatus } from '../../../src-preload/contract';

// Records rather than arrays, so the compiler reports a kind or status added to the contract but
// missing here (the renderer imports only types from the contract, not its runtime lists).
const kindOrder = { receipt: 0, shipment: 1, transfer: 2, writeoff: 3, count: 4, supplier_order: 5 } satisfies Record<DocumentKind, number>;
const statusOrder = { draft: 0, queued: 1, sending: 2, posted: 3, rejected: 4, cancelled: 5 } satisfies Record<DocumentStatus, number>;

export const documentKindList = (Object.keys(kindOrder) as DocumentKind[]).sort((a, b) => kindOrder[a] - kindOrder[b]);
export const documentStatusList = (Object.keys(statusOrder) as DocumentStatus[]).sort((a, b) => statusOrder[a] - statusOrder[b]);

export function isDocumentKind(value: string): value is DocumentKind {
  return Object.hasOwn(kindOrder, value);
}

/** A transfer moves goods to a second warehouse; the other kinds have one. */
export function isDestinationNeeded(kind: DocumentKind): boolean {
  return kind === 'transfer';
}

/** Kinds whose lines carry a price in 1C (a write-off keeps one if it has it, but it is not typed here). */
export function hasPriceColumn(kind: DocumentKind): boolean {
  return kind === 'receipt' || kind === 'shipment' || kind === 'writeoff' || kind === 'supplier_order';
}

/** A supplier order goes to 1C as an unposted draft; the manager posts it there. */
export function isPostedIn1C(kind: DocumentKind): boolean {
  return kind !== 'supplier_order';
}

/** Kinds where the user sets prices: a receipt's purchase price, a shipment's selling price. */
export function isPriceEditable(kind: DocumentKind): boolean {
  return kind === 'receipt' || kind === 'shipment' || kind === 'supplier_order';
}
