import { z } from 'zod';

export const documentKinds = ['receipt', 'shipment', 'transfer', 'writeoff', 'count', 'supplier_order'] as const;
export const documentKind = z.enum(documentKinds);
export type DocumentKind = z.infer<typeof documentKind>;

export const documentStatuses = ['draft', 'queued', 'sending', 'posted', 'rejected', 'cancelled'] as const;
export const documentStatus = z.enum(documentStatuses);
export type DocumentStatus = z.infer<typeof documentStatus>;

const documentId = z.uuid();
const rowId = z.number().int().positive();
const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'ожидается ссылка 1С (GUID)');
/** Thousandths of a unit (1C quantities are fractional: kg, m). */
const quantity = z.number().int().min(0).max(1_000_000_000);
/** Kopecks per unit. */
const price = z.number().int().min(0).max(100_000_000_000);
const lineNo = z.number().int().min(1).max(100_000);

export const documentSummary = z.object({
  id: z.string(),
  kind: documentKind,
  status: documentStatus,
  localNumber: z.string(),
  number1c: z.string().nullable(),
  date: z.number().int(),
  warehouseName: z.string(),
  toWarehouseName: z.string().nullable(),
  lineCount: z.number().int(),
  totalQty: z.number().int(),
  totalAmount: z.number().int(),
  last1cMessage: z.string().nullable(),
  updatedAt: z.number().int(),
});
export type DocumentSummary = z.infer<typeof documentSummary>;

export const lineCheck = z.enum(['match', 'shortage', 'overage', 'unexpected', 'none']);
export type LineCheck = z.infer<typeof lineCheck>;

export const documentLine = z.object({
  lineNo: z.number().int(),
  productId: z.number().int(),
  productName: z.string(),
  productCode: z.string().nullable(),
  article: z.string().nullable(),
  characteristicId: z.number().int().nullable(),
  characteristicName: z.string().nullable(),
  qty: z.number().int(),
  expectedQty: z.number().int().nullable(),
  price: z.number().int().nullable(),
  amount: z.number().int().nullable(),
  check: lineCheck,
});
export type DocumentLine = z.infer<typeof documentLine>;

export const documentView = documentSummary.extend({
  warehouseId: z.number().int(),
  toWarehouseId: z.number().int().nullable(),
  comment: z.string(),
  counterpartyRef1c: z.string().nullable(),
  /** The local customer (src-preload/contract/customers.ts) the document is for; shipments. */
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  ref1c: z.string().nullable(),
  postedAt: z.number().int().nullable(),
  isEditable: z.boolean(),
  lines: z.array(documentLine),
  /** The expected-vs-scanned check; null when no line has an expected quantity. */
  check: z
    .object({
      match: z.number().int(),
      shortage: z.number().int(),
      overage: z.number().int(),
      unexpected: z.number().int(),
      expectedTotal: z.number().int(),
      scannedTotal: z.number().int(),
    })
    .nullable(),
});
export type DocumentView = z.infer<typeof documentView>;

export const outboxStatus = z.object({
  queued: z.number().int(),
  sending: z.number().int(),
  rejected: z.number().int(),
  /** Why sending stopped until someone acts (wrong password, 1C not set up); null while it runs. */
  paused: z.object({ reason: z.enum(['auth', 'not_configured']), message: z.string() }).nullable(),
  /** When the next attempt is due, while the head of the queue waits for 1C. */
  nextAttemptAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type OutboxStatus = z.infer<typeof outboxStatus>;

const byId = z.strictObject({ id: documentId });

export const documentsContract = {
  'documents.list': {
    input: z.strictObject({
      status: documentStatus.optional(),
      kind: documentKind.optional(),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ items: z.array(documentSummary), total: z.number().int(), counts: z.record(documentStatus, z.number().int()) }),
  },
  'documents.get': { input: byId, output: documentView },
  'documents.create': {
    input: z.strictObject({
      kind: documentKind,
      warehouseId: rowId,
      toWarehouseId: rowId.nullable().optional(),
      comment: z.string().max(1000).optional(),
      counterpartyRef1c: guid.nullable().optional(),
      customerId: z.uuid().nullable().optional(),
    }),
    output: documentView,
  },
  'documents.updateHeader': {
    input: z.strictObject({
      id: documentId,
      warehouseId: rowId.optional(),
      toWarehouseId: rowId.nullable().optional(),
      comment: z.string().max(1000).optional(),
      counterpartyRef1c: guid.nullable().optional(),
      customerId: z.uuid().nullable().optional(),
    }),
    output: documentView,
  },
  /** A scan or a typed code (barcode, article or product code): adds a line or increases one. */
  'documents.scan': {
    input: z.strictObject({ id: documentId, code: z.string().trim().min(1).max(200), qty: quantity.min(1).optional() }),
    output: z.object({ document: documentView, lineNo: z.number().int(), productName: z.string() }),
  },
  'documents.addProduct': {
    input: z.strictObject({ id: documentId, productId: rowId, characteristicId: rowId.nullable().optional(), qty: quantity.min(1) }),
    output: documentView,
  },
  'documents.setLine': {
    input: z.strictObject({ id: documentId, lineNo, qty: quantity.optional(), price: price.nullable().optional(), expectedQty: quantity.nullable().optional() }),
    output: documentView,
  },
  'documents.removeLine': { input: z.strictObject({ id: documentId, lineNo }), output: documentView },
  'documents.setExpected': {
    input: z.strictObject({
      id: documentId,
      lines: z.array(z.strictObject({ productId: rowId, characteristicId: rowId.nullable().optional(), qty: quantity })).max(10_000),
    }),
    output: documentView,
  },
  /** Expected quantities from a document 1C already has, found by its number in the set of the same kind. */
  'documents.expectedFrom1C': {
    input: z.strictObject({ id: documentId, number: z.string().trim().min(1).max(50) }),
    output: z.object({ document: documentView, number1c: z.string(), lines: z.number().int(), unknownProducts: z.number().int() }),
  },
  /**
   * Queues a draft (or a rejected document after a fix) for 1C. When it would take stock below zero
   * and the policy is "warn", nothing is queued and `warnings` says why, until sent with allowNegative.
   */
  'documents.send': {
    input: z.strictObject({ id: documentId, allowNegative: z.boolean().default(false) }),
    output: z.object({ document: documentView, warnings: z.array(z.string()) }),
  },
  'documents.cancel': { input: byId, output: documentView },
  'outbox.status': { input: z.strictObject({}), output: outboxStatus },
  /** Makes every waiting document due now and sends (also resumes after a password change). */
  'outbox.sendNow': { input: z.strictObject({}), output: outboxStatus },
} as const;

export const documentsEvents = {
  'documents.changed': z.object({ id: z.string(), status: documentStatus }),
  'outbox.changed': outboxStatus,
} as const;
