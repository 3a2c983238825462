import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../demo/seeded-random';
import {
  ean13ToUpca,
  gtin14Indicator,
  gtinCheckDigit,
  gtinKindOf,
  gtinLookupForms,
  isValidGtin,
  toGtin14,
  upcaToEan13,
  withCheckDigit,
} from './gtin';

const random = createSeededRandom(5);
const randomDigits = (length: number) => Array.from({ length }, () => String(random.int(10))).join('');

describe('GS1 check digits (property)', () => {
  it.each([
    ['EAN-8', 7],
    ['UPC-A', 11],
    ['EAN-13', 12],
    ['GTIN-14', 13],
  ])('accepts every random %s body with its computed check digit and rejects the nine other digits', (_name, dataLength) => {
    for (let run = 0; run < 2_000; run += 1) {
      const data = randomDigits(dataLength);
      const check = gtinCheckDigit(data);
      expect(isValidGtin(`${data}${check}`)).toBe(true);
      const wrong = (check + 1 + random.int(9)) % 10;
      expect(isValidGtin(`${data}${wrong}`)).toBe(false);
    }
  });

  it.each([8, 12, 13, 14])('catches every single-digit error in a random valid %i-digit code', (length) => {
    for (let run = 0; run < 500; run += 1) {
      const code = withCheckDigit(randomDigits(length - 1));
      const position = random.int(length);
      const original = code.charCodeAt(position) - 48;
      const replacement = (original + 1 + random.int(9)) % 10;
      const changed = code.slice(0, position) + String(replacement) + code.slice(position + 1);
      expect(isValidGtin(changed), `${code} → ${changed}`).toBe(false);
    }
  });

  it('catches every adjacent transposition except digits that differ by 5 (a known limit of mod 10)', () => {
    for (let run = 0; run < 2_000; run += 1) {
      const code = withCheckDigit(randomDigits(12));
      const i = random.int(12);
      const a = code.charAt(i);
      const b = code.charAt(i + 1);
      if (a === b) continue;
      const swapped = code.slice(0, i) + b + a + code.slice(i + 2);
      expect(isValidGtin(swapped)).toBe(Math.abs(Number(a) - Number(b)) === 5);
    }
  });

  it('matches the design doc example: 460123456789 → check digit 3 (§3.9)', () => {
    expect(gtinCheckDigit('460123456789')).toBe(3);
    expect(withCheckDigit('460123456789')).toBe('4601234567893');
  });
});

describe('GTIN forms', () => {
  it('knows the kind by length', () => {
    expect(gtinKindOf('96385074')).toBe('ean8');
    expect(gtinKindOf('036000291452')).toBe('upca');
    expect(gtinKindOf('4601234567893')).toBe('ean13');
    expect(gtinKindOf('04601234567893')).toBe('gtin14');
    expect(gtinKindOf('123456789')).toBeNull();
    expect(gtinKindOf('46012345678a3')).toBeNull();
  });

  it('pads to GTIN-14 and converts UPC-A ↔ EAN-13 with a leading zero (§3.9)', () => {
    expect(toGtin14('4601234567893')).toBe('04601234567893');
    expect(toGtin14('96385074')).toBe('00000096385074');
    expect(upcaToEan13('036000291452')).toBe('0036000291452');
    expect(ean13ToUpca('0036000291452')).toBe('036000291452');
    expect(ean13ToUpca('4601234567893')).toBeNull();
    expect(isValidGtin('0036000291452')).toBe(true);
  });

  it('lists every stored form of one GTIN, the scanned one first', () => {
    expect(gtinLookupForms('04601234567893')).toEqual(['04601234567893', '4601234567893']);
    expect(gtinLookupForms('4601234567893')).toEqual(['4601234567893', '04601234567893']);
    expect(gtinLookupForms('036000291452')).toEqual(['036000291452', '0036000291452', '00036000291452']);
    expect(gtinLookupForms('00000096385074')).toEqual(['00000096385074', '0000096385074', '000096385074', '96385074']);
    expect(gtinLookupForms('14601234567890')).toEqual(['14601234567890']);
    expect(gtinLookupForms('abc')).toEqual([]);
  });

  it('reads the ITF-14 packaging indicator', () => {
    expect(gtin14Indicator('14601234567890')).toBe(1);
    expect(gtin14Indicator('04601234567893')).toBe(0);
    expect(gtin14Indicator('4601234567893')).toBeNull();
  });
});
