// Local documents: create, edit the header, queue for 1C, cancel, list, read. Every write is one
// transaction with its audit row; queueing writes the document and its outbox row together
// (architecture §4). Lines are edited in document-lines.service.ts; the outbox sender moves queued
// documents on through document-sending.service.ts.
import { v7 as uuidv7 } from 'uuid';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { AppError } from '../errors/app-error';
import { auditDocument, documentAuditActions } from './document-audit';
import { type DocumentKind, hasCustomer, kindInfo } from './document-kinds';
import {
  type DocumentStatus,
  type DocumentView,
  documentTotal,
  formatLocalNumber,
  formatQty,
  isEditable,
  statusTitles,
} from './documents';
import { documentStatuses } from './documents.schema';
import {
  deleteLines,
  type DocumentHeader,
  findCustomerRef,
  findOutboxRowId,
  findWarehouse,
  insertDocument,
  insertOutboxRow,
  killOutboxRow,
  maxLocalSequence,
  readDocument,
  readLines,
  readStoredLines,
  renumberLines,
  requireEditableHeader,
  requireHeader,
  resetOutboxRow,
  transition,
  updateHeaderRow,
} from './documents.repo';
import { readDisplayedQty } from './displayed-stock.repo';

const maxCommentLength = 1000;
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CreateDraftInput = {
  kind: DocumentKind;
  warehouseId: number;
  /** Transfers only; may be left for later (it is required to queue). */
  toWarehouseId?: number | null;
  comment?: string;
  /** 1C ref (GUID) of the supplier / customer; optional. */
  counterpartyRef1c?: string | null;
  /** A local customer (shipments only); sent to 1C as the counterparty. */
  customerId?: string | null;
  userId: string | null;
  now: number;
  /** The document's date; `now` when omitted. */
  date?: number;
};

/** Creates a draft numbered «<prefix>-<sequence>» per kind (e.g. «ПР-000012»). */
export function createDraft(db: AppDb, input: CreateDraftInput): DocumentView {
  const info = kindInfo(input.kind);
  const toWarehouseId = input.toWarehouseId ?? null;
  const comment = normalizeComment(input.comment ?? '');
  const counterpartyRef1c = normalizeCounterparty(input.counterpartyRef1c ?? null);
  const customerId = input.customerId ?? null;
  return db.sqlite
    .transaction((): DocumentView => {
      checkWarehouses(db, input.kind, input.warehouseId, toWarehouseId);
      checkCustomer(db, input.kind, customerId);
      const id = uuidv7({ msecs: input.now });
      // The next number is read inside this (immediate) transaction, so two windows cannot take the same one.
      const localNumber = formatLocalNumber(info.numberPrefix, maxLocalSequence(db, input.kind, info.numberPrefix) + 1);
      insertDocument(db, {
        id,
        kind: input.kind,
        localNumber,
        date: input.date ?? input.now,
        warehouseId: input.warehouseId,
        toWarehouseId,
        counterpartyRef1c,
        customerId,
        comment,
        createdBy: input.userId,
        now: input.now,
      });
      auditDocument(db, {
        at: input.now,
        userId: input.userId,
        action: documentAuditActions.create,
        document: { id, kind: input.kind, localNumber },
        details: { warehouseId: input.warehouseId, toWarehouseId, ...(customerId === null ? {} : { customerId }) },
      });
      return readDocument(db, id);
    })
    .immediate();
}

export type UpdateHeaderInput = {
  documentId: string;
  warehouseId?: number;
  /** null clears it. */
  toWarehouseId?: number | null;
  comment?: string;
  /** null clears it. */
  counterpartyRef1c?: string | null;
  /** null clears it; shipments only. */
  customerId?: string | null;
  date?: number;
  userId: string | null;
  now: number;
};

