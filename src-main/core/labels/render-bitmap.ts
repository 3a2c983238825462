// The display list drawn into a 1-bit image at printer resolution: the bitmap fallback for printers
// without Cyrillic fonts, and the PNG preview. Pure apart from the fonts it is given.
import { type Font } from 'opentype.js';
import { missingCaseError } from '../errors/app-error';
import { type DisplayList, type FontWeight, type TextItem } from './layout-types';
import { type Bitmap, createBitmap, fillRect } from './raster';
import { drawBarcode } from './raster-barcode';
import { drawTextLine, measureLine } from './raster-text';

export type RasterFonts = Record<FontWeight, Font>;

/** The baseline of a line: the em box (ascent 0.8, descent 0.2 of the size) centred in the line. */
export function baselineOffset(item: Pick<TextItem, 'lineHeight' | 'fontSize'>): number {
  return Math.round((item.lineHeight - item.fontSize) / 2 + item.fontSize * 0.8);
}

function drawText(bitmap: Bitmap, item: TextItem, fonts: RasterFonts): void {
  const font = fonts[item.weight];
  item.lines.forEach((line, index) => {
    const natural = measureLine(font, line, item.fontSize);
    // The layout measured the same advances, so this only bites for characters outside its table.
    const scaleX = natural > item.width ? item.width / natural : 1;
    const drawn = natural * scaleX;
    const x = item.align === 'left' ? item.x : item.align === 'right' ? item.x + item.width - drawn : item.x + (item.width - drawn) / 2;
    drawTextLine(bitmap, font, line, x, item.y + index * item.lineHeight + baselineOffset(item), item.fontSize, scaleX);
  });
}

export function renderDisplayList(list: DisplayList, fonts: RasterFonts): Bitmap {
  const bitmap = createBitmap(list.widthDots, list.heightDots);
  for (const item of list.items) {
    switch (item.kind) {
      case 'rule':
        fillRect(bitmap, item.x, item.y, item.width, item.height);
        break;
      case 'text':
        drawText(bitmap, item, fonts);
        break;
      case 'barcode':
        drawBarcode(bitmap, item, fonts.regular);
        break;
      default:
        throw missingCaseError(item);
    }
  }
  return bitmap;
}
