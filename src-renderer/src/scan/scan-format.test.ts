import { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { aiName, fieldEntries, formatName } from './scan-format';

// A stand-in for i18next's t: the key and its options, so the test sees which text was chosen.
const t = ((key: string, options?: Record<string, unknown>) => (options ? `${key} ${JSON.stringify(options)}` : key)) as unknown as TFunction;

describe('scan-format', () => {
  it('lists GS1 fields by AI, although a JS object puts integer-like keys first', () => {
    const fields = { '01': '04601234567893', '21': '5w9EJp', '93': 'abc1', '17': '261231' };
    expect(Object.keys(fields)).toEqual(['17', '21', '93', '01']);
    expect(fieldEntries(fields).map(([ai]) => ai)).toEqual(['01', '17', '21', '93']);
    expect(fieldEntries(null)).toEqual([]);
  });

  it('names known AIs, weight and price families, and falls back to the number', () => {
    expect(aiName(t, '21')).toBe('scan.ai.21');
    expect(aiName(t, '3103')).toBe('scan.ai.310n');
    expect(aiName(t, '3922')).toBe('scan.ai.392n');
    expect(aiName(t, '8008')).toBe('scan.ai.other {"ai":"8008"}');
  });

  it('names known formats and shows an unknown one as sent', () => {
    expect(formatName(t, 'marking')).toBe('scan.formats.marking');
    expect(formatName(t, 'itf14')).toBe('itf14');
    expect(formatName(t, null)).toBe('stock.noValue');
  });
});
