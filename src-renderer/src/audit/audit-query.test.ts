import { describe, expect, it } from 'vitest';
import { auditCsv, auditQuery, describeDetails } from './audit-query';

describe('audit filter', () => {
  it('turns local days into a half-open range that includes the whole "to" day', () => {
    const query = auditQuery({ from: '2026-11-01', to: '2026-11-22', userId: 'u1', action: ' document. ', text: '' }, 100, 200);
    expect(query).toEqual({ limit: 100, offset: 200, from: new Date(2026, 10, 1).getTime(), to: new Date(2026, 10, 23).getTime(), userId: 'u1', action: 'document.' });
  });

  it('leaves out what is empty or not a date', () => {
    expect(auditQuery({ from: '', to: '22.11.2026', userId: '', action: '', text: '  ' }, 10, 0)).toEqual({ limit: 10, offset: 0 });
  });

  it('writes details and the CSV rows a person can read', () => {
    expect(describeDetails({ what: 'onec', changed: { stockTtlMinutes: 30 } })).toBe('what=onec, changed={"stockTtlMinutes":30}');
    const table = auditCsv(
      [
        { id: 2, at: new Date(2026, 10, 22, 9, 5, 7).getTime(), userId: null, userName: null, action: 'secret.set', details: { what: 'onec' } },
        { id: 1, at: new Date(2026, 10, 22, 9, 0, 0).getTime(), userId: 'u', userName: 'Ольга', action: '=cmd', details: {} },
      ],
      { at: 'Время', user: 'Пользователь', action: 'Действие', details: 'Подробности', system: 'система' },
    );
    expect(table.rows).toEqual([
      ['2026-11-22 09:05:07', 'система', 'secret.set', 'what=onec'],
      ['2026-11-22 09:00:00', 'Ольга', '=cmd', ''],
    ]);
  });
});
