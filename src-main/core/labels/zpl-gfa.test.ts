import { describe, expect, it } from 'vitest';
import { decodeGfaData, gfaData } from './zpl-gfa';

describe('^GFA data', () => {
  it('writes uncompressed rows as uppercase hex', () => {
    expect(gfaData(Uint8Array.from([0x00, 0xff, 0x0f, 0xa5]), 2, false)).toBe('00FF0FA5');
  });

  it('compresses runs, row ends and repeated rows with Zebra\'s ASCII scheme', () => {
    // 5 zero bytes then FF: "0" ×10 = count P (G = 1 … P = 10), and the row ends in F: "!".
    expect(gfaData(Uint8Array.from([0, 0, 0, 0, 0, 0xff]), 6, true)).toBe('P0!');
    // A blank row is ",", a repeated row ":".
    expect(gfaData(new Uint8Array(8), 4, true)).toBe(',:');
    // 25 digits A: g (20) + K (5); then "001": H (2) zeros and a 1.
    expect(gfaData(Uint8Array.from([...Array(12).fill(0xaa), 0xa0, 0x01]), 14, true)).toBe('gKAH01');
  });

  it('decodes back to the same bytes for random images', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 20; trial += 1) {
      const bytesPerRow = 1 + Math.floor(random() * 90);
      const rows = 1 + Math.floor(random() * 30);
      const data = new Uint8Array(bytesPerRow * rows);
      // Runs and repeats, like a label: mostly white with black blocks.
      for (let i = 0; i < data.length; i += 1) data[i] = random() < 0.7 ? 0 : random() < 0.5 ? 0xff : Math.floor(random() * 256);
      if (rows > 2) data.copyWithin(bytesPerRow, 0, bytesPerRow);
      expect(decodeGfaData(gfaData(data, bytesPerRow, true), bytesPerRow)).toEqual(data);
      expect(decodeGfaData(gfaData(data, bytesPerRow, false), bytesPerRow)).toEqual(data);
    }
  });
});
