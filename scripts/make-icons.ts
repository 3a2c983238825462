// Draws the Prilavok mark (a price tag) and writes resources/icon.png (512×512, for electron-builder
// and Linux) and resources/icon.ico (16, 32, 48 as 32-bit BMP entries; 256 as a PNG entry, which
// Windows has read since Vista). Pure Node: the PNG is deflated with node:zlib, the ICO container is
// written by hand. Deterministic: the same code always gives the same bytes.
//
//   npx tsx scripts/make-icons.ts [outDir]      (outDir defaults to the repository's resources/)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodePngRows } from '../src-main/core/labels/png';

/** Straight (not premultiplied) RGBA, rows top to bottom. */
export type Rgba = { width: number; height: number; data: Uint8Array };

export const icoSizes = [16, 32, 48, 256] as const;
export const pngSize = 512;

const tagColour = [0x1e, 0x7b, 0x4f] as const; // shop green
const lineColour = [0xff, 0xff, 0xff] as const;

// The tag in its own unit square, pointing left: a body with rounded right corners, a triangular
// nose, a string hole near the nose and two "price" lines. The whole tag is turned 45° so the nose
// points to the top left, the way a hanging price tag is usually drawn.
const body = { x0: 0.34, x1: 0.94, y0: 0.24, y1: 0.76, r: 0.09 };
const noseTipX = 0.06;
const hole = { x: 0.27, y: 0.5, r: 0.065 };
const lines = [
  { x0: 0.46, x1: 0.84, y: 0.41, h: 0.075 },
  { x0: 0.46, x1: 0.7, y: 0.59, h: 0.075 },
];
const turn = Math.PI / 4;
// The turned tag is lopsided (a point at one end, a broad body at the other): scaled so its bounding
// box fills ~90% of the square, and shifted so that box is centred.
const scale = 1.17;
const shift = 0.085;

type Paint = 'none' | 'tag' | 'line';

function inBody(x: number, y: number): boolean {
  if (x < body.x0 || x > body.x1 || y < body.y0 || y > body.y1) return false;
  const cx = body.x1 - body.r;
  if (x <= cx) return true;
  const cy = y < body.y0 + body.r ? body.y0 + body.r : y > body.y1 - body.r ? body.y1 - body.r : y;
  return (x - cx) ** 2 + (y - cy) ** 2 <= body.r ** 2;
}

function inNose(x: number, y: number): boolean {
  if (x < noseTipX || x > body.x0) return false;
  const halfHeight = ((x - noseTipX) / (body.x0 - noseTipX)) * ((body.y1 - body.y0) / 2);
  return Math.abs(y - 0.5) <= halfHeight;
}

function paintAt(u: number, v: number): Paint {
  // (u, v): the pixel's position in the unit square; turn it back into the tag's own frame.
  const dx = (u + shift - 0.5) / scale;
  const dy = (v + shift - 0.5) / scale;
  const x = 0.5 + dx * Math.cos(turn) + dy * Math.sin(turn);
  const y = 0.5 - dx * Math.sin(turn) + dy * Math.cos(turn);
  if (!inBody(x, y) && !inNose(x, y)) return 'none';
  if ((x - hole.x) ** 2 + (y - hole.y) ** 2 <= hole.r ** 2) return 'none';
  for (const line of lines) {
    if (x >= line.x0 && x <= line.x1 && Math.abs(y - line.y) <= line.h / 2) return 'line';
  }
  return 'tag';
}

/** The mark at `size`×`size`, anti-aliased by sampling each pixel on a 6×6 grid. */
export function renderMark(size: number): Rgba {
  const grid = 6;
  const data = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let tag = 0;
      let line = 0;
      for (let sy = 0; sy < grid; sy += 1) {
        for (let sx = 0; sx < grid; sx += 1) {
          const paint = paintAt((px + (sx + 0.5) / grid) / size, (py + (sy + 0.5) / grid) / size);
          if (paint === 'tag') tag += 1;
          else if (paint === 'line') line += 1;
        }
      }
      const covered = tag + line;
      if (covered === 0) continue;
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c += 1) {
        data[i + c] = Math.round(((tagColour[c] ?? 0) * tag + (lineColour[c] ?? 0) * line) / covered);
      }
      data[i + 3] = Math.round((255 * covered) / (grid * grid));
    }
  }
  return { width: size, height: size, data };
}

