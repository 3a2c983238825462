// Ids of the rows an evaluation writes (alerts and their deliveries), thousands at a time.
import { randomBytes } from 'node:crypto';

const hexDigits = Buffer.from('0123456789abcdef', 'latin1');

/**
 * UUIDv7 ids for `count` rows created at `msecs`: the random bytes are drawn once for all of them
 * (a draw per id costs more than the insert), and the 31-bit counter the spec allows after the
 * timestamp runs up from a random start, so ids are unique and ascend in the order written (the
 * primary key index is appended to, not split at random places). The bytes are uuid's v7 layout
 * with `seq` (what `v7({ msecs, seq, random })` returns; alert-ids.test.ts compares them), written
 * as text into one buffer: formatting 12,000 ids one by one through uuid took ~8 ms of an alert
 * storm. `random`: 16 bytes per id and 4 for the counter's start (tests pass their own).
 */
export function idsAt(msecs: number, count: number, random: Buffer = randomBytes(16 * count + 4)): string[] {
  let seq = random.readUInt32BE(16 * count) & 0x1fffffff;
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(msecs, 0, 6);
  const text = Buffer.allocUnsafe(36 * count);
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    const r = 16 * i;
    bytes[6] = 0x70 | ((seq >>> 28) & 0x0f);
    bytes[7] = (seq >>> 20) & 0xff;
    bytes[8] = 0x80 | ((seq >>> 14) & 0x3f);
    bytes[9] = (seq >>> 6) & 0xff;
    bytes[10] = ((seq << 2) & 0xff) | ((random[r + 10] ?? 0) & 0x03);
    random.copy(bytes, 11, r + 11, r + 16);
    seq += 1;
    for (let b = 0; b < 16; b += 1) {
      if (b === 4 || b === 6 || b === 8 || b === 10) text[at++] = 0x2d;
      const value = bytes[b] ?? 0;
      text[at++] = hexDigits[value >> 4] ?? 0;
      text[at++] = hexDigits[value & 0x0f] ?? 0;
    }
  }
  const all = text.toString('latin1');
  const out = new Array<string>(count);
  for (let i = 0; i < count; i += 1) out[i] = all.slice(36 * i, 36 * i + 36);
  return out;
}
