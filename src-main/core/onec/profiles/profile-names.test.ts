import { describe, expect, it } from 'vitest';
import { onecProfiles } from '.';
import { applyProfileOverrides } from './profile-overrides';
import { overridesFromNames, profileNames } from './profile-names';

describe('profile names for the wizard', () => {
  it('lists every catalog and register name by path, not the documents', () => {
    const names = profileNames(onecProfiles.ut11);
    expect(names['products.article']).toBe('Артикул');
    expect(names['products.set']).toBe('Catalog_Номенклатура');
    expect(names['units.okei']).toBeNull();
    expect(Object.keys(names).some((path) => path.startsWith('documents') || path === 'id' || path === 'title')).toBe(false);
  });

  it('every listed path of every shipped profile can be overridden and round-trips', () => {
    for (const profile of Object.values(onecProfiles)) {
      const names = profileNames(profile);
      const edits = Object.fromEntries(Object.entries(names).map(([path, name]) => [path, name ?? '']));
      const applied = applyProfileOverrides(profile, overridesFromNames(edits));
      expect(profileNames(applied)).toEqual(names);
    }
  });

  it('turns one edit into a nested override, and refuses a path the profile does not have', () => {
    expect(overridesFromNames({ 'products.article': ' Артикул2 ', 'units.okei': '' })).toEqual({ products: { article: 'Артикул2' }, units: { okei: null } });
    expect(() => overridesFromNames({ 'products.nonsense': 'X' })).toThrow(/products/);
  });

  it('lists the counterparty names, enum values included, and an older УНФ can be described by overriding them', () => {
    const names = profileNames(onecProfiles.unf);
    expect(names).toMatchObject({ 'customers.set': 'Catalog_Контрагенты', 'customers.legalForm.field': 'ВидКонтрагента', 'customers.legalForm.company': 'ЮридическоеЛицо', 'customers.contacts.phoneType': 'Телефон' });
    const older = applyProfileOverrides(onecProfiles.unf, overridesFromNames({ 'customers.legalForm.field': 'ЮрФизЛицо', 'customers.legalForm.company': 'ЮрЛицо', 'customers.legalForm.person': 'ФизЛицо', 'customers.legalForm.entrepreneur': '' }));
    expect(older.customers?.legalForm).toEqual({ field: 'ЮрФизЛицо', company: 'ЮрЛицо', person: 'ФизЛицо', entrepreneur: null });
    expect(older.customers?.contacts).toEqual(onecProfiles.unf.customers?.contacts);
    // A name the section cannot do without is refused by path (switching the section off is `contacts: null`).
    expect(() => overridesFromNames({ 'customers.contacts.section': '' })).toThrow(/customers\.contacts\.section/);
    expect(applyProfileOverrides(onecProfiles.unf, { customers: { contacts: null } }).customers?.contacts).toBeNull();
    expect(() => overridesFromNames({ 'customers.legalForm.company': 'Юр Лицо' })).toThrow(/customers\.legalForm\.company/);
  });
});
