import { describe, expect, it } from 'vitest';
import {
  buildODataQueryString,
  buildODataRequestTarget,
  dateTimeLiteral,
  emptyGuid,
  createOnecDateTimeReader,
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

describe('createOnecDateTimeReader', () => {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const outcome = (read: (text: string | null) => number | null, text: string | null): number | null | string => {
    try {
      return read(text);
    } catch (err) {
      return err instanceof RangeError ? 'RangeError' : 'other';
    }
  };
  /** Every 7th minute with odd seconds over the given days, plus the edges of every hour. */
  function* timesOf(year: number, months: readonly number[]): Generator<string> {
    for (const month of months) {
      for (let day = 1; day <= 31; day += 1) {
        for (let hour = 0; hour < 24; hour += 1) {
          for (const [minute, second] of [[0, 0], [59, 59], [(day * 7 + hour) % 60, (hour * 13) % 60]] as const) {
            yield `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
          }
        }
      }
    }
  }
  const odd = [
    null,
    '',
    '0001-01-01T00:00:00',
    '0099-03-01T10:00:00',
    '2016-12-26',
    '2016-12-26T16:00',
    '2016-12-26T16:00:52.5',
    '2016-02-30T10:00:00',
    '2016-02-29T23:59:60',
    '2016-12-31T23:60:00',
    '2016-12-31T24:00:00',
    '2016-12-26 16:00:52',
    '2016-12-26T16:00:5x',
    '+016-12-26T16:00:52',
    '26.12.2016',
  ];

  it('reads every value exactly as fromOnecDateTime, errors included', () => {
    const read = createOnecDateTimeReader();
    for (const text of [...timesOf(2026, [1, 3, 10]), ...timesOf(1970, [4]), ...odd, ...timesOf(2026, [3])]) {
      expect(outcome(read, text), String(text)).toEqual(outcome(fromOnecDateTime, text));
    }
  });

  it('keeps fromOnecDateTime’s local-time rule across daylight-saving changes, whole-hour and half-hour ones', () => {
    const original = process.env.TZ;
    try {
      for (const zone of ['Europe/Berlin', 'America/St_Johns', 'Australia/Lord_Howe', 'Europe/Moscow']) {
        process.env.TZ = zone;
        const read = createOnecDateTimeReader();
        for (const year of [2010, 2026]) {
          for (const text of timesOf(year, [3, 4, 10, 11])) expect(outcome(read, text), `${zone} ${text}`).toEqual(outcome(fromOnecDateTime, text));
        }
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});
