import { describe, expect, it } from 'vitest';
import { proposeWedgeSettings } from './calibration';
import { type WedgeScan } from './wedge-decoder';

function sample(text: string, intervals: number[], options: Partial<WedgeScan> = {}): WedgeScan {
  return { text, typed: text, startedAt: 0, lastKeyAt: 0, intervals, terminator: 'enter', ...options };
}

describe('proposeWedgeSettings', () => {
  it('proposes a safe margin above the slowest gap and the minimum length', () => {
    const proposal = proposeWedgeSettings([sample('4601234567893', [4, 6, 5, 12, 4]), sample('4601234567893', [3, 8, 4])]);
    expect(proposal).toMatchObject({ maxInterKeyMs: 28, minLength: 6, isEnterRequired: true, measuredMaxMs: 12, samples: 2 });
    expect(proposal?.measuredMeanMs).toBeCloseTo(46 / 8);
    expect(proposal?.isTooSlow).toBe(false);
  });

  it('never proposes less than 20 ms, nor more than the contract allows', () => {
    expect(proposeWedgeSettings([sample('12345678', [1, 1, 2])])?.maxInterKeyMs).toBe(20);
    const slow = proposeWedgeSettings([sample('12345678', [150, 140])]);
    expect(slow?.maxInterKeyMs).toBe(200);
    expect(slow?.isTooSlow).toBe(true);
  });

  it('keeps short codes scannable and notices a missing Enter, the layout and GS', () => {
    const proposal = proposeWedgeSettings([
      sample('ab12', [5], { typed: 'фи12', terminator: 'none' }),
      sample('01046012345678932151\u001d93abc1', [5], { typed: '01046012345678932151' + '93фис1' }),
    ]);
    expect(proposal).toMatchObject({ minLength: 4, isEnterRequired: false, isLayoutRemapped: true, hasGs: true, shortestLength: 4 });
  });

  it('proposes nothing without a scan', () => {
    expect(proposeWedgeSettings([])).toBeNull();
  });
});
