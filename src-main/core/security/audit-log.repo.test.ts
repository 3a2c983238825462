import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { openTempDb } from '../testing/temp-db';
import { appendAudit } from './audit-log.repo';

describe('audit-log.repo', () => {
  let db: AppDb;
  let cleanup: () => void;
  beforeEach(() => ({ db, cleanup } = openTempDb()));
  afterEach(() => cleanup());

  it('appends rows with their details as JSON and returns increasing ids', () => {
    const first = appendAudit(db, { at: 10, userId: 'u-1', action: 'document.create', details: { documentId: 'd-1', kind: 'receipt' } });
    const second = appendAudit(db, { at: 11, userId: null, action: 'document.post', details: {} });
    expect(second).toBeGreaterThan(first);
    expect(db.sqlite.prepare('SELECT at, user_id, action, details_json FROM audit_log ORDER BY id').all()).toEqual([
      { at: 10, user_id: 'u-1', action: 'document.create', details_json: '{"documentId":"d-1","kind":"receipt"}' },
      { at: 11, user_id: null, action: 'document.post', details_json: '{}' },
    ]);
  });

  it('cannot change or remove what was written (append-only triggers)', () => {
    const id = appendAudit(db, { at: 10, userId: 'u-1', action: 'document.cancel', details: {} });
    expect(() => db.sqlite.prepare("UPDATE audit_log SET action = 'x' WHERE id = ?").run(id)).toThrowError(/append-only/);
    expect(() => db.sqlite.prepare('DELETE FROM audit_log WHERE id = ?').run(id)).toThrowError(/append-only/);
  });
});
