// What the outbox sender changes on a document as 1C answers (core/outbox/outbox-sender.ts,
// DocumentTransitions). Each call is one transaction (a savepoint inside the sender's own transaction,
// which also updates the outbox row) with its audit row (user null: the system acted). These touch
// the document only; the outbox row belongs to the sender. A call in the wrong status throws
// `conflict` and writes nothing: e.g. markSending on a document the user cancelled a moment before.
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { auditDocument, type DocumentAuditAction, documentAuditActions } from './document-audit';
import { type DocumentStatus, statusTitles } from './documents';
import { type DocumentHeader, requireHeader, transition } from './documents.repo';
import { type DocumentTransitions } from '../outbox/outbox-sender';

/** The outbox took the document: an attempt starts ('queued', or 'sending' again after a crash). */
export function markSending(db: AppDb, id: string, now: number): void {
  move(db, id, now, { from: ['queued', 'sending'], to: 'sending', action: documentAuditActions.send });
}

/** 1C created its document (ref and number stored); still 'sending' until it is posted. */
export function markCreated(db: AppDb, id: string, created: { ref1c: string; number1c: string | null }, now: number): void {
  if (created.ref1c.trim() === '') throw new AppError('validation', 'Пустая ссылка 1С на созданный документ');
  move(db, id, now, {
    from: ['sending'],
    to: 'sending',
    action: documentAuditActions.created1c,
    set: { ref1c: created.ref1c, number1c: created.number1c },
    details: { ref1c: created.ref1c, number1c: created.number1c },
  });
}

/**
 * 1C posted it: 'posted' with posted_at = `now`. Pass the time 1C confirmed the posting: displayed
 * stock keeps adding the document until a balance is taken after posted_at (pending_stock_effects).
 * Calling it again for a posted document changes nothing.
 */
export function markPosted(db: AppDb, id: string, now: number): void {
  db.sqlite.transaction(() => {
    if (requireHeader(db, id).status === 'posted') return;
    move(db, id, now, {
      from: ['sending', 'queued'],
      to: 'posted',
      action: documentAuditActions.post,
      set: { postedAt: now, last1cMessage: null },
    });
  }).immediate();
}

/** 1C refused it (or it cannot be sent as it is): 'rejected' with 1C's words, editable again. */
export function markRejected(db: AppDb, id: string, message: string, now: number): void {
  move(db, id, now, {
    from: ['queued', 'sending'],
    to: 'rejected',
    action: documentAuditActions.reject,
    set: { last1cMessage: message },
    details: { message },
  });
}

/** An attempt failed in a way worth retrying (network, timeout, 5xx): back to 'queued', the message kept. */
export function requeueAfterFailure(db: AppDb, id: string, message: string, now: number): void {
  move(db, id, now, {
    from: ['sending', 'queued'],
    to: 'queued',
    action: documentAuditActions.retry,
    set: { last1cMessage: message },
    details: { message },
  });
}

function move(
  db: AppDb,
  id: string,
  now: number,
  step: {
    from: readonly DocumentStatus[];
    to: DocumentStatus;
    action: DocumentAuditAction;
    set?: Parameters<typeof transition>[5];
    details?: Record<string, unknown>;
  },
): void {
  db.sqlite.transaction(() => {
    const header: DocumentHeader = requireHeader(db, id);
    if (!transition(db, id, step.from, step.to, now, step.set)) {
      throw new AppError('conflict', `Документ ${header.localNumber} ${statusTitles[header.status]} — действие «${step.action}» невозможно`);
    }
    auditDocument(db, {
      at: now,
      userId: null,
      action: step.action,
      document: header,
      details: { from: header.status, to: step.to, ...step.details },
    });
  }).immediate();
}

/** These transitions bound to one database, as the outbox sender takes them. */
export function documentTransitions(db: AppDb): DocumentTransitions {
  return {
    markSending: (id, now) => markSending(db, id, now),
    markCreated: (id, created, now) => markCreated(db, id, created, now),
    markPosted: (id, now) => markPosted(db, id, now),
    markRejected: (id, message, now) => markRejected(db, id, message, now),
    requeueAfterFailure: (id, message, now) => requeueAfterFailure(db, id, message, now),
  };
}
