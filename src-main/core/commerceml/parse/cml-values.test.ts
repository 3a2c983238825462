import { describe, expect, it } from 'vitest';
import { normalizeCurrency, normalizeRef, parseBoolean, parseCmlDate, parseScaledDecimal, splitItemId, trimmed } from './cml-values';

describe('parseScaledDecimal', () => {
  it('reads prices as kopecks exactly, whatever separator and grouping the file uses', () => {
    expect(parseScaledDecimal('10500', 100)).toEqual({ value: 1_050_000, isRounded: false });
    expect(parseScaledDecimal('231.7400', 100)).toEqual({ value: 23_174, isRounded: false });
    expect(parseScaledDecimal('1 111,5', 100)).toEqual({ value: 111_150, isRounded: false });
    expect(parseScaledDecimal('1\u00a0234.05', 100)).toEqual({ value: 123_405, isRounded: false });
    expect(parseScaledDecimal('0.1', 100)).toEqual({ value: 10, isRounded: false });
    // 0.1 + 0.2 as floats would not be 30 kopecks; digits are added, not floats.
    expect(parseScaledDecimal('.3', 100)).toEqual({ value: 30, isRounded: false });
  });

  it('rounds half away from zero when the file has more decimals, and says so', () => {
    expect(parseScaledDecimal('1.005', 100)).toEqual({ value: 101, isRounded: true });
    expect(parseScaledDecimal('1.0049', 100)).toEqual({ value: 100, isRounded: true });
    expect(parseScaledDecimal('-2.5555', 1000)).toEqual({ value: -2_556, isRounded: true });
    expect(parseScaledDecimal('1.0000', 1000)).toEqual({ value: 1_000, isRounded: false });
  });

  it('reads quantities as thousandths, negative balances included', () => {
    expect(parseScaledDecimal('2.5', 1000)).toEqual({ value: 2_500, isRounded: false });
    expect(parseScaledDecimal('-3', 1000)).toEqual({ value: -3_000, isRounded: false });
    expect(parseScaledDecimal('0', 1000)).toEqual({ value: 0, isRounded: false });
  });

  it('refuses what is not a number', () => {
    for (const raw of ['', ' ', 'Без налога', '1.2.3', '1-2', '12a', '--1', '1e5', null, undefined]) expect(parseScaledDecimal(raw, 100)).toBeNull();
    expect(parseScaledDecimal('9'.repeat(20), 100)).toBeNull();
  });
});

describe('parseCmlDate', () => {
  it('reads ДатаФормирования as local time, padded or not', () => {
    expect(parseCmlDate('2020-04-07T13:16:06')).toBe(new Date(2020, 3, 7, 13, 16, 6).getTime());
    expect(parseCmlDate('2014-06-01T0:36:33')).toBe(new Date(2014, 5, 1, 0, 36, 33).getTime());
    expect(parseCmlDate('2026-1-5T9:05:07')).toBe(new Date(2026, 0, 5, 9, 5, 7).getTime());
    expect(parseCmlDate('2007-10-30')).toBe(new Date(2007, 9, 30).getTime());
  });

  it('honours a zone, and the plugin-made UTC form', () => {
    expect(parseCmlDate('2022-10-31UTC02:25:50')).toBe(Date.UTC(2022, 9, 31, 2, 25, 50));
    expect(parseCmlDate('2022-10-31T05:25:50+03:00')).toBe(Date.UTC(2022, 9, 31, 2, 25, 50));
    expect(parseCmlDate('2022-10-31T02:25:50Z')).toBe(Date.UTC(2022, 9, 31, 2, 25, 50));
  });

  it('is null for what is not a date', () => {
    for (const raw of ['', 'вчера', '2022-13-01', '2022-10-31T25:00:00', null]) expect(parseCmlDate(raw)).toBeNull();
  });
});

describe('ids', () => {
  it('splits product#variant at the first #, lower-casing GUIDs as the mirror stores refs', () => {
    expect(splitItemId('05E26D70-01E4-11DC-A411-00055D80A2D1#05e26d76-01e4-11dc-a411-00055d80a2d1')).toEqual({
      productRef: '05e26d70-01e4-11dc-a411-00055d80a2d1',
      variantRef: '05e26d76-01e4-11dc-a411-00055d80a2d1',
      raw: '05E26D70-01E4-11DC-A411-00055D80A2D1#05e26d76-01e4-11dc-a411-00055d80a2d1',
    });
    expect(splitItemId(' bd72d8f9-55bc-11d9-848a-00112f43529a# ')?.variantRef).toBeNull();
    expect(splitItemId('CML2_ACTIVE')).toEqual({ productRef: 'CML2_ACTIVE', variantRef: null, raw: 'CML2_ACTIVE' });
    expect(splitItemId('#abc')).toBeNull();
    expect(splitItemId('  ')).toBeNull();
    expect(normalizeRef('Отпускная цена')).toBe('Отпускная цена');
  });
});

describe('small values', () => {
  it('reads xsd booleans in every spelling seen', () => {
    expect(['true', '1', ' TRUE ', 'истина'].map(parseBoolean)).toEqual([true, true, true, true]);
    expect(['false', '0', 'ложь'].map(parseBoolean)).toEqual([false, false, false]);
    expect([null, '', 'maybe'].map(parseBoolean)).toEqual([null, null, null]);
  });

  it('maps currency spellings to ISO letters and trims padded codes', () => {
    expect(['руб', 'руб.', 'RUB', '643', 'грн', 'USD', 'XYZ', ''].map(normalizeCurrency)).toEqual(['RUB', 'RUB', 'RUB', 'RUB', 'UAH', 'USD', 'XYZ', null]);
    expect(trimmed('796 ')).toBe('796');
    expect(trimmed('L319       ')).toBe('L319');
    expect(trimmed('\u00a0шт\u00a0')).toBe('шт');
  });
});
