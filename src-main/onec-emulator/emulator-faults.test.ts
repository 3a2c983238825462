import { describe, expect, it } from 'vitest';
import { createFaultDice, parseFaultSpec } from './emulator-faults';

describe('emulator-faults', () => {
  it('parses the --faults syntax and refuses unknown kinds, bad numbers and sums above 1', () => {
    expect(parseFaultSpec('500:0.1,reset:0.05,truncate:0.02,slow:0.1,html200:0.05,401:0.02')).toEqual({ '500': 0.1, reset: 0.05, truncate: 0.02, slow: 0.1, html200: 0.05, '401': 0.02 });
    expect(() => parseFaultSpec('boom:0.1')).toThrow(RangeError);
    expect(() => parseFaultSpec('500:1.5')).toThrow(RangeError);
    expect(() => parseFaultSpec('500:abc')).toThrow(RangeError);
    expect(() => parseFaultSpec('500:0.7,503:0.6')).toThrow(/больше 1/);
  });

  it('serves queued failures first, then seeded dice', () => {
    const roll = (seed: number) => {
      const dice = createFaultDice(seed, '500:0.5');
      dice.failNext('reset', 2);
      return Array.from({ length: 12 }, () => dice.draw());
    };
    const a = roll(3);
    expect(a.slice(0, 2)).toEqual(['reset', 'reset']);
    expect(a).toEqual(roll(3));
    expect(new Set(a.slice(2))).toEqual(new Set(['500', null]));
    const off = createFaultDice(1, null);
    expect(Array.from({ length: 5 }, () => off.draw())).toEqual([null, null, null, null, null]);
  });
});
