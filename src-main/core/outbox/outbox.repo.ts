// The outbox rows (architecture §4): one per document on its way to 1C, written by the documents
// service in the same transaction as the document. The sender takes them strictly in queue order;
// every attempt is counted in the row BEFORE the request leaves, so after a crash the next attempt
// knows an earlier one may have reached 1C and looks the document up before creating it again.
import { type AppDb } from '../db/open';

export type OutboxRow = {
  id: string;
  /** 'document.send' (documentId set) or 'barcode.link' (payloadJson). */
  kind: string;
  documentId: string | null;
  payloadJson: string;
  status: 'pending' | 'sending' | 'done' | 'dead' | 'paused';
  attempts: number;
  nextAttemptAt: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  createdAt: number;
  updatedAt: number;
};

const columns = `id, kind, document_id AS documentId, payload_json AS payloadJson, status, attempts, next_attempt_at AS nextAttemptAt,
  last_error_code AS lastErrorCode, last_error_message AS lastErrorMessage, created_at AS createdAt, updated_at AS updatedAt`;

/** The first row still to send, in queue order (due or not: later rows wait behind it, so documents reach 1C in order). */
export function readHeadRow(db: AppDb): OutboxRow | null {
  const row = db.sqlite
    .prepare(`SELECT ${columns} FROM outbox WHERE status IN ('pending', 'sending') ORDER BY created_at, rowid LIMIT 1`)
    .get() as OutboxRow | undefined;
  return row ?? null;
}

export function readOutboxRow(db: AppDb, id: string): OutboxRow | null {
  return (db.sqlite.prepare(`SELECT ${columns} FROM outbox WHERE id = ?`).get(id) as OutboxRow | undefined) ?? null;
}

/** After a crash or kill, rows left 'sending' are pending again (their attempts stay counted). */
export function recoverInterruptedRows(db: AppDb, now: number): number {
  return db.sqlite.prepare("UPDATE outbox SET status = 'pending', updated_at = ? WHERE status = 'sending'").run(now).changes;
}

/**
 * How long a row another sender marked 'sending' is left to it (the app and `prilavok outbox --send`
 * may run at once): longer than any single request may take (timeouts ≤ 90 s), so a live sender is
 * never overtaken, while a row a killed process left behind is taken over after it.
 */
export const sendingLeaseMs = 5 * 60_000;

/**
 * Claims the row for one attempt: counts the attempt and marks it 'sending'. Returns the attempt's
 * number (1 for the first ever), or null when another sender holds the row (see sendingLeaseMs).
 */
export function beginAttempt(db: AppDb, id: string, now: number): number | null {
  const row = db.sqlite
    .prepare(
      `UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ?
       WHERE id = ? AND (status = 'pending' OR (status = 'sending' AND updated_at <= ?)) RETURNING attempts`,
    )
    .get(now, id, now - sendingLeaseMs) as { attempts: number } | undefined;
  return row ? row.attempts : null;
}

export function finishRow(db: AppDb, id: string, status: 'done' | 'dead', error: { code: string; message: string } | null, now: number): void {
  db.sqlite
    .prepare('UPDATE outbox SET status = ?, last_error_code = ?, last_error_message = ?, updated_at = ? WHERE id = ?')
    .run(status, error?.code ?? null, error?.message ?? null, now, id);
}

/** Back to 'pending', due at `nextAttemptAt`, with what went wrong. */
export function scheduleRetry(db: AppDb, id: string, nextAttemptAt: number, error: { code: string; message: string }, now: number): void {
  db.sqlite
    .prepare("UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error_code = ?, last_error_message = ?, updated_at = ? WHERE id = ?")
    .run(nextAttemptAt, error.code, error.message, now, id);
}

/** Makes every waiting row due now (1C is back, or the user pressed "send now"). */
export function makeDueNow(db: AppDb, now: number): void {
  db.sqlite.prepare("UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending' AND next_attempt_at > ?").run(now, now);
}

export type OutboxCounts = { pending: number; sending: number; done: number; dead: number };

export function countOutbox(db: AppDb): OutboxCounts {
  const counts: OutboxCounts = { pending: 0, sending: 0, done: 0, dead: 0 };
  for (const row of db.sqlite.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as { status: string; n: number }[]) {
    if (row.status in counts) counts[row.status as keyof OutboxCounts] = row.n;
  }
  return counts;
}
