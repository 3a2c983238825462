// The bitmap fallback for printers without Cyrillic fonts: the whole label rasterized here (same
// display list, bundled DejaVu fonts, bwip-js barcodes) and sent as one image. TSPL BITMAP takes raw
// bytes with 0 = black; ZPL ^GFA takes hexadecimal with 1 = black.
import { type DisplayList } from './layout-types';
import { type Bitmap, packRows } from './raster';
import { tsplHeader } from './tspl';
import { zplHeader } from './zpl';
import { gfaData } from './zpl-gfa';

/** BITMAP x,y,width in bytes,height,mode,data — mode 0 overwrites; the data is binary, then CR LF. */
export function renderTsplBitmap(list: DisplayList, bitmap: Bitmap): Buffer {
  const { bytesPerRow, data } = packRows(bitmap, 0);
  return Buffer.concat([
    Buffer.from(tsplHeader(list, { isCodePageNeeded: false }), 'ascii'),
    Buffer.from(`BITMAP 0,0,${bytesPerRow},${bitmap.height},0,`, 'ascii'),
    data,
    Buffer.from('\r\nPRINT 1,1\r\n', 'ascii'),
  ]);
}

/** ^GFA,total bytes,total bytes,bytes per row,data — with Zebra's ASCII compression unless told not to. */
export function renderZplBitmap(list: DisplayList, bitmap: Bitmap, options: { isCompressed?: boolean } = {}): Buffer {
  const { bytesPerRow, data } = packRows(bitmap, 1);
  const lines = [
    ...zplHeader(list, { isUtf8: false }),
    `^FO0,0^GFA,${data.length},${data.length},${bytesPerRow},${gfaData(data, bytesPerRow, options.isCompressed ?? true)}^FS`,
    '^PQ1',
    '^XZ',
  ];
  return Buffer.from(`${lines.join('\n')}\n`, 'ascii');
}
