import { describe, expect, it } from 'vitest';
import { backoffDelayMs, defaultRetryPolicy, parseRetryAfterMs } from './retry-policy';

describe('backoffDelayMs', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
  it('grows exponentially under full jitter and stays under the cap', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelayMs(n, policy, () => 0.999_999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
  });
  it('keeps the documented defaults', () => {
    expect(defaultRetryPolicy).toEqual({ maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 15_000 });
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfterMs('5', 0)).toBe(5000);
    expect(parseRetryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfterMs('soon', 0)).toBeNull();
    expect(parseRetryAfterMs(null, 0)).toBeNull();
  });
});
