import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/app-error';
import { onecProfileIds } from '../onec';
import { applyProfileOverrides, getProfile, onecProfiles, parseProfileOverrides } from './index';
import { onecProfileSchema } from './profile.schema';

describe('onecProfiles', () => {
  it('ships a valid profile for every id, under its own id', () => {
    for (const id of onecProfileIds) {
      expect(onecProfileSchema.parse(onecProfiles[id]).id).toBe(id);
    }
  });
  it('keeps the shipped profiles immutable; getProfile returns a copy', () => {
    const copy = getProfile('ut11');
    copy.products.set = 'Catalog_Другое';
    expect(onecProfiles.ut11.products.set).toBe('Catalog_Номенклатура');
    expect(Object.isFrozen(onecProfiles.ut11.products)).toBe(true);
  });
  it('names the price registers per configuration (onec-http.md §4)', () => {
    expect(onecProfiles.ut11.prices).toMatchObject({ isRecorderSubordinate: true, priceType: 'ВидЦены' });
    expect(onecProfiles.unf.prices).toMatchObject({ isRecorderSubordinate: false, priceType: 'ВидЦен' });
    expect(onecProfiles.bp30.prices).toMatchObject({ isRecorderSubordinate: true, priceType: 'ТипЦен', characteristic: null });
    expect(onecProfiles.bp30.characteristics).toBeNull();
  });
});

describe('applyProfileOverrides', () => {
  it('changes only the named members', () => {
    const profile = applyProfileOverrides(getProfile('ut11'), { products: { article: 'АртикулПоставщика', fields: { code: null } }, prices: { set: 'InformationRegister_ЦеныНоменклатуры25' } });
    expect(profile.products.article).toBe('АртикулПоставщика');
    expect(profile.products.fields).toEqual({ code: null, name: 'Description', parent: 'Parent_Key', isFolder: 'IsFolder' });
    expect(profile.prices?.set).toBe('InformationRegister_ЦеныНоменклатуры25');
    expect(profile.prices?.priceType).toBe('ВидЦены');
    expect(onecProfiles.ut11.products.article).toBe('Артикул');
  });
  it('switches a section off with null', () => {
    expect(applyProfileOverrides(getProfile('unf'), { barcodes: null }).barcodes).toBeNull();
  });
  it('refuses a section switched on without all of its names', () => {
    expect(() => applyProfileOverrides(getProfile('bp30'), { characteristics: { set: 'Catalog_ХарактеристикиНоменклатуры' } })).toThrow(/профиль 1С неполон/);
    const complete = applyProfileOverrides(getProfile('bp30'), {
      characteristics: { set: 'Catalog_ХарактеристикиНоменклатуры', owner: 'Owner_Key', fields: { code: null, name: 'Description', parent: null, isFolder: null } },
    });
    expect(complete.characteristics?.owner).toBe('Owner_Key');
  });
  it('refuses unknown keys, the id, and names that could inject OData syntax', () => {
    for (const bad of [{ prodcts: {} }, { id: 'unf' }, { products: { article: "Артикул eq 'x'" } }, { stock: { register: 'ТоварыНаСкладах' } }]) {
      let caught: unknown;
      try {
        parseProfileOverrides(bad);
      } catch (err) {
        caught = err;
      }
      expect(isAppError(caught) && caught.code === 'validation').toBe(true);
    }
  });
  it('names the bad path in the Russian message', () => {
    expect(() => parseProfileOverrides({ stock: { resource: 'В Наличии' } })).toThrow(/stock\.resource — ожидается имя реквизита 1С/);
  });
});
