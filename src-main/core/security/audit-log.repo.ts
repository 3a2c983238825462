// audit_log: who did what, when. Append-only (migration 0001 has triggers refusing UPDATE and DELETE),
// so this module only inserts. Callers write the row inside the transaction of the action it records,
// so an action and its audit row commit or roll back together.
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';

export type AuditEntry = {
  /** Epoch ms. */
  at: number;
  /** Local user id; null for the system (e.g. the outbox sender acting on 1C's answer). */
  userId: string | null;
  /** `<domain>.<verb>`, e.g. `document.queue`. */
  action: string;
  /** Stored as JSON; keep it small and free of secrets. */
  details: Record<string, unknown>;
};

/** Appends one row and returns its id. */
export function appendAudit(db: AppDb, entry: AuditEntry): number {
  const result = cachedStatement(db, 'INSERT INTO audit_log (at, user_id, action, details_json) VALUES (?, ?, ?, ?)').run(
    entry.at,
    entry.userId,
    entry.action,
    JSON.stringify(entry.details),
  );
  return Number(result.lastInsertRowid);
}
