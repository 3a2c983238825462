import { randomBytes } from 'node:crypto';
import { v7 as uuidv7, validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { idsAt } from './alert-ids';

describe('idsAt', () => {
  it("writes exactly uuid's v7({ msecs, seq, random }) for each id, the counter running up from the random start", () => {
    const count = 3000;
    const msecs = Date.UTC(2026, 10, 22, 9, 30, 0, 123);
    for (const random of [randomBytes(16 * count + 4), Buffer.alloc(16 * count + 4, 0xff), Buffer.alloc(16 * count + 4, 0)]) {
      const ids = idsAt(msecs, count, random);
      let seq = random.readUInt32BE(16 * count) & 0x1fffffff;
      const expected = Array.from({ length: count }, (_, i) => uuidv7({ msecs, seq: seq++, random: random.subarray(16 * i, 16 * i + 16) }));
      expect(ids).toEqual(expected);
    }
  });

  it('makes valid, unique, ascending version 7 ids', () => {
    const ids = idsAt(Date.now(), 10_000);
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(idsAt(Date.now(), 0)).toEqual([]);
  });
});
