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

export type AuditQuery = { from?: number; to?: number; userId?: string; action?: string; text?: string; limit: number; offset: number };

export type AuditRow = { id: number; at: number; userId: string | null; userName: string | null; action: string; details: Record<string, unknown> };

/** Newest first, filtered by time range, user, action prefix and text in the details. */
export function listAudit(db: AppDb, query: AuditQuery): { items: AuditRow[]; total: number } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]): void => {
    where.push(clause);
    params.push(...values);
  };
  if (query.from !== undefined) add('a.at >= ?', query.from);
  if (query.to !== undefined) add('a.at < ?', query.to);
  if (query.userId !== undefined) add('a.user_id = ?', query.userId);
  // LIKE with an escape: an action typed as `document.` must not treat `_` or `%` as wildcards.
  if (query.action) add("a.action LIKE ? ESCAPE '\\'", `${escapeLike(query.action)}%`);
  if (query.text) add("(a.details_json LIKE ? ESCAPE '\\' OR u.name LIKE ? ESCAPE '\\')", `%${escapeLike(query.text)}%`, `%${escapeLike(query.text)}%`);
  const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  const from = 'FROM audit_log a LEFT JOIN users u ON u.id = a.user_id';
  const total = (db.sqlite.prepare(`SELECT count(*) AS n ${from} ${filter}`).get(...params) as { n: number }).n;
  const rows = db.sqlite
    .prepare(`SELECT a.id, a.at, a.user_id AS userId, u.name AS userName, a.action, a.details_json AS detailsJson ${from} ${filter} ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`)
    .all(...params, query.limit, query.offset) as Array<Omit<AuditRow, 'details'> & { detailsJson: string }>;
  return { items: rows.map(({ detailsJson, ...row }) => ({ ...row, details: parseDetails(detailsJson) })), total };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function parseDetails(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { raw: json };
  }
}
