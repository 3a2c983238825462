// An independent look at our ZPL: zpl-renderer-js (zebrash, a Go ZPL renderer compiled to WASM) draws
// it offline, zxing-wasm (ZXing-C++) reads the barcode back from that picture, and our own preview of
// the same display list must put its ink where zebrash does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ReadResult, prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type * as ZplRenderer from 'zpl-renderer-js';
import { loadLabelFonts } from './fonts';
import { layoutLabel } from './layout';
import { type BarcodeItem, type DisplayList, type LabelDpi, type RuleItem, type TextItem } from './layout-types';
import { encodePng } from './png';
import { type Bitmap } from './raster';
import { renderDisplayList } from './render-bitmap';
import { renderDisplayListAs } from './render-label';
import { sampleProduct } from './testing/sample-product';

const requireFromHere = createRequire(__filename);
// Loaded by Node itself, not through Vite: the package points at source maps it does not ship.
const { ready } = requireFromHere('zpl-renderer-js') as typeof ZplRenderer;

type Gray = { width: number; height: number; isInk(x: number, y: number): boolean };

function fromPng(png: Buffer): Gray {
  const image = PNG.sync.read(png);
  return {
    width: image.width,
    height: image.height,
    // zebrash draws black on a transparent or white background.
    isInk: (x, y) => {
      const i = (y * image.width + x) * 4;
      return (image.data[i + 3] ?? 0) > 127 && (image.data[i] ?? 255) < 128;
    },
  };
}

function fromBitmap(bitmap: Bitmap): Gray {
  return { width: bitmap.width, height: bitmap.height, isInk: (x, y) => bitmap.pixels[y * bitmap.width + x] === 1 };
}

type Box = { x0: number; y0: number; x1: number; y1: number };

/** The bounding box of the ink inside `region` (exclusive ends), or null when it is blank. */
function inkBox(image: Gray, region: Box): Box | null {
  let box: Box | null = null;
  for (let y = Math.max(0, region.y0); y < Math.min(image.height, region.y1); y += 1) {
    for (let x = Math.max(0, region.x0); x < Math.min(image.width, region.x1); x += 1) {
      if (!image.isInk(x, y)) continue;
      box = box === null ? { x0: x, y0: y, x1: x + 1, y1: y + 1 } : { x0: Math.min(box.x0, x), y0: Math.min(box.y0, y), x1: Math.max(box.x1, x + 1), y1: Math.max(box.y1, y + 1) };
    }
  }
  return box;
}

/** Columns inked over the whole height of `region`: where the bars are. */
function barColumns(image: Gray, region: Box): { x0: number; x1: number; count: number } {
  const columns: number[] = [];
  for (let x = region.x0; x < region.x1; x += 1) {
    let n = 0;
    for (let y = region.y0; y < region.y1; y += 1) if (image.isInk(x, y)) n += 1;
    if (n >= (region.y1 - region.y0) * 0.9) columns.push(x);
  }
  return { x0: columns[0] ?? -1, x1: (columns.at(-1) ?? -2) + 1, count: columns.length };
}

function inkCount(image: Gray, region: Box): number {
  let n = 0;
  for (let y = region.y0; y < region.y1; y += 1) for (let x = region.x0; x < region.x1; x += 1) if (image.isInk(x, y)) n += 1;
  return n;
}

const grow = (b: Box, by: number): Box => ({ x0: b.x0 - by, y0: b.y0 - by, x1: b.x1 + by, y1: b.y1 + by });
const textBox = (t: TextItem): Box => ({ x0: t.x, y0: t.y, x1: t.x + t.width, y1: t.y + t.lines.length * t.lineHeight });
const itemBox = (i: BarcodeItem | RuleItem): Box => ({ x0: i.x, y0: i.y, x1: i.x + i.width, y1: i.y + (i.kind === 'barcode' ? i.barHeight : i.height) });

/**
 * zebrash works in whole dots per mm (8 or 12); a 300 dpi printer has 11.81. The label is given in
 * dots/dpmm millimetres so that the picture is exactly the label's dots (zebrash centres a ^PW
 * narrower than the picture, which would shift everything).
 */