/** Changes header fields of a draft or rejected document; omitted fields stay as they are. */
export function updateHeader(db: AppDb, input: UpdateHeaderInput): DocumentView {
  return db.sqlite
    .transaction((): DocumentView => {
      const header = requireEditableHeader(db, input.documentId);
      const next = {
        warehouseId: input.warehouseId ?? header.warehouseId,
        toWarehouseId: input.toWarehouseId === undefined ? header.toWarehouseId : input.toWarehouseId,
        comment: input.comment === undefined ? header.comment : normalizeComment(input.comment),
        counterpartyRef1c:
          input.counterpartyRef1c === undefined ? header.counterpartyRef1c : normalizeCounterparty(input.counterpartyRef1c),
        customerId: input.customerId === undefined ? header.customerId : input.customerId,
        date: input.date ?? header.date,
      };
      checkWarehouses(db, header.kind, next.warehouseId, next.toWarehouseId);
      if (next.customerId !== header.customerId) checkCustomer(db, header.kind, next.customerId);
      const changed = (Object.keys(next) as Array<keyof typeof next>).filter((key) => next[key] !== header[key]);
      if (changed.length === 0) return readDocument(db, header.id);
      updateHeaderRow(db, header.id, next, input.now);
      auditDocument(db, {
        at: input.now,
        userId: input.userId,
        action: documentAuditActions.edit,
        document: header,
        details: { change: 'header', fields: Object.fromEntries(changed.map((key) => [key, { from: header[key], to: next[key] }])) },
      });
      return readDocument(db, header.id);
    })
    .immediate();
}

export type NegativeStockPolicy = 'warn' | 'block';

export type QueueInput = {
  documentId: string;
  userId: string | null;
  now: number;
  /** What to do when the document would take displayed stock below zero; default 'warn'. */
  negativeStockPolicy?: NegativeStockPolicy;
  /** With 'warn': the user saw the warnings and sends anyway. */
  allowNegative?: boolean;
};

/** A product variant the document takes more of than the displayed stock holds (thousandths). */
export type StockShortage = {
  productId: number;
  characteristicId: number | null;
  productName: string;
  characteristicName: string | null;
  unit: string;
  warehouseId: number;
  warehouseName: string;
  /** Displayed quantity before this document. */
  available: number;
  /** What this document takes (all its lines of this variant). */
  requested: number;
  /** available − requested: below zero. */
  remaining: number;
};

export type QueueResult = {
  /** 'needs_confirmation': nothing was written; ask the user, then queue again with allowNegative. */
  outcome: 'queued' | 'needs_confirmation';
  document: DocumentView;
  shortages: StockShortage[];
  /** The shortages in Russian, one sentence each (empty when there are none). */
  warnings: string[];
};

/**
 * Sends a draft (or a rejected document after a fix) to the outbox: validates it, checks stock for
 * kinds that take stock away, then in ONE transaction sets status 'queued' and writes the outbox row
 * (a re-send reuses the document's row). Lines with quantity 0 are removed and the rest renumbered
 * 1..n, so the local document is exactly what 1C receives (the sender sends qty > 0 lines only).
 * Throws `validation` for an incomplete document, `conflict` for a wrong status or, with policy
 * 'block', for a shortage.
 */
