import { describe, expect, it } from 'vitest';
import { ean13CheckDigit, gtinCheckDigit, isValidEan13, isValidGtin } from './ean';

describe('ean13CheckDigit', () => {
  it('matches published EAN-13 codes', () => {
    // GS1's published examples (the check digit is the last digit of the full code).
    expect(ean13CheckDigit('400638133393')).toBe(1); // 4006381333931, GS1 example
    expect(ean13CheckDigit('590123412345')).toBe(7); // 5901234123457, GS1 example
    expect(ean13CheckDigit('000000000000')).toBe(0);
  });

  it('throws when the input is not 12 digits', () => {
    expect(() => ean13CheckDigit('12345')).toThrow(RangeError);
    expect(() => ean13CheckDigit('59012341234a')).toThrow(RangeError);
  });
});

describe('gtinCheckDigit', () => {
  it('computes EAN-8, UPC-A and GTIN-14 check digits with the same weights', () => {
    expect(gtinCheckDigit('9638507')).toBe(4); // EAN-8 96385074
    expect(gtinCheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gtinCheckDigit('1590123412345')).toBe(4); // GTIN-14 15901234123454
  });
});

describe('isValidEan13', () => {
  it('accepts a code with the right check digit', () => {
    expect(isValidEan13('4006381333931')).toBe(true);
  });

  it('rejects a wrong check digit, a wrong length or non-digits', () => {
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan13('400638133393')).toBe(false);
    expect(isValidEan13('40063813339311')).toBe(false);
    expect(isValidEan13('40063813339a1')).toBe(false);
    expect(isValidEan13('')).toBe(false);
  });

  it('detects every single-digit substitution', () => {
    const code = '5901234123457';
    for (let i = 0; i < 13; i += 1) {
      for (let d = 0; d <= 9; d += 1) {
        const changed = code.slice(0, i) + String(d) + code.slice(i + 1);
        expect(isValidEan13(changed)).toBe(changed === code);
      }
    }
  });
});

describe('isValidGtin', () => {
  it('accepts GS1 lengths only', () => {
    expect(isValidGtin('96385074')).toBe(true);
    expect(isValidGtin('036000291452')).toBe(true);
    expect(isValidGtin('15901234123454')).toBe(true);
    expect(isValidGtin('123456789')).toBe(false);
  });
});