async function zebrash(zpl: Buffer, list: DisplayList): Promise<Buffer> {
  const { api } = await ready;
  const dpmm = list.dpi === 203 ? 8 : 12;
  return Buffer.from(await api.zplToBase64Async(zpl.toString('latin1'), list.widthDots / dpmm, list.heightDots / dpmm, dpmm), 'base64');
}

async function decode(png: Buffer): Promise<ReadResult[]> {
  const image = PNG.sync.read(png);
  return readBarcodes({ data: new Uint8ClampedArray(image.data), width: image.width, height: image.height, colorSpace: 'srgb' }, { formats: ['EAN13'], tryHarder: true });
}

beforeAll(() => {
  // Offline: hand zxing the .wasm from node_modules instead of letting it fetch one from a CDN.
  prepareZXingModule({ overrides: { wasmBinary: readFileSync(requireFromHere.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer as ArrayBuffer } });
});

describe.each([203, 300] as const)('the 58×40 price tag at %i dpi, drawn by zebrash', (dpi: LabelDpi) => {
  const list = layoutLabel(sampleProduct, 'price', '58x40', dpi);
  const texts = list.items.filter((i): i is TextItem => i.kind === 'text');
  const text = (role: TextItem['role']) => texts.find((t) => t.role === role) as TextItem;
  const barcode = list.items.find((i): i is BarcodeItem => i.kind === 'barcode') as BarcodeItem;
  let png: Buffer;
  let printed: Gray;
  let preview: Gray;

  beforeAll(async () => {
    png = await zebrash(renderDisplayListAs(list, 'zpl'), list);
    printed = fromPng(png);
    preview = fromBitmap(renderDisplayList(list, loadLabelFonts()));
  }, 60_000);

  it('is a picture of the label size with ink in the name, price and barcode regions', () => {
    expect([printed.width, printed.height]).toEqual(dpi === 203 ? [464, 320] : [685, 472]);
    for (const role of ['name', 'price', 'oldPrice', 'date'] as const) {
      const region = textBox(text(role));
      const area = (region.x1 - region.x0) * (region.y1 - region.y0);
      expect(inkCount(printed, region), role).toBeGreaterThan(area * 0.03);
    }
    const bars = itemBox(barcode);
    expect(inkCount(printed, bars)).toBeGreaterThan((bars.x1 - bars.x0) * (bars.y1 - bars.y0) * 0.3);
  });

  it('carries an EAN-13 that an independent decoder reads as the product\'s code', async () => {
    const results = await decode(png);
    expect(results.map((r) => [r.format, r.text])).toEqual([['EAN13', sampleProduct.barcode]]);
    const at = results[0]?.position.topLeft;
    expect(Math.abs((at?.x ?? 0) - barcode.x)).toBeLessThanOrEqual(2);
  });

  it('matches our own preview: barcode, rules and price in the same place within a few dots', () => {
    const tolerance = 3;
    // Bars: the columns inked from top to bottom of the bar area. (zebrash wraps the ^A@ text above
    // into extra lines, see below, so a plain bounding box would catch those letters too.)
    const bars = { ...grow(itemBox(barcode), 6), y0: barcode.y, y1: barcode.y + barcode.barHeight };
    const mineBars = barColumns(preview, bars);
    const theirBars = barColumns(printed, bars);
    expect(Math.abs(mineBars.x0 - theirBars.x0), 'first bar').toBeLessThanOrEqual(tolerance);
    expect(Math.abs(mineBars.x1 - theirBars.x1), 'last bar').toBeLessThanOrEqual(tolerance);
    expect(Math.abs(mineBars.count - theirBars.count), 'bar columns').toBeLessThanOrEqual(barcode.module * 2);
    for (const rule of list.items.filter((i): i is RuleItem => i.kind === 'rule')) {
      const region = grow(itemBox(rule), 6);
      const mine = inkBox(preview, region);
      const theirs = inkBox(printed, region);
      expect(mine, 'rule').not.toBeNull();
      for (const edge of ['x0', 'y0', 'x1', 'y1'] as const) expect(Math.abs((mine?.[edge] ?? 0) - (theirs?.[edge] ?? -99)), `rule ${edge}`).toBeLessThanOrEqual(tolerance);
    }
    // The price is right-aligned in its box by both (zebrash uses a condensed face, so only the right
    // edge and the vertical extent are comparable); the left-aligned old price by its left edge.
    const price = textBox(text('price'));
    const mine = inkBox(preview, price);
    const theirs = inkBox(printed, price);
    expect(Math.abs((mine?.x1 ?? 0) - (theirs?.x1 ?? 0))).toBeLessThanOrEqual(tolerance + 2);
    expect(Math.abs((mine?.y0 ?? 0) - (theirs?.y0 ?? 0))).toBeLessThanOrEqual(Math.ceil(text('price').fontSize * 0.12));
    expect(Math.abs((mine?.y1 ?? 0) - (theirs?.y1 ?? 0))).toBeLessThanOrEqual(Math.ceil(text('price').fontSize * 0.12));
    const old = textBox(text('oldPrice'));
    expect(Math.abs((inkBox(preview, old)?.x0 ?? 0) - (inkBox(printed, old)?.x0 ?? 0))).toBeLessThanOrEqual(tolerance);
  });

  it('starts the Cyrillic name where our preview does (zebrash substitutes DejaVu Sans Mono for ^A@ fonts, so only the origin compares)', () => {
    const name = text('name');
    const firstLine: Box = { x0: name.x, y0: name.y, x1: name.x + name.width, y1: name.y + name.lineHeight };
    const mine = inkBox(preview, firstLine);
    const theirs = inkBox(printed, firstLine);
    expect(Math.abs((mine?.x0 ?? 0) - (theirs?.x0 ?? 0))).toBeLessThanOrEqual(3);
    expect(Math.abs((mine?.y0 ?? 0) - (theirs?.y0 ?? 0))).toBeLessThanOrEqual(Math.ceil(name.fontSize * 0.25));
  });

  it('prints the ZPL bitmap fallback dot for dot as our rasterizer drew it (^GFA with ASCII compression)', async () => {
    const bitmapPng = fromPng(await zebrash(renderDisplayListAs(list, 'zpl-bitmap'), list));
    let differing = 0;
    for (let y = 0; y < list.heightDots; y += 1) for (let x = 0; x < list.widthDots; x += 1) if (bitmapPng.isInk(x, y) !== preview.isInk(x, y)) differing += 1;
    expect(differing).toBe(0);
    expect((await decode(await zebrash(renderDisplayListAs(list, 'zpl-bitmap'), list))).map((r) => r.text)).toEqual([sampleProduct.barcode]);
  });
});

describe('barcodes of the bitmap fallback, read by an independent decoder', () => {
  it.each([
    ['code128', 'ABC-12345', 'Code128'],
    ['datamatrix', '0104601234567893215w9EJp', 'DataMatrix'],
  ] as const)('%s "%s" reads back from our preview and from zebrash\'s drawing of the ZPL', async (barcode, code, format) => {
    // No code/article line: zebrash wraps ^A@ text (see above) down into the barcode area.
    const list = layoutLabel({ ...sampleProduct, code: null, article: null, barcode: code }, 'price', '58x40', 203, { barcode });
    const preview = await decodePng(pngOf(list), [format]);
    expect(preview.map((r) => r.text), 'preview').toEqual([code]);
    const printed = await decodePng(await zebrash(renderDisplayListAs(list, 'zpl'), list), [format]);
    expect(printed.map((r) => r.text), 'zebrash').toEqual([code]);
  });
});

function pngOf(list: DisplayList): Buffer {
  return encodePng(renderDisplayList(list, loadLabelFonts()));
}

async function decodePng(png: Buffer, formats: ReadonlyArray<'Code128' | 'DataMatrix' | 'EAN13'>): Promise<ReadResult[]> {
  const image = PNG.sync.read(png);
  return readBarcodes({ data: new Uint8ClampedArray(image.data), width: image.width, height: image.height, colorSpace: 'srgb' }, { formats: [...formats], tryHarder: true });
}
