// Barcodes into the 1-bit image. bwip-js (a port of Barcode Writer in Pure PostScript) encodes the
// symbol; we take its raw modules and draw each as whole dots, so bars are exactly `module` dots wide
// at printer resolution (a scaled PNG would smear bar edges across dots).
// The default export, not `import { raw }`: bwip-js's ES module build exports the "raw" symbology
// encoder under that name, and only its default object carries the raw-modules function.
import bwipjs from 'bwip-js/node';
import { type Font } from 'opentype.js';
import { ean13WithCheck } from './layout-barcode';
import { type BarcodeItem } from './layout-types';
import { type Bitmap, fillRect } from './raster';
import { drawTextLine, measureLine } from './raster-text';

type LinearRaw = { sbs: number[] };
type MatrixRaw = { pixs: number[]; pixx: number; pixy: number };

function encode(item: BarcodeItem): LinearRaw | MatrixRaw {
  const bcid = item.symbology === 'ean13' ? 'ean13' : item.symbology === 'code128' ? 'code128' : 'datamatrix';
  const text = item.symbology === 'ean13' ? ean13WithCheck(item.data) : item.data;
  const [first] = bwipjs.raw({ bcid, text });
  if (!first) throw new Error(`bwip-js returned no symbol for ${item.symbology}`);
  return first;
}

/** EAN-13 guard bars (start, centre, end) are the 1st–2nd, 15th–16th and 29th–30th bars. */
const eanGuardBars = new Set([0, 1, 14, 15, 28, 29]);

/** Draws the symbol with its first bar at (item.x, item.y); human-readable digits in the reference font. */
export function drawBarcode(bitmap: Bitmap, item: BarcodeItem, font: Font): void {
  const encoded = encode(item);
  const m = item.module;
  if ('pixs' in encoded) {
    for (let row = 0; row < encoded.pixy; row += 1) {
      for (let col = 0; col < encoded.pixx; col += 1) {
        if (encoded.pixs[row * encoded.pixx + col] === 1) fillRect(bitmap, item.x + col * m, item.y + row * m, m, m);
      }
    }
    return;
  }
  const readable = item.height - item.barHeight;
  // Guard bars reach half-way into the digits, as on every retail EAN-13.
  const guardExtra = item.symbology === 'ean13' ? Math.floor(readable / 2) : 0;
  let x = item.x;
  let bar = 0;
  encoded.sbs.forEach((width, index) => {
    if (index % 2 === 0) {
      const height = item.barHeight + (eanGuardBars.has(bar) ? guardExtra : 0);
      fillRect(bitmap, x, item.y, width * m, height);
      bar += 1;
    }
    x += width * m;
  });
  if (!item.isHumanReadable || readable < 8) return;
  // At most ~9.5 modules tall, so the digits of an EAN-13 half (7 modules each) never touch.
  const fontSize = Math.min(readable - 2, Math.floor(m * 9.5));
  const baseline = item.y + item.barHeight + Math.round(fontSize * 0.85);
  const centred = (text: string, centre: number) => drawTextLine(bitmap, font, text, centre - measureLine(font, text, fontSize) / 2, baseline, fontSize);
  if (item.symbology === 'ean13') {
    const digits = ean13WithCheck(item.data);
    // Layout of the digits: the first in the left quiet zone, then two groups of six under the halves.
    centred(digits[0] ?? '', item.x - 4 * m);
    for (let i = 0; i < 6; i += 1) centred(digits[1 + i] ?? '', item.x + (3 + 7 * i + 3.5) * m);
    for (let i = 0; i < 6; i += 1) centred(digits[7 + i] ?? '', item.x + (50 + 7 * i + 3.5) * m);
    return;
  }
  centred(item.data, (item.x + x) / 2);
}
