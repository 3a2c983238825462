import { describe, expect, it } from 'vitest';
import { alertConditions } from '../../../src-preload/contract/alerts';
import { conditionBecameTrue, conditionHolds } from './alert-rule';

describe('conditionBecameTrue', () => {
  it('is conditionHolds for the new values and not for the old ones (nothing held for an unknown pair), for every condition', () => {
    const quantities = [-2000, -1, 0, 1, 999, 1000, 1001, 5000, 7000];
    const minimums = [null, 0, 1000, 5000];
    let checked = 0;
    for (const condition of alertConditions) {
      for (const threshold of [null, 0, 1000, 5000]) {
        const rule = { condition, threshold };
        for (const qty of quantities) {
          for (const minQty of minimums) {
            for (const oldQty of [null, ...quantities]) {
              for (const oldMinQty of minimums) {
                const expected = conditionHolds(rule, qty, minQty) && !(oldQty !== null && conditionHolds(rule, oldQty, oldMinQty));
                expect(conditionBecameTrue(rule, qty, minQty, oldQty, oldMinQty), JSON.stringify({ rule, qty, minQty, oldQty, oldMinQty })).toBe(expected);
                checked += 1;
              }
            }
          }
        }
      }
    }
    expect(checked).toBe(5 * 4 * 9 * 4 * 10 * 4);
  });
});
