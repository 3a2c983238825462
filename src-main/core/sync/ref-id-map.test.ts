import { describe, expect, it } from 'vitest';
import { createRefIdMap } from './ref-id-map';

const guid = (n: number, word = 0): string => {
  const hex = n.toString(16).padStart(12, '0');
  return `${word.toString(16).padStart(8, '0')}-0000-11ee-8000-${hex}`;
};

describe('createRefIdMap', () => {
  it('finds every id set when it grows far beyond its first capacity', () => {
    const map = createRefIdMap();
    for (let n = 0; n < 50_000; n += 1) map.set(guid(n, n % 7), n + 1);
    expect(map.size).toBe(50_000);
    for (let n = 0; n < 50_000; n += 1) expect(map.get(guid(n, n % 7))).toBe(n + 1);
    expect(map.get(guid(50_000, 0))).toBeUndefined();
  });

  it('tells apart refs that differ in one word only', () => {
    const map = createRefIdMap(10);
    map.set(guid(1, 1), 10);
    map.set(guid(1, 2), 20);
    expect(map.get(guid(1, 1))).toBe(10);
    expect(map.get(guid(1, 2))).toBe(20);
    expect(map.get(guid(1, 3))).toBeUndefined();
  });

  it('replaces the id of a ref set twice', () => {
    const map = createRefIdMap();
    map.set(guid(5), 1);
    map.set(guid(5), 2);
    expect(map.get(guid(5))).toBe(2);
    expect(map.size).toBe(1);
  });

  it('compares refs that are not canonical GUIDs as exact text, like SQLite', () => {
    const map = createRefIdMap();
    const lower = guid(9);
    map.set(lower.toUpperCase(), 1);
    map.set('not-a-guid', 2);
    map.set('', 3);
    expect(map.get(lower)).toBeUndefined();
    expect(map.get(lower.toUpperCase())).toBe(1);
    expect(map.get('not-a-guid')).toBe(2);
    expect(map.get('')).toBe(3);
    expect(map.get(`${lower.slice(0, 8)}x${lower.slice(9)}`)).toBeUndefined();
    expect(map.size).toBe(3);
  });

  it('keeps ids SQLite may hand out beyond 32 bits', () => {
    const map = createRefIdMap();
    map.set(guid(1), 2 ** 40 + 3);
    expect(map.get(guid(1))).toBe(2 ** 40 + 3);
  });
});
