// The documents and outbox channels: each a call into the documents service or the outbox
// controller, with the core view mapped onto the contract's shape. No user sign-in exists yet
// (issue #7), so actions are audited without a user.
import { type DocumentView as ContractDocumentView, type InvokeOutput } from '../../../src-preload/contract';
import { type ConfiguredOnec } from '../app/onec-connection';
import { type OutboxController } from '../app/outbox-controller';
import { loadExpectedFrom1C } from '../documents/expected-from-1c';
import { type AppDb } from '../db/open';
import { addByCode, addProduct, removeLine, setExpected, setLine } from '../documents/document-lines.service';
import { type DocumentView } from '../documents/documents';
import { cancelDocument, createDraft, getDocument, listDocuments, queueDocument, updateHeader } from '../documents/documents.service';
import { type SettingsService } from '../settings/settings.service';
import { type EventBus } from './event-bus';
import { type Actor } from '../security/desk-session';
import { can } from '../security/permissions';
import { type Handlers } from './dispatch';

export type DocumentHandlerDeps = {
  /** Who acts now (desk-session.ts): recorded on every audited change. */
  actor: () => Actor;
  db: AppDb;
  settings: SettingsService;
  outbox: OutboxController;
  events: EventBus;
  clock: () => number;
  /** A session to the configured 1C, for reading its documents. */
  connectOnec: () => Promise<ConfiguredOnec>;
};

type DocumentChannel =
  | 'documents.list'
  | 'documents.get'
  | 'documents.create'
  | 'documents.updateHeader'
  | 'documents.scan'
  | 'documents.addProduct'
  | 'documents.setLine'
  | 'documents.removeLine'
  | 'documents.setExpected'
  | 'documents.expectedFrom1C'
  | 'documents.send'
  | 'documents.cancel'
  | 'outbox.status'
  | 'outbox.sendNow';

export function toContractView(view: DocumentView): ContractDocumentView {
  return {
    id: view.id,
    kind: view.kind,
    status: view.status,
    localNumber: view.localNumber,
    number1c: view.number1c,
    date: view.date,
    warehouseId: view.warehouseId,
    warehouseName: view.warehouseName,
    toWarehouseId: view.toWarehouseId,
    toWarehouseName: view.toWarehouseName,
    lineCount: view.lineCount,
    totalQty: view.totalQty,
    totalAmount: view.totalAmount,
    last1cMessage: view.last1cMessage,
    updatedAt: view.updatedAt,
    comment: view.comment,
    counterpartyRef1c: view.counterpartyRef1c,
    customerId: view.customerId,
    customerName: view.customerName,
    ref1c: view.ref1c,
    postedAt: view.postedAt,
    isEditable: view.isEditable,
    lines: view.lines.map((line) => ({
      lineNo: line.lineNo,
      productId: line.productId,
      productName: line.productName,
      productCode: line.productCode || null,
      article: line.productArticle || null,
      characteristicId: line.characteristicId,
      characteristicName: line.characteristicName,
      qty: line.qty,
      expectedQty: line.expectedQty,
      price: line.price,
      amount: line.amount,
      check: line.check,
    })),
    check: view.check
      ? {
          match: view.check.match,
          shortage: view.check.shortage,
          overage: view.check.overage,
          unexpected: view.check.unexpected,
          expectedTotal: view.check.expectedTotal,
          scannedTotal: view.check.scannedTotal,
        }
      : null,
  };
}

export function createDocumentHandlers(deps: DocumentHandlerDeps): Pick<Handlers, DocumentChannel> {
  const { db, outbox, clock } = deps;
  /** Every change: the list and the open editor reload, the stock table shows the new displayed quantity. */
  const changed = (view: DocumentView): ContractDocumentView => {
    deps.events.emit('documents.changed', { id: view.id, status: view.status });
    deps.events.emit('data.changed', { tables: ['documents', 'stock'] });
    return toContractView(view);
  };
  return {
    'documents.list': (query): InvokeOutput<'documents.list'> => {
      const page = listDocuments(db, query);
      return {
        total: page.total,
        counts: page.counts,
        items: page.items.map((item) => ({
          id: item.id,
          kind: item.kind,
          status: item.status,
          localNumber: item.localNumber,
          number1c: item.number1c,
          date: item.date,
          warehouseName: item.warehouseName,
          toWarehouseName: item.toWarehouseName,
          lineCount: item.lineCount,
          totalQty: item.totalQty,
          totalAmount: item.totalAmount,
          last1cMessage: item.last1cMessage,
          updatedAt: item.updatedAt,
        })),
      };
    },
    'documents.get': ({ id }) => toContractView(getDocument(db, id)),
    'documents.create': (input) =>
      changed(
        createDraft(db, {
          kind: input.kind,
          warehouseId: input.warehouseId,
          toWarehouseId: input.toWarehouseId ?? null,
          comment: input.comment ?? '',
          counterpartyRef1c: input.counterpartyRef1c ?? null,
          customerId: input.customerId ?? null,
          userId: deps.actor().userId,
          now: clock(),
        }),
      ),
    'documents.updateHeader': ({ id, ...patch }) => changed(updateHeader(db, { documentId: id, ...patch, userId: deps.actor().userId, now: clock() })),
    'documents.scan': ({ id, code, qty }) => {
      const result = addByCode(db, { documentId: id, code, ...(qty === undefined ? {} : { qty }), userId: deps.actor().userId, now: clock() });
      return { document: changed(result.document), lineNo: result.lineNo, productName: result.productName };
    },
    'documents.addProduct': ({ id, productId, characteristicId, qty }) =>
      changed(addProduct(db, { documentId: id, productId, characteristicId: characteristicId ?? null, qty, userId: deps.actor().userId, now: clock() }).document),
    'documents.setLine': ({ id, ...patch }) => changed(setLine(db, { documentId: id, ...patch, userId: deps.actor().userId, now: clock() })),
    'documents.removeLine': ({ id, lineNo }) => changed(removeLine(db, { documentId: id, lineNo, userId: deps.actor().userId, now: clock() })),
    'documents.setExpected': ({ id, lines }) => changed(setExpected(db, { documentId: id, lines, userId: deps.actor().userId, now: clock() })),
    'documents.expectedFrom1C': async ({ id, number }) => {
      const onec = await deps.connectOnec();
      try {
        const result = await loadExpectedFrom1C(db, onec, { documentId: id, number, userId: deps.actor().userId, now: clock() });
        return { ...result, document: changed(result.document) };
      } finally {
        await onec.close();
      }
    },
    'documents.send': ({ id, allowNegative }) => {
      const result = queueDocument(db, {
        documentId: id,
        userId: deps.actor().userId,
        now: clock(),
        negativeStockPolicy: deps.settings.get().negativeStockPolicy,
        allowNegative,
      });
      if (result.outcome === 'queued') outbox.kick();
      return { document: changed(result.document), warnings: result.outcome === 'queued' ? [] : result.warnings };
    },
    'documents.cancel': ({ id }) => changed(cancelDocument(db, { documentId: id, userId: deps.actor().userId, now: clock(), mayCancelSubmitted: can(deps.actor().role, 'documents.cancelSubmitted') })),
    'outbox.status': () => outbox.status(),
    'outbox.sendNow': () => outbox.sendNow(),
  };
}