/** An 8-bit RGBA PNG (colour type 6), through the same writer as the label previews. */
export function encodePng(image: Rgba): Buffer {
  const stride = image.width * 4;
  return encodePngRows({ width: image.width, height: image.height, bitDepth: 8, colorType: 6, bytesPerRow: stride }, (y) => image.data.subarray(y * stride, (y + 1) * stride), 9);
}

/**
 * The BMP form of an ICO entry: a BITMAPINFOHEADER whose height counts the colour rows and the AND
 * mask together, 32-bit BGRA rows bottom-up, then the 1-bit AND mask (set where fully transparent),
 * each mask row padded to 4 bytes.
 */
export function encodeIcoBmp(image: Rgba): Buffer {
  const { width, height, data } = image;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8);
  header.writeUInt16LE(1, 12); // planes
  header.writeUInt16LE(32, 14); // bits per pixel
  // BI_RGB, image size 0, resolution 0, palette 0: already zero
  const pixels = Buffer.alloc(width * height * 4);
  const maskStride = Math.ceil(width / 32) * 4;
  const mask = Buffer.alloc(maskStride * height);
  for (let y = 0; y < height; y += 1) {
    const row = height - 1 - y;
    for (let x = 0; x < width; x += 1) {
      const from = (y * width + x) * 4;
      const to = (row * width + x) * 4;
      pixels[to] = data[from + 2] ?? 0;
      pixels[to + 1] = data[from + 1] ?? 0;
      pixels[to + 2] = data[from] ?? 0;
      pixels[to + 3] = data[from + 3] ?? 0;
      if ((data[from + 3] ?? 0) === 0) {
        const at = row * maskStride + (x >> 3);
        mask[at] = (mask[at] ?? 0) | (0x80 >> (x & 7));
      }
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

/** An ICO file: 6-byte header, one 16-byte directory entry per image, then the images. */
export function encodeIco(images: readonly { size: number; bytes: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const directory = Buffer.alloc(16 * images.length);
  let offset = header.length + directory.length;
  images.forEach(({ size, bytes }, index) => {
    const at = index * 16;
    directory[at] = size >= 256 ? 0 : size; // 0 means 256
    directory[at + 1] = size >= 256 ? 0 : size;
    directory[at + 2] = 0; // no palette
    directory[at + 3] = 0; // reserved
    directory.writeUInt16LE(1, at + 4); // colour planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(bytes.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += bytes.length;
  });
  return Buffer.concat([header, directory, ...images.map((image) => image.bytes)]);
}

export function makeIcons(): { png: Buffer; ico: Buffer } {
  const png = encodePng(renderMark(pngSize));
  const ico = encodeIco(
    icoSizes.map((size) => ({
      size,
      bytes: size >= 256 ? encodePng(renderMark(size)) : encodeIcoBmp(renderMark(size)),
    })),
  );
  return { png, ico };
}

function main(outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  const { png, ico } = makeIcons();
  writeFileSync(join(outDir, 'icon.png'), png);
  writeFileSync(join(outDir, 'icon.ico'), ico);
  process.stdout.write(`icon.png ${png.length} bytes, icon.ico ${ico.length} bytes in ${outDir}\n`);
}

// Run only when started as a script (tsx), not when a test imports the functions.
if (process.argv[1] !== undefined && /make-icons\.ts$/.test(process.argv[1])) {
  main(resolve(process.argv[2] ?? join(__dirname, '..', 'resources')));
}
