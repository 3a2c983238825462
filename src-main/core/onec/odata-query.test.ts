import { describe, expect, it } from 'vitest';
import {
  buildODataQueryString,
  buildODataRequestTarget,
  dateTimeLiteral,
  emptyGuid,
  encodeODataPath,
  fromOnecDateTime,
  guidLiteral,
  isEmptyRef,
  stringLiteral,
  toOnecDateTime,
} from './odata-query';

describe('encodeODataPath', () => {
  it('percent-encodes Cyrillic as UTF-8 and keeps OData syntax characters literal', () => {
    const path = "AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Номенклатура,Склад')";
    const encoded = encodeODataPath(path);
    expect(encoded).toMatch(/^AccumulationRegister_%D0%A2/);
    expect(encoded).toContain("/Balance(Dimensions='");
    expect(encoded).toContain(',');
    expect(encoded).not.toMatch(/[А-я]/);
    expect(decodeURIComponent(encoded)).toBe(path);
  });
  it('encodes spaces as %20 and keeps $ for $metadata', () => {
    expect(encodeODataPath("X/SliceLast(Condition='a eq b')")).toBe("X/SliceLast(Condition='a%20eq%20b')");
    expect(encodeODataPath('$metadata')).toBe('$metadata');
  });
});

describe('buildODataQueryString', () => {
  it('always starts with $format=json and uses %20 for spaces, never +', () => {
    const qs = buildODataQueryString({ filter: "Description eq 'Молоко 3,2%' and IsFolder eq false" });
    expect(qs.startsWith('$format=json&')).toBe(true);
    expect(qs).not.toContain('+');
    expect(qs).toContain('%20eq%20');
    expect(qs).toContain('%25');
    expect(decodeURIComponent(qs.split('$filter=')[1] ?? '')).toBe("Description eq 'Молоко 3,2%' and IsFolder eq false");
  });
  it('encodes a literal + so 1C does not read it as a space', () => {
    expect(buildODataQueryString({ filter: "Code eq '+7'" })).toContain('%2B7');
  });
  it('puts the system options in a fixed order and adds params', () => {
    const qs = buildODataQueryString({ select: ['Ref_Key', 'Description'], orderby: 'Ref_Key', top: 500, skip: 1000, inlinecount: true, params: { allowedOnly: 'true' } });
    expect(qs).toBe('$format=json&$select=Ref_Key,Description&$orderby=Ref_Key&$top=500&$skip=1000&$inlinecount=allpages&allowedOnly=true');
  });
  it('refuses negative or fractional $top and system options smuggled through params', () => {
    expect(() => buildODataQueryString({ top: -1 })).toThrow(RangeError);
    expect(() => buildODataQueryString({ skip: 1.5 })).toThrow(RangeError);
    expect(() => buildODataQueryString({ params: { $format: 'atom' } })).toThrow(RangeError);
  });
  it('refuses query parameters written into the path', () => {
    expect(() => buildODataRequestTarget('Catalog_X?$top=1')).toThrow(RangeError);
    expect(buildODataRequestTarget('/Catalog_X', { top: 1 })).toBe('Catalog_X?$format=json&$top=1');
  });
});

describe('literals', () => {
  it('doubles quotes in string literals', () => {
    expect(stringLiteral("ООО 'Ромашка'")).toBe("'ООО ''Ромашка'''");
  });
  it('builds guid literals and refuses non-GUIDs', () => {
    expect(guidLiteral('B1C89D94-CB6A-11E6-AEDE-5404A6B4B8ED')).toBe("guid'b1c89d94-cb6a-11e6-aede-5404a6b4b8ed'");
    expect(() => guidLiteral("x' or 1 eq 1")).toThrow(RangeError);
  });
  it('treats the empty GUID, empty string and null as empty refs', () => {
    expect(isEmptyRef(emptyGuid)).toBe(true);
    expect(isEmptyRef(null)).toBe(true);
    expect(isEmptyRef('')).toBe(true);
    expect(isEmptyRef('b1c89d94-cb6a-11e6-aede-5404a6b4b8ed')).toBe(false);
  });
});

describe('1C dates', () => {
  it('formats epoch ms as the local wall clock without offset, dropping milliseconds', () => {
    const ms = new Date(2026, 0, 15, 10, 5, 9, 999).getTime();
    expect(toOnecDateTime(ms)).toBe('2026-01-15T10:05:09');
    expect(dateTimeLiteral(ms)).toBe("datetime'2026-01-15T10:05:09'");
  });
  it('reads 1C text back to the same instant (second precision)', () => {
    const ms = new Date(2016, 11, 26, 16, 0, 52).getTime();
    expect(fromOnecDateTime('2016-12-26T16:00:52')).toBe(ms);
    expect(fromOnecDateTime(toOnecDateTime(ms))).toBe(ms);
  });
  it('reads the empty date, empty string and null as null', () => {
    expect(fromOnecDateTime('0001-01-01T00:00:00')).toBeNull();
    expect(fromOnecDateTime('')).toBeNull();
    expect(fromOnecDateTime(null)).toBeNull();
  });
  it('refuses text that is not a 1C date', () => {
    expect(() => fromOnecDateTime('26.12.2016')).toThrow(RangeError);
    expect(() => fromOnecDateTime('2016-02-30T00:00:00')).toThrow(RangeError);
  });
});
