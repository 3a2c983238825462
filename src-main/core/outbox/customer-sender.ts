// Sends customers to 1C exactly once (a new one → POST, a change → PATCH), the catalog counterpart of
// what outbox-sender.ts does for documents (decisions D30).
//
// (1) The attempt is counted, and what it sends remembered, in SQLite before the request leaves.
// (2) A new counterparty is created with our id as its Ref_Key and a marker in its free-text
//     attribute; from the second attempt on (or after 1C deleted the linked one) the sender first asks
//     1C for that key, then that marker, and creates only when neither exists. Before creating, it also
//     asks 1C for a counterparty with the same ИНН: one 1C already has is linked, not duplicated.
// (3) 1C ignores If-Match and moves DataVersion on every write (onec-http.md §3.5), so before a PATCH
//     the sender re-reads the counterparty: a version whose values moved away from what the local edit
//     started from (and from what we sent ourselves) becomes a conflict for a person, never an
//     overwrite. Only the fields that differ are sent.
// (4) A document whose customer is not in 1C yet sends the customer first (sendFirst).
import { z } from 'zod';
import { type AppDb } from '../db/open';
import { isAppError, toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { guidLiteral, stringLiteral } from '../onec/odata-query';
import { type OnecClient, type OnecCustomersSpec } from '../onec/onec';
import { isOnecError } from '../onec/onec-error';
import { backoffDelayMs, type RetryPolicy } from '../onec/retry-policy';
import { type CustomerRecord, type CustomerSyncState, isSameIn1C, threeWay, withSent } from '../customers/customer';
import { findCustomerOutboxRow, holdCustomerSend, rearmCustomerSend } from '../customers/customer-outbox.repo';
import { linkMatched, openConflict, recordRejected, recordSent } from '../customers/customer-sync.service';
import { createBody, type CustomerFrom1C, customerMarker, customerSelect, fromOnecRow, itemsOnlyFilter, patchBody } from '../customers/customer-wire';
import { findCustomer, findCustomerByRef, requireCustomer, updateCustomer } from '../customers/customers.repo';
import { type Outcome, type OutboxConnection } from './outbox-sender';
import { beginAttempt, finishRow, type OutboxRow, readOutboxRow, scheduleRetry, sendingLeaseMs } from './outbox.repo';

const payloadSchema = z.object({ customerId: z.string().min(1) });

export type CustomerSenderDeps = {
  db: AppDb;
  logger: Logger;
  clock: () => number;
  random: () => number;
  retry: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'maxAttempts'>;
  /** After every change of a customer's state (for customers.changed). */
  onChange: (customerId: string) => void;
};

/** What a document needs from its customer before it can go. */
export type CustomerFirst = { kind: 'sent' } | { kind: 'refused'; message: string } | Outcome;

export type CustomerSender = {
  /** One outbox row of kind customer.send. */
  sendRow(connection: OutboxConnection, row: OutboxRow, signal: AbortSignal | undefined): Promise<Outcome>;
  /** Makes sure the customer is in 1C (sending it now if its row waits), for a document that names it. */
  sendFirst(connection: OutboxConnection, customerId: string, signal: AbortSignal | undefined): Promise<CustomerFirst>;
};

export function createCustomerSender(deps: CustomerSenderDeps): CustomerSender {
  const { db, logger } = deps;
  const inTransaction = <T>(work: () => T): T => db.sqlite.transaction(work)();

  async function sendRow(connection: OutboxConnection, row: OutboxRow, signal: AbortSignal | undefined): Promise<Outcome> {
    const now = deps.clock();
    const payload = payloadSchema.safeParse(safeJson(row.payloadJson));
    // A payload we cannot read stays visible as 'dead' (style B5), never silently dropped.
    if (!payload.success) {
      finishRow(db, row.id, 'dead', { code: 'internal', message: 'строка очереди без покупателя' }, now);
      return { kind: 'done' };
    }
    const { customerId } = payload.data;
    const record = findCustomer(db, customerId);
    const spec = connection.profile.customers;
    if (!record || record.syncState === 'synced') {
      finishRow(db, row.id, record ? 'done' : 'dead', null, now);
      return { kind: 'done' };
    }
    if (record.syncState === 'conflict') {
      holdCustomerSend(db, customerId, now);
      return { kind: 'done' };
    }
    if (spec === null) {
      const message = `Профиль 1С «${connection.profile.title}» не знает справочник контрагентов: покупатель сохранён только здесь. Укажите имена справочника в настройках подключения к 1С.`;
      inTransaction(() => {
        recordRejected(db, customerId, message, now);
        finishRow(db, row.id, 'dead', { code: 'rejected', message }, now);
      });
      deps.onChange(customerId);
      return { kind: 'done' };
    }
    const attempt = inTransaction(() => {
      const n = beginAttempt(db, row.id, now);
      if (n !== null) updateCustomer(db, customerId, { sent: withSent(record.sent, record.version) }, now);
      return n;
    });
    if (attempt === null) return { kind: 'busy', until: row.updatedAt + sendingLeaseMs };
    try {
      const state = await push(connection.client, spec, record, attempt, signal);
      if (state === 'queued') {
        // Changed at the counter while 1C took the previous version: the newer one goes next.
        rearmCustomerSend(db, customerId, deps.clock());
      }
      deps.onChange(customerId);
      return { kind: 'done' };
    } catch (err) {
      signal?.throwIfAborted();
      return failed(customerId, row, attempt, err);
    }
  }

  /** The network part of one attempt; every decision is written in its own transaction. Returns the customer's state after it. */
  async function push(client: OnecClient, spec: OnecCustomersSpec, record: CustomerRecord, attempt: number, signal: AbortSignal | undefined): Promise<CustomerSyncState> {
    const id = record.id;
    const read = async (filter: string): Promise<CustomerFrom1C | null> => {
      const page = await client.getCollection(spec.set, { select: customerSelect(spec), filter }, { signal });
      const row = page.rows[0];
      return row ? fromOnecRow(spec, row) : null;
    };
    const byKey = (ref: string) => read(`Ref_Key eq ${guidLiteral(ref)}`);
    const record1c = (answer: CustomerFrom1C): CustomerSyncState => inTransaction(() => recordSent(db, id, answer, record.revision, deps.clock()));

    let remote: CustomerFrom1C | null = null;
    let found: 'linked' | 'ours' | 'inn' = 'linked';
    let isGone = false;
    if (record.ref1c !== null) {
      remote = await byKey(record.ref1c);
      if (remote === null) {
        // Deleted in 1C since (physical DELETE, §3.3): the customer is created again, under our key.
        logger.warn(`outbox: 1C counterparty ${record.ref1c} of customer ${id} is gone; creating it again`);
        inTransaction(() => updateCustomer(db, id, { ref1c: null, dataVersion1c: null, base: null }, deps.clock()));
        isGone = true;
      }
    }
    if (remote === null) {
      found = 'ours';
      // An earlier attempt may have created it and lost the answer (or 1C ignored our key).
      if (attempt > 1 || isGone) remote = (await byKey(id)) ?? (spec.comment !== null ? await read(`substringof(${stringLiteral(customerMarker(id))}, ${spec.comment})`) : null);
      if (remote === null && record.version.inn !== '') {
        found = 'inn';
        remote = await findByInn(client, spec, record, signal);
      }
    }
    if (remote === null) {
      const answer = await create(client, spec, record, signal, byKey);
      return record1c(answer);
    }

    if (found === 'inn') {
      const linked = remote;
      // The customer as it is now (the counter may have changed it while 1C answered).
      return inTransaction(() =>
        linkMatched(db, requireCustomer(db, id), { ref: linked.ref, version: linked.version, dataVersion: linked.dataVersion, isDeleted: linked.isDeleted }, { by: 'inn', userId: null, now: deps.clock() }),
      );
    }
    const remoteVersion = { ...remote.version, country: record.version.country };
    if (found === 'linked') {
      const decision = threeWay(record, { version: remoteVersion, dataVersion: remote.dataVersion });
      if (decision === 'conflict') {
        const conflicting = remote;
        inTransaction(() => openConflict(db, requireCustomer(db, id), { remote: remoteVersion, dataVersion: conflicting.dataVersion, base: record.base, userId: null, now: deps.clock() }));
        return 'conflict';
      }
    }
    // Ours (found by key or marker) or still what the local edit started from: make it equal to the local version.
    if (isSameIn1C(record.version, remoteVersion)) return record1c(remote);
    const body = patchBody(spec, record.version, remote);
    if (Object.keys(body).length === 0) return record1c(remote);
    const result = await client.write('PATCH', `${spec.set}(${guidLiteral(remote.ref)})`, body, { signal });
    const answer = result.entity !== null && typeof result.entity.Ref_Key === 'string' ? fromOnecRow(spec, result.entity) : await byKey(remote.ref);
    if (answer === null) throw new Error('1С не вернула контрагента после изменения');
    return record1c(answer);
  }

  /** POST; a key 1C already has (an earlier attempt created it, §3.6 code 15) is read instead. */
  async function create(client: OnecClient, spec: OnecCustomersSpec, record: CustomerRecord, signal: AbortSignal | undefined, byKey: (ref: string) => Promise<CustomerFrom1C | null>): Promise<CustomerFrom1C> {
    try {
      const result = await client.write('POST', spec.set, createBody(spec, record.id, record.version), { signal });
      if (result.entity !== null && typeof result.entity.Ref_Key === 'string') return fromOnecRow(spec, result.entity);
      const found = await byKey(record.id);
      if (found) return found;
      throw new Error('1С ответила на создание контрагента без ссылки на него');
    } catch (err) {
      if (isOnecError(err) && err.details.kind === 'bad_request' && err.details.onecCode === '15') {
        const found = await byKey(record.id);
        if (found) return found;
      }
      throw err;
    }
  }

  /** A live counterparty with the same ИНН (and КПП, when both have one) that no local customer is linked to. */
  async function findByInn(client: OnecClient, spec: OnecCustomersSpec, record: CustomerRecord, signal: AbortSignal | undefined): Promise<CustomerFrom1C | null> {
    const items = itemsOnlyFilter(spec);
    const byInn = `${spec.inn} eq ${stringLiteral(record.version.inn)}`;
    const page = await client.getCollection(spec.set, { select: customerSelect(spec), filter: items ? `${items} and ${byInn}` : byInn, top: 20 }, { signal });
    for (const row of page.rows) {
      const candidate = fromOnecRow(spec, row);
      if (candidate.isDeleted || candidate.isFolder) continue;
      if (record.version.kpp !== '' && candidate.version.kpp !== '' && candidate.version.kpp !== record.version.kpp) continue;
      if (findCustomerByRef(db, candidate.ref) !== null) continue;
      return candidate;
    }
    return null;
  }

  function failed(customerId: string, row: OutboxRow, attempt: number, err: unknown): Outcome {
    const now = deps.clock();
    if (isOnecError(err) && err.details.kind === 'auth') {
      // Wrong password: nothing is lost by waiting; the queue resumes when credentials change.
      scheduleRetry(db, row.id, now, { code: 'auth', message: err.message }, now);
      return { kind: 'paused', pause: { reason: 'auth', message: err.message } };
    }
    if (isOnecError(err) && !err.details.isRetryable) {
      // 1C refused: the counter sees 1C's words, fixes the customer and an edit sends it again.
      const message = err.details.onecMessage ?? err.message;
      inTransaction(() => {
        recordRejected(db, customerId, message, now);
        finishRow(db, row.id, 'dead', { code: err.details.kind, message }, now);
      });
      deps.onChange(customerId);
      return { kind: 'done' };
    }
    if (!isOnecError(err) && !isAppError(err)) logger.error(`outbox: sending customer ${customerId} failed: ${toLogFormat(err)}`);
    const error = err instanceof Error ? err : new Error(String(err));
    const retryAfter = isOnecError(err) ? (err.details.retryAfterMs ?? 0) : 0;
    const wait = Math.max(retryAfter, backoffDelayMs(attempt, deps.retry, deps.random));
    scheduleRetry(db, row.id, now + wait, { code: isOnecError(err) ? err.details.kind : 'internal', message: error.message }, now);
    logger.warn(`outbox: customer ${customerId} attempt ${attempt} failed (${isOnecError(err) ? err.details.kind : 'internal'}); next in ${wait} ms`);
    return { kind: 'retry', error };
  }

  async function sendFirst(connection: OutboxConnection, customerId: string, signal: AbortSignal | undefined): Promise<CustomerFirst> {
    const before = findCustomer(db, customerId);
    if (!before) return { kind: 'refused', message: 'Покупатель документа не найден: выберите покупателя заново.' };
    if (before.ref1c !== null) return { kind: 'sent' };
    const waiting = findCustomerOutboxRow(db, customerId);
    if (waiting !== null && (waiting.status === 'pending' || waiting.status === 'sending')) {
      const now = deps.clock();
      if (waiting.status === 'pending' && waiting.nextAttemptAt > now) {
        // The customer waits for 1C (backoff): so does the document.
        return { kind: 'retry', error: new Error(waiting.lastErrorMessage ?? 'ждёт отправки покупателя в 1С') };
      }
      const row = readOutboxRow(db, waiting.id);
      const outcome = row ? await sendRow(connection, row, signal) : ({ kind: 'done' } as const);
      if (findCustomer(db, customerId)?.ref1c) return { kind: 'sent' };
      if (outcome.kind !== 'done') return outcome;
    }
    const after = findCustomer(db, customerId) ?? before;
    if (after.ref1c !== null) return { kind: 'sent' };
    const reason = after.last1cMessage ? `: 1С отказала: ${after.last1cMessage}` : '';
    return { kind: 'refused', message: `Покупатель «${after.version.name}» не передан в 1С${reason}. Исправьте покупателя — затем отправьте документ снова.` };
  }

  return { sendRow, sendFirst };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
