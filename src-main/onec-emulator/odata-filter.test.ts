import { describe, expect, it } from 'vitest';
import { isODataError } from './odata-error';
import { compileFilter, type FilterField, parseDatetimeLiteral, parseFilter } from './odata-filter';

type Item = { Code: string; Count: number; Ref_Key: string; IsFolder: boolean; Date: number; Owner: { guid: string; type: string } };
const fields: Record<string, FilterField<Item>> = {
  Code: { type: 'Edm.String', get: (i) => i.Code },
  Count: { type: 'Edm.Double', get: (i) => i.Count },
  Ref_Key: { type: 'Edm.Guid', get: (i) => i.Ref_Key },
  IsFolder: { type: 'Edm.Boolean', get: (i) => i.IsFolder },
  Date: { type: 'Edm.DateTime', get: (i) => i.Date },
  Owner: { type: 'composite', get: (i) => i.Owner },
};
const ref = '0a1b2c3d-0000-11ef-8000-0123456789ab';
const item: Item = { Code: "O'Brien  ", Count: 5, Ref_Key: ref, IsFolder: false, Date: Date.UTC(2026, 0, 15, 10), Owner: { guid: ref, type: 'StandardODATA.Catalog_Номенклатура' } };
const test = (filter: string) => compileFilter(parseFilter(filter), (p) => fields[p])(item);
const failure = (fn: () => unknown): { status: number; code: string } | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return isODataError(err) ? { status: err.status, code: err.code } : { status: -1, code: String(err) };
  }
};

describe('odata-filter', () => {
  it('evaluates comparisons, logic, parentheses and functions like 1C', () => {
    expect(test("Code eq 'o''brien'")).toBe(true); // case-insensitive, trailing spaces ignored
    expect(test('Count gt 4 and Count le 5')).toBe(true);
    expect(test('not (Count eq 5) or IsFolder eq true')).toBe(false);
    expect(test(`Ref_Key eq guid'${ref.toUpperCase()}'`)).toBe(true);
    expect(test("Date ge datetime'2026-01-15T00:00:00' and Date lt datetime'2026-01-16T00:00:00'")).toBe(true);
    expect(test("startswith(Code, 'o''b') and substringof('BRIEN', Code) and endswith(Code, 'en')")).toBe(true);
    expect(test(`Owner eq cast(guid'${ref}', 'Catalog_Номенклатура')`)).toBe(true);
    expect(test('Code ne null')).toBe(true);
  });

  it('refuses syntax errors, unknown names and type mismatches with 400 code 14', () => {
    for (const bad of ["Code+eq+'1'", "Code eq '1", '(Count eq 1', "startwith(Code, 'a')", "Code eq 'a' and", 'Нет eq 1', "Ref_Key eq 'abc'", "Count eq '5'", "Date eq datetime'2026-02-31T00:00:00'", "Code\teq 'a'"]) {
      expect(failure(() => test(bad)), bad).toEqual({ status: 400, code: '14' });
    }
  });

  it('fails ordering comparisons on references with 500, as 1C does', () => {
    expect(failure(() => test(`Ref_Key gt guid'${ref}'`))).toEqual({ status: 500, code: '-1' });
  });

  it('reads the empty date 0001-01-01 without the two-digit-year trap', () => {
    const empty = new Date(parseDatetimeLiteral('0001-01-01T00:00:00') ?? 0);
    expect([empty.getFullYear(), empty.getMonth(), empty.getDate(), empty.getHours()]).toEqual([1, 0, 1, 0]);
    expect(parseDatetimeLiteral('2026-13-01T00:00:00')).toBeNull();
  });
});
