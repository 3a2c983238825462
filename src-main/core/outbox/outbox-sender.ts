// Sends queued documents to 1C exactly once (architecture §4, onec-http.md §3): create, then Post.
//
// Exactly once rests on three rules. (1) The attempt is counted in SQLite before the request leaves.
// (2) A document is created with our id as its Ref_Key and a marker in its comment; from the second
// attempt on, the sender first asks 1C for that key, then for that marker, and creates the document
// only when neither exists (an attempt whose answer was lost, or a 1C that ignored our key). (3) Once
// 1C's ref is known it is stored before posting; from then on the sender re-reads the 1C document and
// posts it only if 1C says it is not posted yet. Rows go strictly in queue order: when the head must
// wait (1C unreachable), everything behind it waits too, so documents reach 1C in the order they
// were made (a receipt before the sale of what it received).
import { type AppDb } from '../db/open';
import { isAppError, toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { guidLiteral, stringLiteral } from '../onec/odata-query';
import { type OnecClient, type OnecDocumentSpec, type OnecError, type OnecProfile, type OnecRow } from '../onec/onec';
import { isOnecError } from '../onec/onec-error';
import { backoffDelayMs, type RetryPolicy } from '../onec/retry-policy';
import { barcodeLinkKind, type BarcodeLinkPayload, sendBarcodeLink } from './barcode-link';
import { buildDocumentBody, type DocumentFor1C, prilavokMarker } from './document-body';
import { readOutgoingDocument } from './document-for-1c.repo';
import { kindInfo } from '../documents/document-kinds';
import { customerSendKind, findCustomerOutboxRow } from '../customers/customer-outbox.repo';
import { createCustomerSender } from './customer-sender';
import { beginAttempt, finishRow, type OutboxRow, readHeadRow, recoverInterruptedRows, scheduleRetry, sendingLeaseMs } from './outbox.repo';

/** What the sender changes on the document itself (the documents service owns those rows and the audit). */
export type DocumentTransitions = {
  markSending(id: string, now: number): void;
  markCreated(id: string, created: { ref1c: string; number1c: string | null }, now: number): void;
  markPosted(id: string, now: number): void;
  markRejected(id: string, message: string, now: number): void;
  requeueAfterFailure(id: string, message: string, now: number): void;
};

/** A connection to 1C for one drain: the client, the profile, and the organization to put on documents. */
export type OutboxConnection = { client: OnecClient; profile: OnecProfile; organizationRef: string | null; close(): Promise<void> };

export type OutboxPause = { reason: 'auth' | 'not_configured'; message: string };

export type DrainResult =
  | { state: 'idle'; sent: number }
  | { state: 'waiting'; sent: number; until: number; lastError: string }
  | { state: 'paused'; sent: number; pause: OutboxPause };

export type OutboxSenderDeps = {
  db: AppDb;
  documents: DocumentTransitions;
  /** Opens a connection (client + profile); throws AppError when 1C is not configured. */
  connect(): Promise<OutboxConnection>;
  logger: Logger;
  clock: () => number;
  random?: () => number;
  /** Backoff between attempts of one document: full jitter, capped. */
  retry?: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;
  /** After every change of a document's state (for events). */
  onChange?: (documentId: string) => void;
  /** After every change of a customer's state (for events). */
  onCustomerChange?: (customerId: string) => void;
};

/** 2 s doubling up to 5 min: a 1C restart takes minutes, and a store may be offline for hours. */
export const defaultOutboxRetry = { baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };

/** Documents handled in one drain at most (style B5: cap loops); the caller drains again. */
const maxDocumentsPerDrain = 10_000;

/** How one row's turn ended (exported for the customer sender, which handles its own rows). */
export type Outcome =
  | { kind: 'done' }
  | { kind: 'retry'; error: OnecError | Error }
  | { kind: 'busy'; until: number }
  | { kind: 'paused'; pause: OutboxPause };

export type OutboxSender = {
  /** Sends due documents in queue order until the queue is empty, the head must wait, or 1C asks for credentials. */
  drain(signal?: AbortSignal): Promise<DrainResult>;
  /** Call once at startup: rows a killed process left 'sending' become pending again. */
  recover(): number;
};

export function createOutboxSender(deps: OutboxSenderDeps): OutboxSender {
  const { db, documents, logger } = deps;
  const random = deps.random ?? Math.random;
  const retry = { maxAttempts: Number.MAX_SAFE_INTEGER, ...(deps.retry ?? defaultOutboxRetry) };
  const changed = (id: string): void => deps.onChange?.(id);
  const customers = createCustomerSender({ db, logger, clock: deps.clock, random, retry, onChange: (id) => deps.onCustomerChange?.(id) });

  async function drain(signal?: AbortSignal): Promise<DrainResult> {
    let sent = 0;
    let connection: OutboxConnection | null = null;
    try {
      for (let i = 0; i < maxDocumentsPerDrain; i += 1) {
        signal?.throwIfAborted();
        const row = readHeadRow(db);
        if (!row) return { state: 'idle', sent };
        const now = deps.clock();
        if (row.nextAttemptAt > now) return { state: 'waiting', sent, until: row.nextAttemptAt, lastError: row.lastErrorMessage ?? '' };
        if (connection === null) {
          try {
            connection = await deps.connect();
          } catch (err) {
            // Connecting already talks to 1C (the profile may be detected from $metadata): its failures
            // mean what they mean for a send. Wrong password → pause; 1C unreachable → back off.
            if (isOnecError(err) && err.details.kind === 'auth') return { state: 'paused', sent, pause: { reason: 'auth', message: err.message } };
            if (isOnecError(err) && err.details.isRetryable) {
              const wait = Math.max(err.details.retryAfterMs ?? 0, backoffDelayMs(row.attempts + 1, retry, random));
              scheduleRetry(db, row.id, now + wait, { code: err.details.kind, message: err.message }, now);
              return { state: 'waiting', sent, until: now + wait, lastError: err.message };
            }
            const message = isAppError(err) ? err.message : 'Не удалось подключиться к 1С.';
            if (!isAppError(err)) logger.error(`outbox: connect failed: ${toLogFormat(err)}`);
            return { state: 'paused', sent, pause: { reason: 'not_configured', message } };
          }
        }
        const outcome = await sendOne(connection, row, signal);
        if (outcome.kind === 'paused') return { state: 'paused', sent, pause: outcome.pause };
        if (outcome.kind === 'busy') return { state: 'waiting', sent, until: outcome.until, lastError: 'документ отправляет другой экземпляр программы' };
        if (outcome.kind === 'retry') {
          const head = readHeadRow(db);
          return { state: 'waiting', sent, until: head?.nextAttemptAt ?? deps.clock(), lastError: outcome.error.message };
        }
        sent += 1;
      }
      return { state: 'waiting', sent, until: deps.clock(), lastError: '' };
    } finally {
      await connection?.close();
    }
  }

  async function sendOne(connection: OutboxConnection, row: OutboxRow, signal: AbortSignal | undefined): Promise<Outcome> {
    if (row.kind === barcodeLinkKind) return sendBarcode(connection, row, signal);
    if (row.kind === customerSendKind) return customers.sendRow(connection, row, signal);
    const documentId = row.documentId;
    const startedAt = deps.clock();
    if (documentId === null) {
      finishRow(db, row.id, 'dead', { code: 'internal', message: 'строка очереди без документа' }, startedAt);
      return { kind: 'done' };
    }
    let outgoing = readOutgoingDocument(db, documentId, connection.organizationRef);
    if (!outgoing || outgoing.status === 'cancelled' || outgoing.status === 'posted') {
      finishRow(db, row.id, outgoing?.status === 'posted' ? 'done' : 'dead', null, startedAt);
      return { kind: 'done' };
    }
    const refuse = (message: string): Outcome => {
      db.sqlite.transaction(() => {
        documents.markRejected(documentId, message, deps.clock());
        finishRow(db, row.id, 'dead', { code: 'rejected', message }, deps.clock());
      })();
      changed(documentId);
      return { kind: 'done' };
    };
    if (outgoing.customer !== null && outgoing.customer.ref1c === null) {
      // The customer was registered here and is not in 1C yet: it goes first, the document waits for it.
      const first = await customers.sendFirst(connection, outgoing.customer.id, signal);
      if (first.kind === 'refused') return refuse(first.message);
      if (first.kind !== 'sent' && first.kind !== 'done') {
        if (first.kind === 'retry') {
          const customerRow = findCustomerOutboxRow(db, outgoing.customer.id);
          const until = Math.max(customerRow?.nextAttemptAt ?? startedAt, startedAt);
          scheduleRetry(db, row.id, until, { code: 'customer', message: `ждёт отправки покупателя в 1С: ${first.error.message}` }, startedAt);
        }
        return first;
      }
      outgoing = readOutgoingDocument(db, documentId, connection.organizationRef);
      if (!outgoing || outgoing.customer?.ref1c === null) return refuse('Покупатель документа не передан в 1С. Исправьте покупателя — затем отправьте документ снова.');
    }
    const spec = connection.profile.documents[outgoing.kind];
    if (spec === null) return refuse(`Профиль 1С «${connection.profile.title}» не принимает документы этого вида: укажите имя документа в настройках профиля 1С.`);
    if (outgoing.body === null) return refuse(outgoing.problems.join(' '));
    const body = outgoing.body;

    let attempt: number | null;
    try {
      attempt = db.sqlite.transaction(() => {
        const n = beginAttempt(db, row.id, startedAt);
        if (n !== null) documents.markSending(documentId, startedAt);
        return n;
      })();
    } catch (err) {
      // The user cancelled (or otherwise moved) the document between reading and sending: nothing to send.
      if (!isAppError(err) || err.code !== 'conflict') throw err;
      finishRow(db, row.id, 'dead', { code: 'conflict', message: err.message }, startedAt);
      return { kind: 'done' };
    }
    if (attempt === null) {
      // Another sender (the app, or `prilavok outbox --send`) is sending this document: wait for it.
      return { kind: 'busy', until: row.updatedAt + sendingLeaseMs };
    }
    changed(documentId);
    const { client } = connection;
    try {
      let ref = outgoing.ref1c;
      if (ref !== null) {
        const current = await readByKey(client, spec, ref, signal);
        if (current?.Posted === true) return finishPosted(documentId, row.id);
        if (current === null) {
          // Deleted in 1C since we created it (physical DELETE, §3.3): create it again under our key.
          logger.warn(`outbox: 1C document ${ref} of ${documentId} is gone; creating it again`);
          ref = null;
        } else {
          // Not posted yet (a refused or interrupted post): make it equal to the local document, then post.
          await client.write('PATCH', `${spec.set}(${guidLiteral(ref)})`, buildDocumentBody(spec, body, { forPatch: true }), { signal });
        }
      }
      if (ref === null) {
        const found = attempt > 1 || outgoing.ref1c !== null ? await lookUp(client, spec, body, signal) : null;
        if (found?.Posted === true) {
          recordCreated(documentId, found);
          return finishPosted(documentId, row.id);
        }
        const created = found ?? (await create(client, spec, body, signal));
        ref = recordCreated(documentId, created);
      }
      // A draft kind (supplier order) is done once written: the manager posts it in 1C.
      if (kindInfo(outgoing.kind).isPostedIn1C) {
        await client.write('POST', `${spec.set}(${guidLiteral(ref)})/Post`, undefined, { signal, query: { params: { PostingModeOperational: 'false' } } });
      }
      return finishPosted(documentId, row.id);
    } catch (err) {
      signal?.throwIfAborted();
      return failed(documentId, row, attempt, err);
    }
  }

  /** A barcode-register record (barcode-link.ts); failures worth retrying back off like a document's. */
  async function sendBarcode(connection: OutboxConnection, row: OutboxRow, signal: AbortSignal | undefined): Promise<Outcome> {
    const now = deps.clock();
    const attempt = beginAttempt(db, row.id, now);
    if (attempt === null) return { kind: 'busy', until: row.updatedAt + sendingLeaseMs };
    try {
      const outcome = await sendBarcodeLink(db, connection.client, connection.profile, JSON.parse(row.payloadJson) as BarcodeLinkPayload, signal);
      finishRow(db, row.id, outcome.kind === 'done' ? 'done' : 'dead', outcome.kind === 'done' ? null : { code: 'rejected', message: outcome.message }, deps.clock());
      if (outcome.kind === 'refused') logger.warn(`outbox: barcode record refused: ${outcome.message}`);
      return { kind: 'done' };
    } catch (err) {
      signal?.throwIfAborted();
      if (isOnecError(err) && err.details.kind === 'auth') {
        scheduleRetry(db, row.id, deps.clock(), { code: 'auth', message: err.message }, deps.clock());
        return { kind: 'paused', pause: { reason: 'auth', message: err.message } };
      }
      if (isOnecError(err) && !err.details.isRetryable) {
        finishRow(db, row.id, 'dead', { code: err.details.kind, message: err.details.onecMessage ?? err.message }, deps.clock());
        return { kind: 'done' };
      }
      const error = err instanceof Error ? err : new Error(String(err));
      const wait = backoffDelayMs(attempt, retry, random);
      scheduleRetry(db, row.id, deps.clock() + wait, { code: isOnecError(err) ? err.details.kind : 'internal', message: error.message }, deps.clock());
      return { kind: 'retry', error };
    }
  }

  /** POST; a key 1C already has (an earlier attempt created it, §3.6 code 15) is looked up instead. */
  async function create(client: OnecClient, spec: OnecDocumentSpec, body: DocumentFor1C, signal: AbortSignal | undefined): Promise<OnecRow> {
    try {
      const result = await client.write('POST', spec.set, buildDocumentBody(spec, body), { signal });
      if (result.entity === null || typeof result.entity.Ref_Key !== 'string') {
        // Created, but the answer says nothing usable: find it by its key or marker.
        const found = await lookUp(client, spec, body, signal);
        if (found) return found;
        throw new Error('1С ответила на создание документа без ссылки на него');
      }
      return result.entity;
    } catch (err) {
      if (isOnecError(err) && err.details.kind === 'bad_request' && err.details.onecCode === '15') {
        const found = await lookUp(client, spec, body, signal);
        if (found) return found;
      }
      throw err;
    }
  }

  function recordCreated(documentId: string, entity: OnecRow): string {
    const ref = String(entity.Ref_Key);
    const number = typeof entity.Number === 'string' ? entity.Number.trim() : null;
    documents.markCreated(documentId, { ref1c: ref, number1c: number }, deps.clock());
    changed(documentId);
    return ref;
  }

  function finishPosted(documentId: string, rowId: string): Outcome {
    db.sqlite.transaction(() => {
      documents.markPosted(documentId, deps.clock());
      finishRow(db, rowId, 'done', null, deps.clock());
    })();
    changed(documentId);
    return { kind: 'done' };
  }

  function failed(documentId: string, row: OutboxRow, attempt: number, err: unknown): Outcome {
    const now = deps.clock();
    if (isOnecError(err)) {
      const { kind } = err.details;
      if (kind === 'auth') {
        // Wrong password: nothing is lost by waiting; the queue resumes when credentials change.
        db.sqlite.transaction(() => {
          documents.requeueAfterFailure(documentId, err.message, now);
          scheduleRetry(db, row.id, now, { code: kind, message: err.message }, now);
        })();
        changed(documentId);
        return { kind: 'paused', pause: { reason: 'auth', message: err.message } };
      }
      if (!err.details.isRetryable) {
        // 1C refused (business, -1) or cannot take this request as it is (rights, not found, bad request):
        // the user sees 1C's words, fixes the document or the settings, and sends it again.
        const message = err.details.onecMessage ?? err.message;
        db.sqlite.transaction(() => {
          documents.markRejected(documentId, message, now);
          finishRow(db, row.id, 'dead', { code: kind, message }, now);
        })();
        changed(documentId);
        return { kind: 'done' };
      }
    } else {
      logger.error(`outbox: sending ${documentId} failed: ${toLogFormat(err)}`);
    }
    const error = err instanceof Error ? err : new Error(String(err));
    const retryAfter = isOnecError(err) ? (err.details.retryAfterMs ?? 0) : 0;
    const wait = Math.max(retryAfter, backoffDelayMs(attempt, retry, random));
    db.sqlite.transaction(() => {
      documents.requeueAfterFailure(documentId, error.message, now);
      scheduleRetry(db, row.id, now + wait, { code: isOnecError(err) ? err.details.kind : 'internal', message: error.message }, now);
    })();
    changed(documentId);
    logger.warn(`outbox: ${documentId} attempt ${attempt} failed (${isOnecError(err) ? err.details.kind : 'internal'}); next in ${wait} ms`);
    return { kind: 'retry', error };
  }

  return { drain, recover: () => recoverInterruptedRows(db, deps.clock()) };
}

const lookupFields = ['Ref_Key', 'Number', 'Posted', 'DeletionMark'];

async function readByKey(client: OnecClient, spec: OnecDocumentSpec, ref: string, signal: AbortSignal | undefined): Promise<OnecRow | null> {
  const page = await client.getCollection(spec.set, { filter: `Ref_Key eq ${guidLiteral(ref)}`, select: lookupFields }, { signal });
  return page.rows[0] ?? null;
}

/** The 1C document an earlier attempt created: by our key first, then by the marker in its comment. */
async function lookUp(client: OnecClient, spec: OnecDocumentSpec, body: DocumentFor1C, signal: AbortSignal | undefined): Promise<OnecRow | null> {
  const byKey = await readByKey(client, spec, body.id, signal);
  if (byKey) return byKey;
  const page = await client.getCollection(spec.set, { filter: `substringof(${stringLiteral(prilavokMarker(body.id))}, ${spec.comment})`, select: lookupFields }, { signal });
  const live = page.rows.filter((r) => r.DeletionMark !== true);
  return live[0] ?? null;
}
