import { describe, expect, it } from 'vitest';
import { barRuns, ean13CheckDigit, ean13Modules, isValidEan13 } from './ean13';

describe('ean13', () => {
  it('computes the check digit of the design doc example (§3.9)', () => {
    expect(ean13CheckDigit('460123456789')).toBe(3);
    expect(isValidEan13('4601234567893')).toBe(true);
    expect(isValidEan13('4601234567890')).toBe(false);
    expect(isValidEan13('460123456789')).toBe(false);
  });

  it('lays out guards, six left digits with the parity of the first digit, and six right digits', () => {
    const modules = ean13Modules('4601234567893');
    expect(modules).toHaveLength(95);
    expect(modules?.slice(0, 3)).toBe('101');
    expect(modules?.slice(45, 50)).toBe('01010');
    expect(modules?.slice(92)).toBe('101');
    // Every left digit starts with a space and ends with a bar, every right digit the opposite.
    for (let i = 0; i < 6; i += 1) {
      const left = modules?.slice(3 + i * 7, 10 + i * 7) ?? '';
      expect(left.startsWith('0') && left.endsWith('1')).toBe(true);
      const right = modules?.slice(50 + i * 7, 57 + i * 7) ?? '';
      expect(right.startsWith('1') && right.endsWith('0')).toBe(true);
    }
    // Parity: L codes have an odd number of bar modules, G codes an even one.
    const oddness = [0, 1, 2, 3, 4, 5].map((i) => [...(modules?.slice(3 + i * 7, 10 + i * 7) ?? '')].filter((m) => m === '1').length % 2);
    expect(oddness.map((odd) => (odd === 1 ? 'L' : 'G')).join('')).toBe('LGLLGG');
    // 4|601234|567893: "6" in L, "0" in G, then "5" and "6" in R (GS1 tables).
    expect(modules?.slice(3, 10)).toBe('0101111');
    expect(modules?.slice(10, 17)).toBe('0100111');
    expect(modules?.slice(50, 57)).toBe('1001110');
    expect(modules?.slice(57, 64)).toBe('1010000');
  });

  it('refuses anything but a valid EAN-13 and merges adjacent bar modules into runs', () => {
    expect(ean13Modules('4601234567890')).toBeNull();
    expect(barRuns('0110100111')).toEqual([
      [1, 2],
      [4, 1],
      [7, 3],
    ]);
  });
});
