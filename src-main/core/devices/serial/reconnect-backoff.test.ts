import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnect-backoff';

describe('reconnectDelayMs', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => reconnectDelayMs(a))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('stays at the cap for huge attempt counts', () => {
    expect(reconnectDelayMs(1_000_000, { initialDelayMs: 10, maxDelayMs: 300 })).toBe(300);
  });
});
