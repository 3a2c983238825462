// The customer's row in the outbox: one per customer (idempotency key `customer:<id>`), written in the
// same transaction as the change it sends, so a change is never lost between the two. It carries no
// copy of the fields: the sender reads the customer as it is when it sends, and sends what differs.
import { v7 as uuidv7 } from 'uuid';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';

export const customerSendKind = 'customer.send';

export type CustomerSendPayload = { customerId: string };

export function customerOutboxKey(customerId: string): string {
  return `customer:${customerId}`;
}

export type CustomerOutboxRow = { id: string; status: 'pending' | 'sending' | 'done' | 'dead' | 'paused'; nextAttemptAt: number; lastErrorMessage: string | null };

export function findCustomerOutboxRow(db: AppDb, customerId: string): CustomerOutboxRow | null {
  const row = cachedStatement(db, 'SELECT id, status, next_attempt_at AS nextAttemptAt, last_error_message AS lastErrorMessage FROM outbox WHERE idempotency_key = ?').get(
    customerOutboxKey(customerId),
  ) as CustomerOutboxRow | undefined;
  return row ?? null;
}

/**
 * Makes the customer's send due now. A row still waiting keeps its place in the queue (documents
 * queued after it may need the customer first); one being sent is left to its sender, which sees the
 * new revision and sends again; a finished, refused or held row starts over at the end of the queue.
 */
export function queueCustomerSend(db: AppDb, customerId: string, now: number): void {
  const row = findCustomerOutboxRow(db, customerId);
  if (row === null) {
    cachedStatement(
      db,
      `INSERT INTO outbox (id, kind, document_id, payload_json, idempotency_key, status, attempts, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, NULL, ?, ?, 'pending', 0, ?, ?, ?)`,
    ).run(uuidv7({ msecs: now }), customerSendKind, JSON.stringify({ customerId } satisfies CustomerSendPayload), customerOutboxKey(customerId), now, now, now);
    return;
  }
  if (row.status === 'sending') return;
  if (row.status === 'pending') {
    cachedStatement(db, 'UPDATE outbox SET next_attempt_at = min(next_attempt_at, ?), updated_at = ? WHERE id = ?').run(now, now, row.id);
    return;
  }
  cachedStatement(
    db,
    `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error_code = NULL, last_error_message = NULL,
       created_at = ?, updated_at = ? WHERE id = ?`,
  ).run(now, now, now, row.id);
}

/** Holds the send while a conflict waits for a person (a held row is not sent, and blocks nothing behind it). */
export function holdCustomerSend(db: AppDb, customerId: string, now: number): void {
  cachedStatement(db, "UPDATE outbox SET status = 'paused', updated_at = ? WHERE idempotency_key = ? AND status IN ('pending', 'sending')").run(now, customerOutboxKey(customerId));
}

/** Nothing left to send (1C already holds what the counter wants). */
export function completeCustomerSend(db: AppDb, customerId: string, now: number): void {
  cachedStatement(db, "UPDATE outbox SET status = 'done', last_error_code = NULL, last_error_message = NULL, updated_at = ? WHERE idempotency_key = ? AND status <> 'done'").run(
    now,
    customerOutboxKey(customerId),
  );
}

/**
 * The sender, still holding the row as 'sending', learns the counter changed the customer while 1C
 * took the previous version: the row is due again at once, in its place in the queue.
 */
export function rearmCustomerSend(db: AppDb, customerId: string, now: number): void {
  cachedStatement(db, "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error_code = NULL, last_error_message = NULL, updated_at = ? WHERE idempotency_key = ?").run(
    now,
    now,
    customerOutboxKey(customerId),
  );
}

/** Whether the outbox is sending this customer right now (its answer is not in yet). */
export function isCustomerBeingSent(db: AppDb, customerId: string): boolean {
  return findCustomerOutboxRow(db, customerId)?.status === 'sending';
}
