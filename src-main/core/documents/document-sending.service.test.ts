import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { addByCode } from './document-lines.service';
import { markCreated, markPosted, markRejected, markSending, requeueAfterFailure } from './document-sending.service';
import { cancelDocument, createDraft, getDocument, queueDocument } from './documents.service';
import { auditRows, home, openDocumentsDb, outboxRows, t0 } from './documents.testing';

const ref = '8c1e5a52-3f0c-11ef-9b1a-0050569f0001';

describe('document-sending.service', () => {
  let db: AppDb;
  let cleanup: () => void;
  let id: string;
  beforeEach(() => {
    ({ db, cleanup } = openDocumentsDb());
    id = createDraft(db, { kind: 'receipt', warehouseId: home, userId: 'u-1', now: t0 }).id;
    addByCode(db, { documentId: id, code: '4601234567893', userId: 'u-1', now: t0 });
    queueDocument(db, { documentId: id, userId: 'u-1', now: t0 + 10 });
  });
  afterEach(() => cleanup());

  const sendingAudit = () => auditRows(db).filter((r) => r.userId === null);

  it('walks queued → sending → created in 1C → posted, storing ref, number and posted_at', () => {
    markSending(db, id, t0 + 20);
    expect(getDocument(db, id)).toMatchObject({ status: 'sending', updatedAt: t0 + 20 });
    markCreated(db, id, { ref1c: ref, number1c: 'МЛ00-000123' }, t0 + 21);
    expect(getDocument(db, id)).toMatchObject({ status: 'sending', ref1c: ref, number1c: 'МЛ00-000123', postedAt: null });
    markPosted(db, id, t0 + 22);
    expect(getDocument(db, id)).toMatchObject({ status: 'posted', postedAt: t0 + 22, isEditable: false });
    expect(sendingAudit().map((r) => [r.action, r.at, r.details.from, r.details.to])).toEqual([
      ['document.send', t0 + 20, 'queued', 'sending'],
      ['document.created_1c', t0 + 21, 'sending', 'sending'],
      ['document.post', t0 + 22, 'sending', 'posted'],
    ]);
    for (const row of sendingAudit()) expect(row.details).toMatchObject({ documentId: id, kind: 'receipt' });
    expect(sendingAudit()[1]?.details).toMatchObject({ ref1c: ref, number1c: 'МЛ00-000123' });
    // A repeated "posted" (the sender found it posted already) changes nothing.
    markPosted(db, id, t0 + 30);
    expect(getDocument(db, id).postedAt).toBe(t0 + 22);
    expect(sendingAudit()).toHaveLength(3);
  });

  it('marks a refusal rejected with 1C words (also before an attempt), and a retryable failure queued with the message kept', () => {
    markSending(db, id, t0 + 20);
    requeueAfterFailure(db, id, 'Нет связи с сервером 1С', t0 + 21);
    expect(getDocument(db, id)).toMatchObject({ status: 'queued', last1cMessage: 'Нет связи с сервером 1С' });
    // The sender refuses before an attempt when the profile cannot take this kind: from 'queued'.
    markRejected(db, id, 'Профиль 1С не принимает документы этого вида', t0 + 22);
    expect(getDocument(db, id)).toMatchObject({ status: 'rejected', last1cMessage: 'Профиль 1С не принимает документы этого вида', isEditable: true });
    expect(sendingAudit().map((r) => [r.action, r.details.message ?? null])).toEqual([
      ['document.send', null],
      ['document.retry', 'Нет связи с сервером 1С'],
      ['document.reject', 'Профиль 1С не принимает документы этого вида'],
    ]);
  });

  it('takes a document left sending by a crash again', () => {
    markSending(db, id, t0 + 20);
    markSending(db, id, t0 + 40);
    expect(sendingAudit().map((r) => r.action)).toEqual(['document.send', 'document.send']);
  });

  it('throws conflict and writes nothing in the wrong status: a cancelled document is never sent', () => {
    cancelDocument(db, { documentId: id, userId: 'u-1', now: t0 + 15 });
    const auditBefore = auditRows(db).length;
    expect(() => markSending(db, id, t0 + 20)).toThrowError(expect.objectContaining({ code: 'conflict' }) as Error);
    expect(() => markPosted(db, id, t0 + 20)).toThrowError(expect.objectContaining({ code: 'conflict' }) as Error);
    expect(() => markCreated(db, id, { ref1c: ref, number1c: null }, t0 + 20)).toThrowError(expect.objectContaining({ code: 'conflict' }) as Error);
    expect(() => markRejected(db, id, 'x', t0 + 20)).toThrowError(expect.objectContaining({ code: 'conflict' }) as Error);
    expect(() => requeueAfterFailure(db, id, 'x', t0 + 20)).toThrowError(expect.objectContaining({ code: 'conflict' }) as Error);
    expect(getDocument(db, id)).toMatchObject({ status: 'cancelled', ref1c: null });
    expect(auditRows(db)).toHaveLength(auditBefore);
    expect(() => markSending(db, 'missing', t0)).toThrowError(expect.objectContaining({ code: 'not_found' }) as Error);
  });

  it('commits or rolls back with the sender transaction around it, and leaves the outbox row to the sender', () => {
    const [row] = outboxRows(db);
    expect(() =>
      db.sqlite.transaction(() => {
        markSending(db, id, t0 + 20);
        db.sqlite.prepare("UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?").run(row?.id);
        throw new Error('request could not be prepared');
      })(),
    ).toThrowError('request could not be prepared');
    expect(getDocument(db, id).status).toBe('queued');
    expect(outboxRows(db)[0]).toMatchObject({ status: 'pending', attempts: 0 });
    db.sqlite.transaction(() => markSending(db, id, t0 + 21))();
    expect(getDocument(db, id).status).toBe('sending');
    // markSending does not count attempts or touch the row: the sender's beginAttempt does.
    expect(outboxRows(db)[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
