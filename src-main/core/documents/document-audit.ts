// Every document action leaves an audit row, written in the action's own transaction.
import { type AppDb } from '../db/open';
import { appendAudit } from '../security/audit-log.repo';
import { type DocumentKind } from './document-kinds';

export const documentAuditActions = {
  create: 'document.create',
  edit: 'document.edit',
  /** First time into the queue. */
  queue: 'document.queue',
  /** Into the queue again after 1C rejected it. */
  resend: 'document.resend',
  cancel: 'document.cancel',
  /** The outbox took it (an attempt starts). */
  send: 'document.send',
  /** 1C created its document: ref and number known. */
  created1c: 'document.created_1c',
  post: 'document.post',
  reject: 'document.reject',
  /** An attempt failed in a way worth retrying: back in the queue. */
  retry: 'document.retry',
} as const;

export type DocumentAuditAction = (typeof documentAuditActions)[keyof typeof documentAuditActions];

export function auditDocument(
  db: AppDb,
  entry: {
    at: number;
    userId: string | null;
    action: DocumentAuditAction;
    document: { id: string; kind: DocumentKind; localNumber: string };
    details?: Record<string, unknown>;
  },
): void {
  appendAudit(db, {
    at: entry.at,
    userId: entry.userId,
    action: entry.action,
    details: { documentId: entry.document.id, kind: entry.document.kind, localNumber: entry.document.localNumber, ...entry.details },
  });
}
