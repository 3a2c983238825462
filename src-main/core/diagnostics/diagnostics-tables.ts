// The database tables of the diagnostics export as CSV: the newest rows of sync_runs, outbox and
// audit_log. CSV so support can open them in Excel: UTF-8 with a BOM (Excel otherwise reads
// Cyrillic as cp1251), CRLF, every cell quoted (a redaction mark can then never merge two cells).
import { type AppDb } from '../db/open';

export type Redactor = (text: string) => string;

export type CsvTable = { csv: string; rows: number; total: number };

type Cell = string | number | null;

/** Epoch ms as ISO 8601 UTC; app.json gives the time zone. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Every cell redacted on its own (a JSON value inside a cell is still plain JSON here), then quoted. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>, redact: Redactor): string {
  const cell = (value: Cell): string => `"${(value === null ? '' : redact(String(value))).replace(/"/g, '""')}"`;
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

function count(db: AppDb, table: string): number {
  return Number(db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
}

type SyncRunRow = {
  id: string;
  job: string;
  status: string;
  startedAt: number;
  finishedAt: number | null;
  countsJson: string;
  bytes: number;
  errorCode: string | null;
  errorMessage: string | null;
};

/** Newest runs first, with their errors (1C's own text as stored). */
export function syncRunsCsv(db: AppDb, maxRows: number, redact: Redactor): CsvTable {
  const rows = db.sqlite
    .prepare(
      `SELECT id, job, status, started_at AS startedAt, finished_at AS finishedAt, counts_json AS countsJson, bytes,
              error_code AS errorCode, error_message AS errorMessage
       FROM sync_runs ORDER BY started_at DESC, id DESC LIMIT ?`,
    )
    .all(maxRows) as SyncRunRow[];
  const header = ['id', 'job', 'status', 'started_at', 'finished_at', 'duration_ms', 'counts_json', 'bytes', 'error_code', 'error_message'];
  const cells = rows.map((r) => [
    r.id,
    r.job,
    r.status,
    isoTime(r.startedAt),
    isoTime(r.finishedAt),
    r.finishedAt === null ? null : r.finishedAt - r.startedAt,
    r.countsJson,
    r.bytes,
    r.errorCode,
    r.errorMessage,
  ]);
  return { csv: toCsv(header, cells, redact), rows: rows.length, total: count(db, 'sync_runs') };
}

type OutboxRow = {
  id: string;
  kind: string;
  documentId: string | null;
  documentKind: string | null;
  documentNumber: string | null;
  documentStatus: string | null;
  number1c: string | null;
  payloadJson: string;
  idempotencyKey: string;
  status: string;
  attempts: number;
  nextAttemptAt: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  createdAt: number;
  updatedAt: number;
};

/**
 * Fields of a payload that may leave the machine, per outbox kind. Today 'document.send' carries
 * '{}' (the body is built from the document when sent) and 'barcode.link' a code and two local ids;
 * a kind added later shows only its size until it is listed here.
 */
const payloadFields: Record<string, readonly string[]> = {
  'document.send': [],
  'barcode.link': ['code', 'productId', 'characteristicId'],
};

function payloadSummary(kind: string, json: string): string {
  const fields = payloadFields[kind] ?? [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return '';
  }
  if (typeof value !== 'object' || value === null) return '';
  const picked = Object.fromEntries(fields.filter((f) => f in value).map((f) => [f, (value as Record<string, unknown>)[f]]));
  return JSON.stringify(picked);
}

/** Rows still to send (and dead ones) first, then the latest done; payloads only as payloadSummary allows. */
export function outboxCsv(db: AppDb, maxRows: number, redact: Redactor): CsvTable {
  const rows = db.sqlite
    .prepare(
      `SELECT o.id, o.kind, o.document_id AS documentId, d.kind AS documentKind, d.local_number AS documentNumber,
              d.status AS documentStatus, d.number_1c AS number1c, o.payload_json AS payloadJson,
              o.idempotency_key AS idempotencyKey, o.status, o.attempts, o.next_attempt_at AS nextAttemptAt,
              o.last_error_code AS lastErrorCode, o.last_error_message AS lastErrorMessage,
              o.created_at AS createdAt, o.updated_at AS updatedAt
       FROM outbox o LEFT JOIN documents d ON d.id = o.document_id
       ORDER BY o.status = 'done', o.updated_at DESC, o.id DESC LIMIT ?`,
    )
    .all(maxRows) as OutboxRow[];
  const header = [
    'id', 'kind', 'document_id', 'document_kind', 'document_number', 'document_status', 'number_1c', 'payload', 'payload_bytes',
    'idempotency_key', 'status', 'attempts', 'next_attempt_at', 'last_error_code', 'last_error_message', 'created_at', 'updated_at',
  ];
  const cells = rows.map((r) => [
    r.id,
    r.kind,
    r.documentId,
    r.documentKind,
    r.documentNumber,
    r.documentStatus,
    r.number1c,
    payloadSummary(r.kind, r.payloadJson),
    Buffer.byteLength(r.payloadJson, 'utf8'),
    r.idempotencyKey,
    r.status,
    r.attempts,
    isoTime(r.nextAttemptAt),
    r.lastErrorCode,
    r.lastErrorMessage,
    isoTime(r.createdAt),
    isoTime(r.updatedAt),
  ]);
  return { csv: toCsv(header, cells, redact), rows: rows.length, total: count(db, 'outbox') };
}

type AuditRow = { id: number; at: number; userId: string | null; userName: string | null; action: string; detailsJson: string };

/** Newest first; the user's name, never the PIN hash. */
export function auditLogCsv(db: AppDb, maxRows: number, redact: Redactor): CsvTable {
  const rows = db.sqlite
    .prepare(
      `SELECT a.id, a.at, a.user_id AS userId, u.name AS userName, a.action, a.details_json AS detailsJson
       FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.at DESC, a.id DESC LIMIT ?`,
    )
    .all(maxRows) as AuditRow[];
  const header = ['id', 'at', 'user_id', 'user_name', 'action', 'details_json'];
  const cells = rows.map((r) => [r.id, isoTime(r.at), r.userId, r.userName, r.action, r.detailsJson]);
  return { csv: toCsv(header, cells, redact), rows: rows.length, total: count(db, 'audit_log') };
}
