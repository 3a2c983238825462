import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadLabelFonts } from './fonts';
import { layoutLabel } from './layout';
import { type DisplayItem, labelDpis, labelSizes, labelTemplates } from './layout-types';
import { encodePng } from './png';
import { addEdge, createBitmap, fillEdges, fillRect, packRows } from './raster';
import { renderDisplayList } from './render-bitmap';
import { sampleProduct } from './testing/sample-product';

const ink = (bitmap: { width: number; pixels: Uint8Array }, x: number, y: number) => bitmap.pixels[y * bitmap.width + x];

describe('raster', () => {
  it('fills a polygon where at least half of a dot is covered', () => {
    const bitmap = createBitmap(10, 10);
    const edges: number[] = [];
    // A square from (2,2) to (6.4,6.6): column 6 is 40 % covered (stays white), row 6 is 60 % (black).
    addEdge(edges, 2, 2, 6.4, 2);
    addEdge(edges, 6.4, 2, 6.4, 6.6);
    addEdge(edges, 6.4, 6.6, 2, 6.6);
    addEdge(edges, 2, 6.6, 2, 2);
    fillEdges(bitmap, edges);
    const black: string[] = [];
    for (let y = 0; y < 10; y += 1) for (let x = 0; x < 10; x += 1) if (ink(bitmap, x, y) === 1) black.push(`${x},${y}`);
    expect(black).toHaveLength(4 * 4 + 4 * 1 - 4 + 4); // columns 2–5, rows 2–6
    expect(ink(bitmap, 6, 3)).toBe(0);
    expect(ink(bitmap, 3, 6)).toBe(1);
  });

  it('packs rows MSB first with the ink bit each language wants', () => {
    const bitmap = createBitmap(10, 1);
    fillRect(bitmap, 0, 0, 1, 1);
    fillRect(bitmap, 9, 0, 1, 1);
    expect(Buffer.from(packRows(bitmap, 1).data).toString('hex')).toBe('8040');
    expect(Buffer.from(packRows(bitmap, 0).data).toString('hex')).toBe('7fbf');
  });

  it('writes a 1-bit PNG that a PNG decoder reads back dot for dot', () => {
    const bitmap = createBitmap(13, 3);
    fillRect(bitmap, 2, 1, 9, 1);
    const png = PNG.sync.read(encodePng(bitmap));
    expect([png.width, png.height]).toEqual([13, 3]);
    for (let y = 0; y < 3; y += 1) {
      for (let x = 0; x < 13; x += 1) expect(png.data[(y * 13 + x) * 4] === 0 ? 1 : 0).toBe(ink(bitmap, x, y));
    }
  });
});

function boxOf(item: DisplayItem): { x0: number; y0: number; x1: number; y1: number } {
  if (item.kind === 'text') return { x0: item.x, y0: item.y, x1: item.x + item.width, y1: item.y + item.lines.length * item.lineHeight };
  // EAN-13 prints its first digit in the left quiet zone.
  const left = item.kind === 'barcode' && item.symbology === 'ean13' ? item.x - 11 * item.module : item.x;
  return { x0: left, y0: item.y, x1: item.x + item.width, y1: item.y + item.height };
}

describe('renderDisplayList', () => {
  const fonts = loadLabelFonts();

  it('puts ink only inside the boxes of the display list (the preview matches the layout)', () => {
    for (const template of labelTemplates) {
      for (const size of labelSizes) {
        for (const dpi of labelDpis) {
          const list = layoutLabel(sampleProduct, template, size, dpi);
          const bitmap = renderDisplayList(list, fonts);
          const boxes = list.items.map(boxOf);
          // Accents of capitals (Ё, Й) may rise a little above their line: 3 dots of slack.
          const slack = 3;
          let outside = 0;
          let total = 0;
          for (let y = 0; y < bitmap.height; y += 1) {
            for (let x = 0; x < bitmap.width; x += 1) {
              if (ink(bitmap, x, y) !== 1) continue;
              total += 1;
              if (!boxes.some((b) => x >= b.x0 - slack && x < b.x1 + slack && y >= b.y0 - slack && y < b.y1 + slack)) outside += 1;
            }
          }
          expect(outside, `${template}-${size}@${dpi}`).toBe(0);
          expect(total, `${template}-${size}@${dpi}`).toBeGreaterThan(bitmap.width * bitmap.height * 0.05);
        }
      }
    }
  });

  it('gives the same image twice', () => {
    const list = layoutLabel(sampleProduct, 'price', '40x25', 300);
    expect(renderDisplayList(list, fonts).pixels).toEqual(renderDisplayList(list, fonts).pixels);
  });
});
