// ZPL II (Zebra; TSC/Godex ZPL emulation) from the display list. Field data is UTF-8 (^CI28) written
// with ^FH hex escapes, so the byte stream itself stays 7-bit ASCII whatever the transport does
// (peers-and-hardware.md §3.7). ASCII-only lines use the always-resident font 0; lines with Cyrillic use
// a resident TrueType font through ^A@ (default E:TT0003M_.FNT, as public Russian-language ZPL does)
// because font 0 may lack Cyrillic on some firmware.
import { missingCaseError } from '../errors/app-error';
import { type BarcodeItem, type DisplayList, type TextItem } from './layout-types';

export type ZplOptions = {
  /** The ^A@ font for non-ASCII text, e.g. "E:TT0003M_.FNT" or a downloaded "E:ARIAL.TTF". */
  unicodeFont?: string;
};

export const defaultZplUnicodeFont = 'E:TT0003M_.FNT';

const isPlainAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/**
 * ^FH field data: UTF-8 bytes, everything outside printable ASCII and the characters ZPL treats
 * specially (^ ~ _ and the \ of ^FB line breaks) written as _XX.
 */
export function zplFieldData(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text.replace(/[\r\n]+/g, ' '), 'utf8')) {
    const isSafe = byte >= 0x20 && byte <= 0x7e && byte !== 0x5e && byte !== 0x7e && byte !== 0x5f && byte !== 0x5c;
    out += isSafe ? String.fromCharCode(byte) : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const justification = { left: 'L', center: 'C', right: 'R' } as const;

function textFields(item: TextItem, unicodeFont: string): string[] {
  return item.lines.map((line, index) => {
    const y = item.y + index * item.lineHeight + Math.floor((item.lineHeight - item.fontSize) / 2);
    const font = isPlainAscii(line) ? `^A0N,${item.fontSize},${item.fontSize}` : `^A@N,${item.fontSize},${item.fontSize},${unicodeFont}`;
    // A one-line field block of the box width: the printer aligns the proportional text itself.
    return `^FO${item.x},${y}${font}^FB${item.width},1,0,${justification[item.align]},0^FH^FD${zplFieldData(line)}^FS`;
  });
}

function barcodeField(item: BarcodeItem): string {
  switch (item.symbology) {
    case 'ean13':
      // ^BE = EAN-13 with the interpretation line below; the printer adds the check digit.
      return `^FO${item.x},${item.y}^BY${item.module}^BEN,${item.barHeight},Y,N^FD${item.data}^FS`;
    case 'code128':
      // Mode A: the printer picks subsets A/B/C itself.
      return `^FO${item.x},${item.y}^BY${item.module}^BCN,${item.barHeight},Y,N,N,A^FH^FD${zplFieldData(item.data)}^FS`;
    case 'datamatrix':
      return `^FO${item.x},${item.y}^BXN,${item.module},200^FH^FD${zplFieldData(item.data)}^FS`;
  }
}

/** ^XA, UTF-8, print width and label length, origin at the corner. */
export function zplHeader(list: DisplayList, options: { isUtf8: boolean }): string[] {
  return ['^XA', ...(options.isUtf8 ? ['^CI28'] : []), `^PW${list.widthDots}`, `^LL${list.heightDots}`, '^LH0,0'];
}

export function renderZpl(list: DisplayList, options: ZplOptions = {}): Buffer {
  const unicodeFont = options.unicodeFont ?? defaultZplUnicodeFont;
  const lines = zplHeader(list, { isUtf8: true });
  for (const item of list.items) {
    switch (item.kind) {
      case 'rule':
        lines.push(`^FO${item.x},${item.y}^GB${item.width},${item.height},${Math.min(item.width, item.height)}^FS`);
        break;
      case 'text':
        lines.push(...textFields(item, unicodeFont));
        break;
      case 'barcode':
        lines.push(barcodeField(item));
        break;
      default:
        throw missingCaseError(item);
    }
  }
  lines.push('^PQ1', '^XZ');
  return Buffer.from(`${lines.join('\n')}\n`, 'ascii');
}
