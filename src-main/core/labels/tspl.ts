// TSPL / TSPL2 (TSC, Xprinter and most CIS-market label printers) from the display list: resident
// bitmap fonts with CODEPAGE 1251, text sent as windows-1251 bytes, CR LF after every command
// (peers-and-hardware.md §3.7).
import { missingCaseError } from '../errors/app-error';
import { placeFixedLines, tsplFonts } from './device-fonts';
import { encodeSingleByte, printableIn } from './encoding';
import { type BarcodeItem, type DisplayList } from './layout-types';

const crlf = '\r\n';

/** Inside a TSPL string a double quote is written \["] (TSPL2 manual, TEXT); line breaks become spaces. */
export function tsplQuote(text: string): string {
  return `"${text.replace(/[\r\n]+/g, ' ').replace(/"/g, '\\["]')}"`;
}

/** SIZE, GAP, DIRECTION and CLS: the start of every label, with or without text. */
export function tsplHeader(list: DisplayList, options: { isCodePageNeeded: boolean }): string {
  return [
    `SIZE ${list.widthMm} mm,${list.heightMm} mm`,
    `GAP ${list.gapMm} mm,0 mm`,
    'DIRECTION 1,0',
    ...(options.isCodePageNeeded ? ['CODEPAGE 1251'] : []),
    'CLS',
  ]
    .map((line) => line + crlf)
    .join('');
}

function barcodeCommand(item: BarcodeItem): string {
  switch (item.symbology) {
    case 'ean13':
      // BARCODE x,y,"type",height,human readable,rotation,narrow,wide,"data"; the printer adds the check digit.
      return `BARCODE ${item.x},${item.y},"EAN13",${item.barHeight},1,0,${item.module},${item.module},${tsplQuote(item.data)}`;
    case 'code128':
      return `BARCODE ${item.x},${item.y},"128",${item.barHeight},2,0,${item.module},${item.module},${tsplQuote(item.data)}`;
    case 'datamatrix':
      // DMATRIX x,y,width,height,[xM,]"data": xM is the module size in dots.
      return `DMATRIX ${item.x},${item.y},${item.width},${item.height},x${item.module},${tsplQuote(item.data)}`;
  }
}

/** The label in TSPL: ASCII commands with windows-1251 text inside the quotes. */
export function renderTspl(list: DisplayList): Buffer {
  const parts: Buffer[] = [Buffer.from(tsplHeader(list, { isCodePageNeeded: true }), 'ascii')];
  const line = (command: string) => parts.push(encodeSingleByte(command + crlf, 'cp1251'));
  for (const item of list.items) {
    switch (item.kind) {
      case 'rule':
        line(`BAR ${item.x},${item.y},${item.width},${item.height}`);
        break;
      case 'text': {
        const lines = item.lines.map((text) => printableIn(text, 'cp1251'));
        const { choice, placed } = placeFixedLines(item, lines, tsplFonts[list.dpi]);
        for (const p of placed) line(`TEXT ${p.x},${p.y},"${choice.font.name}",0,${choice.xMul},${choice.yMul},${tsplQuote(p.text)}`);
        break;
      }
      case 'barcode':
        line(barcodeCommand(item));
        break;
      default:
        throw missingCaseError(item);
    }
  }
  line('PRINT 1,1');
  return Buffer.concat(parts);
}
