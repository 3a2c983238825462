import { describe, expect, it } from 'vitest';
import { type CustomerConflict, type CustomerVersion } from '../../../src-preload/contract';
import { defaultTake, differingFields, fieldState, isSentTo1C, mergedVersion, takeAll } from './conflict-choice';

const base: CustomerVersion = { kind: 'person', country: 'RU', name: 'Иванов Иван', inn: '', kpp: '', phone: '+79161234567', email: 'ivan@mail.ru' };

function conflict(local: Partial<CustomerVersion>, remote: Partial<CustomerVersion>, hasBase = true): CustomerConflict {
  return { id: 'c1', customerId: 'k1', detectedAt: 1, local: { ...base, ...local }, remote: { ...base, ...remote }, base: hasBase ? base : null };
}

describe('customer conflict choice', () => {
  it('takes each field from the side that changed it since both were equal', () => {
    const c = conflict({ phone: '+79990000001' }, { email: 'ivan@yandex.ru' });
    expect(fieldState(c, 'phone')).toBe('local');
    expect(fieldState(c, 'email')).toBe('remote');
    expect(fieldState(c, 'name')).toBe('same');
    expect(differingFields(c)).toEqual(['phone', 'email']);
    expect(defaultTake(c)).toEqual({ ...takeAll('remote'), phone: 'local' });
    expect(mergedVersion(c, defaultTake(c))).toEqual({ ...base, phone: '+79990000001', email: 'ivan@yandex.ru' });
  });

  it('defaults to 1C where both sides changed a field or the starting point is unknown', () => {
    const both = conflict({ name: 'Иванов И. И.' }, { name: 'Иванов Иван Иванович' });
    expect(fieldState(both, 'name')).toBe('both');
    expect(defaultTake(both).name).toBe('remote');

    const unknown = conflict({ phone: '+79990000001' }, { email: 'ivan@yandex.ru' }, false);
    expect(fieldState(unknown, 'phone')).toBe('differs');
    expect(defaultTake(unknown)).toEqual(takeAll('remote'));
  });

  it('sends the result to 1C only when it keeps something of the store', () => {
    const c = conflict({ phone: '+79990000001' }, { email: 'ivan@yandex.ru' });
    expect(isSentTo1C(c, takeAll('remote'))).toBe(false);
    expect(isSentTo1C(c, takeAll('local'))).toBe(true);
    // A field equal on both sides taken from the store changes nothing in 1C.
    expect(isSentTo1C(c, { ...takeAll('remote'), name: 'local' })).toBe(false);
    expect(mergedVersion(c, takeAll('local'))).toEqual(c.local);
  });
});