export function queueDocument(db: AppDb, input: QueueInput): QueueResult {
  const policy = input.negativeStockPolicy ?? 'warn';
  return db.sqlite
    .transaction((): QueueResult => {
      const header = requireHeader(db, input.documentId);
      if (!isEditable(header.status)) {
        throw new AppError('conflict', `Документ ${header.localNumber} ${statusTitles[header.status]} — отправить его ещё раз нельзя`);
      }
      const info = kindInfo(header.kind);
      checkWarehouses(db, header.kind, header.warehouseId, header.toWarehouseId);
      if (info.isDestinationNeeded && header.toWarehouseId === null) {
        throw new AppError('validation', 'Укажите склад-получатель: без него перемещение отправить нельзя');
      }
      if (header.customerId !== null) {
        const customer = findCustomerRef(db, header.customerId);
        if (customer && customer.ref1c === null && customer.syncState === 'rejected') {
          throw new AppError(
            'validation',
            `Покупатель «${customer.name}» не передан в 1С${customer.last1cMessage ? ` (1С отказала: ${customer.last1cMessage})` : ''}: исправьте покупателя или выберите другого, затем отправьте документ.`,
            { details: [{ path: ['customerId'], message: 'Покупатель не передан в 1С' }] },
          );
        }
      }
      const lines = readLines(db, header.id);
      const sent = lines.filter((line) => line.qty > 0);
      if (sent.length === 0) {
        throw new AppError('validation', 'В документе нет ни одной строки с количеством больше нуля — отправлять нечего');
      }
      if (info.priceUse === 'required') {
        const unpriced = sent.filter((line) => line.price === null);
        if (unpriced.length > 0) {
          throw new AppError('validation', `Укажите цену: ${nameList(unpriced.map((line) => lineTitle(line)))}`);
        }
      }

      const shortages = info.isStockChecked ? findShortages(db, header, sent) : [];
      const warnings = shortages.map(describeShortage);
      if (shortages.length > 0 && policy === 'block') {
        throw new AppError(
          'conflict',
          `Недостаточно товара на складе «${header.warehouseName}»: ${nameList(
            shortages.map((s) => `${shortageTitle(s)} — есть ${qtyWithUnit(s.available, s.unit)}, нужно ${qtyWithUnit(s.requested, s.unit)}`),
          )}. Документ не отправлен.`,
          { details: { shortages } },
        );
      }
      if (shortages.length > 0 && input.allowNegative !== true) {
        return { outcome: 'needs_confirmation', document: readDocument(db, header.id), shortages, warnings };
      }

      const empty = readStoredLines(db, header.id).filter((line) => line.qty <= 0);
      if (empty.length > 0) {
        deleteLines(db, empty.map((line) => line.id));
        renumberLines(db, header.id);
      }
      const isResend = header.status === 'rejected';
      // Guarded by status in the UPDATE itself; last_1c_message (1C's reason for the rejection) is
      // cleared so a queued document does not show a stale refusal. The audit row keeps it.
      if (!transition(db, header.id, ['draft', 'rejected'], 'queued', input.now, { queuedAt: input.now, last1cMessage: null })) {
        throw new AppError('conflict', `Документ ${header.localNumber} изменился — обновите его и отправьте снова`);
      }
      const outboxId = findOutboxRowId(db, header.id);
      if (outboxId === null) insertOutboxRow(db, { id: uuidv7({ msecs: input.now }), documentId: header.id, now: input.now });
      else resetOutboxRow(db, outboxId, input.now);

      auditDocument(db, {
        at: input.now,
        userId: input.userId,
        action: isResend ? documentAuditActions.resend : documentAuditActions.queue,
        document: header,
        details: {
          lines: sent.length,
          droppedEmptyLines: empty.length,
          totalQty: sent.reduce((sum, line) => sum + line.qty, 0),
          totalAmount: documentTotal(sent),
          ...(isResend ? { previous1cMessage: header.last1cMessage } : {}),
          ...(shortages.length > 0 ? { acceptedShortages: shortages.map(({ productId, characteristicId, available, requested }) => ({ productId, characteristicId, available, requested })) } : {}),
        },
      });
      return { outcome: 'queued', document: readDocument(db, header.id), shortages, warnings };
    })
    .immediate();
}

export type CancelInput = {
  documentId: string;
  userId: string | null;
  now: number;
  /** false for cashiers: they cancel their own drafts, not what was already handed to 1C. Default true. */
  mayCancelSubmitted?: boolean;
};

/**
 * Cancels a draft, a queued document the outbox has not taken yet, or a rejected one; its outbox row
 * becomes 'dead'. A document being sent or already posted cannot be cancelled here (1C has it).
 */
export function cancelDocument(db: AppDb, input: CancelInput): DocumentView {
  return db.sqlite
    .transaction((): DocumentView => {
      const header = requireHeader(db, input.documentId);
      const refusal = cancelRefusals[header.status];
      if (refusal === null && header.status !== 'draft' && input.mayCancelSubmitted === false) {
        throw new AppError('forbidden', `Документ ${header.localNumber} уже передан в 1С: отменить его может менеджер или администратор.`);
      }
      if (refusal !== null || !transition(db, header.id, ['draft', 'queued', 'rejected'], 'cancelled', input.now)) {
        throw new AppError('conflict', refusal ?? `Документ ${header.localNumber} изменился — обновите его`);
      }
      killOutboxRow(db, header.id, input.now);
      auditDocument(db, {
        at: input.now,
        userId: input.userId,
        action: documentAuditActions.cancel,
        document: header,
        // A queued or rejected document may already exist (unposted) in 1C under ref_1c.
        details: { previousStatus: header.status, ref1c: header.ref1c },
      });
      return readDocument(db, header.id);
    })
    .immediate();
}

const cancelRefusals = {
  draft: null,
  queued: null,
  rejected: null,
  sending: 'Документ сейчас отправляется в 1С — отменить его нельзя. Дождитесь ответа 1С',
  posted: 'Документ уже проведён в 1С — отменить его можно только в 1С',
  cancelled: 'Документ уже отменён',
} as const satisfies Record<DocumentStatus, string | null>;

export function getDocument(db: AppDb, id: string): DocumentView {
  return readDocument(db, id);
}

export type DocumentListQuery = { status?: DocumentStatus; kind?: DocumentKind; limit: number; offset: number };

