import { describe, expect, it } from 'vitest';
import { customerFields } from '../../../src-preload/contract/customers';
import { isAppError } from '../errors/app-error';
import { normalizeCustomerFields } from './customer-fields';

const parse = (input: Parameters<typeof customerFields.parse>[0]) => customerFields.parse(input);

function issuesOf(run: () => unknown): { path: (string | number)[]; message: string }[] {
  try {
    run();
  } catch (err) {
    if (isAppError(err) && err.code === 'validation') return err.details as { path: (string | number)[]; message: string }[];
    throw err;
  }
  throw new Error('no validation error');
}

describe('normalizeCustomerFields', () => {
  it('normalises a valid Russian company and a Kazakh person', () => {
    expect(normalizeCustomerFields(parse({ kind: 'company', name: '  Ромашка ООО ', inn: '7707 083 893', kpp: '7736ab001', phone: '8 (495) 500-55-50', email: ' Info@Romashka.RU ' }))).toEqual({
      kind: 'company',
      country: 'RU',
      name: 'Ромашка ООО',
      inn: '7707083893',
      kpp: '7736AB001',
      phone: '+74955005550',
      email: 'Info@romashka.ru',
    });
    expect(normalizeCustomerFields(parse({ kind: 'person', country: 'KZ', name: 'Ахметов Ерлан', inn: '791028302728', phone: '+7 701 555 12 34' }))).toMatchObject({ country: 'KZ', inn: '791028302728', phone: '+77015551234' });
  });

  it('reports every wrong field with its path, in the dispatcher\'s issue shape, with a prefix for update', () => {
    const input = parse({ kind: 'person', country: 'RU', name: 'x'.repeat(120), inn: '7707083893', kpp: '773601001', phone: '+44 20 7946 0958', email: 'a@b' });
    const issues = issuesOf(() => normalizeCustomerFields(input));
    expect(issues.map((i) => i.path)).toEqual([['name'], ['inn'], ['kpp'], ['phone'], ['email']]);
    expect(issues[0]?.message).toMatch(/длиннее 100 символов \(120\)/);
    expect(issues[1]?.message).toMatch(/ИНН физического лица или ИП — 12 цифр/);
    expect(issues[2]?.message).toMatch(/только у российских организаций/);
    expect(issuesOf(() => normalizeCustomerFields(input, { pathPrefix: ['fields'] }))[0]?.path).toEqual(['fields', 'name']);
  });

  it('checks a Kazakh БИН with the Kazakh rule, not the Russian one, and refuses a КПП there', () => {
    expect(issuesOf(() => normalizeCustomerFields(parse({ kind: 'company', country: 'KZ', name: 'ТОО', inn: '7707083893' })))[0]?.message).toMatch(/БИН — 12 цифр/);
    expect(issuesOf(() => normalizeCustomerFields(parse({ kind: 'company', country: 'KZ', name: 'ТОО', inn: '940140000385', kpp: '773601001' })))).toEqual([
      { path: ['kpp'], message: expect.stringMatching(/только у российских организаций/) },
    ]);
  });

  it('checks only the listed fields (an unchanged legacy value from 1C does not block an edit)', () => {
    const legacy = parse({ kind: 'company', name: 'Старый', inn: '1234567890', phone: '+7 916 111-22-33' });
    expect(() => normalizeCustomerFields(legacy)).toThrow(/ИНН с ошибкой/);
    expect(normalizeCustomerFields(legacy, { only: new Set(['phone']) })).toMatchObject({ inn: '1234567890', phone: '+79161112233' });
  });

  it('leaves empty optional fields empty', () => {
    expect(normalizeCustomerFields(parse({ kind: 'person', name: 'Гость' }))).toEqual({ kind: 'person', country: 'RU', name: 'Гость', inn: '', kpp: '', phone: '', email: '' });
  });
});
