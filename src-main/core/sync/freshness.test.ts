import { describe, expect, it } from 'vitest';
import { isStale } from './freshness';

const minute = 60_000;

describe('isStale', () => {
  it('is stale when the data was never taken', () => {
    expect(isStale(null, 15, 1_000_000)).toBe(true);
    expect(isStale(undefined, 15, 1_000_000)).toBe(true);
  });

  it('is fresh just under the TTL and stale at it', () => {
    const now = 100 * minute;
    expect(isStale(now - 15 * minute + 1, 15, now)).toBe(false);
    expect(isStale(now - 15 * minute, 15, now)).toBe(true);
  });

  it('is always stale with a TTL of zero or less', () => {
    expect(isStale(1000, 0, 1000)).toBe(true);
    expect(isStale(1000, -5, 1000)).toBe(true);
  });

  it('is fresh when the time lies in the future (clock moved back)', () => {
    expect(isStale(10 * minute, 15, 0)).toBe(false);
  });
});