export type DocumentSummary = Pick<
  DocumentView,
  | 'id'
  | 'kind'
  | 'status'
  | 'localNumber'
  | 'number1c'
  | 'date'
  | 'warehouseId'
  | 'warehouseName'
  | 'toWarehouseId'
  | 'toWarehouseName'
  | 'last1cMessage'
  | 'createdAt'
  | 'updatedAt'
  | 'queuedAt'
  | 'postedAt'
  | 'lineCount'
  | 'totalQty'
  | 'totalAmount'
>;

export type DocumentPage = {
  items: DocumentSummary[];
  /** Matching the filters. */
  total: number;
  /** Per status, with the kind filter only (so status tabs show their counts). */
  counts: Record<DocumentStatus, number>;
};

/** Newest first (document date, then id: UUID v7 ids sort by creation). */
export function listDocuments(db: AppDb, query: DocumentListQuery): DocumentPage {
  const filters: string[] = [];
  if (query.status !== undefined) filters.push('d.status = @status');
  if (query.kind !== undefined) filters.push('d.kind = @kind');
  const where = filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : '';
  const bound = Object.fromEntries(
    Object.entries({ status: query.status, kind: query.kind, limit: query.limit, offset: query.offset }).filter(([, v]) => v !== undefined),
  );
  const rows = cachedStatement(
    db,
    `SELECT d.id, d.kind, d.status, d.local_number AS localNumber, d.number_1c AS number1c, d.date,
       d.warehouse_id AS warehouseId, w.name AS warehouseName, d.to_warehouse_id AS toWarehouseId, tw.name AS toWarehouseName,
       d.last_1c_message AS last1cMessage, d.created_at AS createdAt, d.updated_at AS updatedAt,
       d.queued_at AS queuedAt, d.posted_at AS postedAt
     FROM documents d JOIN warehouses w ON w.id = d.warehouse_id LEFT JOIN warehouses tw ON tw.id = d.to_warehouse_id
     ${where} ORDER BY d.date DESC, d.id DESC LIMIT @limit OFFSET @offset`,
  ).all(bound) as Array<Omit<DocumentSummary, 'lineCount' | 'totalQty' | 'totalAmount'>>;

  // Totals in JS with the one rounding rule (lineAmount), from one query over the page's lines.
  const lines = cachedStatement(
    db,
    `SELECT document_id AS documentId, qty, price FROM document_lines
     WHERE document_id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(rows.map((row) => row.id))) as Array<{ documentId: string; qty: number; price: number | null }>;
  const byDocument = new Map<string, Array<{ qty: number; price: number | null }>>();
  for (const line of lines) {
    const list = byDocument.get(line.documentId) ?? [];
    list.push(line);
    byDocument.set(line.documentId, list);
  }
  const items = rows.map((row): DocumentSummary => {
    const own = byDocument.get(row.id) ?? [];
    return {
      ...row,
      lineCount: own.length,
      totalQty: own.reduce((sum, line) => sum + line.qty, 0),
      totalAmount: documentTotal(own),
    };
  });

  const total = cachedStatement(db, `SELECT count(*) FROM documents d ${where}`).pluck().get(bound) as number;
  const counts = Object.fromEntries(documentStatuses.map((status) => [status, 0])) as Record<DocumentStatus, number>;
  const countRows = cachedStatement(
    db,
    `SELECT status, count(*) AS n FROM documents ${query.kind !== undefined ? 'WHERE kind = @kind' : ''} GROUP BY status`,
  ).all(bound) as Array<{ status: DocumentStatus; n: number }>;
  for (const row of countRows) counts[row.status] = row.n;
  return { items, total, counts };
}

export type OutboxDepth = { queued: number; sending: number; rejected: number };

/** Documents waiting for 1C, being sent, and refused by 1C (waiting for the user). */
export function outboxDepth(db: AppDb): OutboxDepth {
  const depth: OutboxDepth = { queued: 0, sending: 0, rejected: 0 };
  const rows = cachedStatement(
    db,
    "SELECT status, count(*) AS n FROM documents WHERE status IN ('queued', 'sending', 'rejected') GROUP BY status",
  ).all() as Array<{ status: keyof OutboxDepth; n: number }>;
  for (const row of rows) depth[row.status] = row.n;
  return depth;
}

// ---------------------------------------------------------------------------------------------

function checkWarehouses(db: AppDb, kind: DocumentKind, warehouseId: number, toWarehouseId: number | null): void {
  const info = kindInfo(kind);
  requireLiveWarehouse(db, warehouseId);
  if (toWarehouseId === null) return;
  if (!info.isDestinationNeeded) {
    throw new AppError('validation', `Склад-получатель указывается только в перемещении, не в документе «${info.title}»`);
  }
  if (toWarehouseId === warehouseId) {
    throw new AppError('validation', 'Склад-получатель должен отличаться от склада-отправителя');
  }
  requireLiveWarehouse(db, toWarehouseId);
}

/** A customer only on kinds that have one (shipments), and one that exists and is not deleted in 1C. */
function checkCustomer(db: AppDb, kind: DocumentKind, customerId: string | null): void {
  if (customerId === null) return;
  if (!hasCustomer(kind)) {
    throw new AppError('validation', `Покупателя указывают только в отгрузке, не в документе «${kindInfo(kind).title}»`, {
      details: [{ path: ['customerId'], message: 'Покупатель указывается только в отгрузке' }],
    });
  }
  const customer = findCustomerRef(db, customerId);
  if (!customer) throw new AppError('not_found', `Покупатель ${customerId} не найден`, { details: [{ path: ['customerId'], message: 'Покупатель не найден' }] });
  if (customer.isDeleted) {
    throw new AppError('validation', `Покупатель «${customer.name}» помечен в 1С на удаление — выберите другого`, {
      details: [{ path: ['customerId'], message: 'Покупатель помечен в 1С на удаление' }],
    });
  }
}

function requireLiveWarehouse(db: AppDb, id: number): void {
  const warehouse = findWarehouse(db, id);
  if (!warehouse) throw new AppError('not_found', `Склад ${id} не найден`);
  if (warehouse.isDeleted) {
    throw new AppError('validation', `Склад «${warehouse.name}» помечен в 1С на удаление — выберите другой склад`);
  }
}

function normalizeComment(comment: string): string {
  const trimmed = comment.trim();
  if (trimmed.length > maxCommentLength) {
    throw new AppError('validation', `Комментарий длиннее ${maxCommentLength} символов`);
  }
  return trimmed;
}

function normalizeCounterparty(ref: string | null): string | null {
  if (ref === null || ref.trim() === '') return null;
  const trimmed = ref.trim().toLowerCase();
  if (!guidPattern.test(trimmed)) throw new AppError('validation', `«${ref}» — не ссылка 1С на контрагента (ожидается GUID)`);
  return trimmed;
}

type SentLine = DocumentView['lines'][number];

function findShortages(db: AppDb, header: DocumentHeader, lines: readonly SentLine[]): StockShortage[] {
  const requested = new Map<string, { line: SentLine; qty: number }>();
  for (const line of lines) {
    const key = `${line.productId}:${line.characteristicId ?? ''}`;
    const entry = requested.get(key);
    if (entry) entry.qty += line.qty;
    else requested.set(key, { line, qty: line.qty });
  }
  const shortages: StockShortage[] = [];
  for (const { line, qty } of requested.values()) {
    const { displayed } = readDisplayedQty(db, {
      productId: line.productId,
      characteristicId: line.characteristicId,
      warehouseId: header.warehouseId,
    });
    if (displayed - qty >= 0) continue;
    shortages.push({
      productId: line.productId,
      characteristicId: line.characteristicId,
      productName: line.productName,
      characteristicName: line.characteristicName,
      unit: line.unit,
      warehouseId: header.warehouseId,
      warehouseName: header.warehouseName,
      available: displayed,
      requested: qty,
      remaining: displayed - qty,
    });
  }
  return shortages;
}

function shortageTitle(s: Pick<StockShortage, 'productName' | 'characteristicName'>): string {
  return s.characteristicName ? `«${s.productName}» (${s.characteristicName})` : `«${s.productName}»`;
}

function describeShortage(s: StockShortage): string {
  return `${shortageTitle(s)}: на складе «${s.warehouseName}» ${qtyWithUnit(s.available, s.unit)}, в документе ${qtyWithUnit(
    s.requested,
    s.unit,
  )} — останется ${qtyWithUnit(s.remaining, s.unit)}`;
}

function qtyWithUnit(thousandths: number, unit: string): string {
  return unit === '' ? formatQty(thousandths) : `${formatQty(thousandths)} ${unit}`;
}

function lineTitle(line: Pick<SentLine, 'lineNo' | 'productName' | 'characteristicName'>): string {
  return `строка ${line.lineNo} ${shortageTitle(line)}`;
}

/** At most five names, then how many more. */
function nameList(names: readonly string[]): string {
  const shown = names.slice(0, 5).join('; ');
  return names.length > 5 ? `${shown}; и ещё ${names.length - 5} поз.` : shown;
}
