// A 1-bit grayscale PNG of a label bitmap (the --preview file). PNG is simple enough that ~40 lines
// with node:zlib beat a dependency: signature, IHDR, one IDAT, IEND (PNG spec, ISO/IEC 15948).
import { deflateSync } from 'node:zlib';
import { type Bitmap, packRows } from './raster';

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export type PngFormat = { width: number; height: number; bitDepth: number; colorType: number; bytesPerRow: number };

/** Signature, IHDR, one IDAT of the rows (filter 0 each), IEND; `rowAt(y)` gives row y's bytes. */
export function encodePngRows(format: PngFormat, rowAt: (y: number) => Uint8Array, level = 6): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(format.width, 0);
  ihdr.writeUInt32BE(format.height, 4);
  ihdr[8] = format.bitDepth;
  ihdr[9] = format.colorType;
  // bytes 10–12: deflate, adaptive filtering, no interlace
  const stride = format.bytesPerRow + 1;
  const raw = Buffer.alloc(stride * format.height);
  for (let y = 0; y < format.height; y += 1) {
    raw[y * stride] = 0; // filter: none
    raw.set(rowAt(y), y * stride + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Black dots stay black; everything else is white (1-bit grayscale: a 1 bit is white). */
export function encodePng(bitmap: Bitmap): Buffer {
  const { bytesPerRow, data } = packRows(bitmap, 0);
  return encodePngRows({ width: bitmap.width, height: bitmap.height, bitDepth: 1, colorType: 0, bytesPerRow }, (y) => data.subarray(y * bytesPerRow, (y + 1) * bytesPerRow));
}
