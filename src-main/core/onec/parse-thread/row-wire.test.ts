import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { decodeRows, encodeRows, wireTransferList } from './row-wire';
import { type OnecRow } from '../onec';

/** What JSON.parse gives for `json`: the reference every decoded batch must equal. */
function parsedRows(json: string): OnecRow[] {
  return JSON.parse(json) as OnecRow[];
}

function roundTrip(rows: OnecRow[]): OnecRow[] {
  // Through a real structured clone, as between threads.
  const wire = encodeRows(rows);
  return decodeRows(structuredClone(wire, { transfer: wireTransferList(wire) }));
}

describe('row-wire', () => {
  it('rebuilds 1C rows exactly: keys in order, strings, numbers, booleans, nulls, nested sections', () => {
    const rows = parsedRows(
      JSON.stringify([
        {
          Ref_Key: 'a1b2c3d4-0000-0000-0000-000000000001',
          Description: 'Молоко «Простоквашино» 3,2 %',
          DeletionMark: false,
          IsFolder: true,
          Parent_Key: '00000000-0000-0000-0000-000000000000',
          Цена: 89.9,
          Code: '000000123',
          Пусто: null,
          Штрихкоды: [{ LineNumber: '1', Штрихкод: '4600000000011' }, { LineNumber: '2', Штрихкод: '' }],
          Вложенный: { a: [1, [2, [3]], []], b: {} },
        },
        { Ref_Key: 'x', Description: '', DeletionMark: true },
        { '10': 'integer-like key', b: 1, '2': 'goes first in JSON.parse too' },
      ]),
    );
    const back = roundTrip(rows);
    expect(isDeepStrictEqual(back, rows)).toBe(true);
    expect(back.map((row) => Object.keys(row))).toEqual(rows.map((row) => Object.keys(row)));
  });

  it('keeps -0 and the exponent forms JSON.parse gives', () => {
    const rows = parsedRows('[{"q":-0,"e":1e21,"small":5e-324,"neg":-12.5}]');
    const back = roundTrip(rows);
    expect(Object.is(back[0]?.['q'], -0)).toBe(true);
    expect(isDeepStrictEqual(back, rows)).toBe(true);
  });

  it('keeps strings that contain NUL and the separator-like characters apart', () => {
    const rows = parsedRows('[{"a":"x\\u0000y","b":"\\u0000","c":"","d":"z"},{"a":"","b":"\\u0000\\u0000"}]');
    expect(isDeepStrictEqual(roundTrip(rows), rows)).toBe(true);
  });

  it('makes "__proto__" an own property, as JSON.parse does, not a prototype', () => {
    const rows = parsedRows('[{"__proto__":{"polluted":true},"Ref_Key":"r"}]');
    const back = roundTrip(rows);
    expect(isDeepStrictEqual(back, rows)).toBe(true);
    expect(Object.getPrototypeOf(back[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(back[0] ?? {})).toEqual(['__proto__', 'Ref_Key']);
  });

  it('carries an empty batch and a batch of many rows of one shape with one key list', () => {
    expect(roundTrip([])).toEqual([]);
    const many = Array.from({ length: 5000 }, (_, i) => ({ Ref_Key: `k${i}`, Period: '2026-11-22T10:00:00', Количество: i / 3, Active: i % 2 === 0 }));
    const wire = encodeRows(many);
    expect(wire.shapes).toHaveLength(1);
    expect(isDeepStrictEqual(roundTrip(many), many)).toBe(true);
  });

  it('refuses values JSON.parse never makes, instead of sending something else', () => {
    expect(() => encodeRows([{ a: undefined } as unknown as OnecRow])).toThrow(/unexpected undefined/);
  });
});
