// EPL2 (older Zebra/Eltron; PPLB emulation on Argox/Godex) from the display list: resident fonts with
// the 8-bit character set I8,10,001 and text in DOS 866 bytes, LF after every command
// (peers-and-hardware.md §3.7: I8,10,001 is what public code uses for Russian labels; "10" = DOS 866
// is from memory of the EPL2 manual, not retrieved — verify on the device).
import { missingCaseError } from '../errors/app-error';
import { eplFonts, placeFixedLines } from './device-fonts';
import { encodeSingleByte, printableIn } from './encoding';
import { mmToDots } from './layout';
import { type BarcodeItem, type DisplayList } from './layout-types';

const lf = '\n';

/** EPL2 strings: a double quote is \" and a backslash \\ inside the quotes. */
export function eplQuote(text: string): string {
  return `"${text.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function barcodeCommand(item: BarcodeItem): string {
  switch (item.symbology) {
    case 'ean13':
      // B x,y,rotation,type,narrow,wide,height,human readable,"data"; E30 = EAN-13, the printer adds the check digit.
      return `B${item.x},${item.y},0,E30,${item.module},${item.module},${item.barHeight},B,${eplQuote(item.data)}`;
    case 'code128':
      // Type 1 = Code 128 with automatic A/B/C selection.
      return `B${item.x},${item.y},0,1,${item.module},${item.module},${item.barHeight},B,${eplQuote(item.data)}`;
    case 'datamatrix':
      // b x,y,D,h<module>,"data" (EPL2 2D bar code command, DataMatrix).
      return `b${item.x},${item.y},D,h${item.module},${eplQuote(item.data)}`;
  }
}

/** The label in EPL2: a leading LF clears a half-received command, N clears the image buffer. */
export function renderEpl(list: DisplayList): Buffer {
  const parts: Buffer[] = [];
  const line = (command: string) => parts.push(encodeSingleByte(command + lf, 'cp866'));
  parts.push(Buffer.from(lf, 'ascii'));
  line('N');
  line(`q${list.widthDots}`);
  line(`Q${list.heightDots},${mmToDots(list.gapMm, list.dpi)}`);
  line('I8,10,001');
  for (const item of list.items) {
    switch (item.kind) {
      case 'rule':
        line(`LO${item.x},${item.y},${item.width},${item.height}`);
        break;
      case 'text': {
        const lines = item.lines.map((text) => printableIn(text, 'cp866'));
        const { choice, placed } = placeFixedLines(item, lines, eplFonts[list.dpi]);
        for (const p of placed) line(`A${p.x},${p.y},0,${choice.font.name},${choice.xMul},${choice.yMul},N,${eplQuote(p.text)}`);
        break;
      }
      case 'barcode':
        line(barcodeCommand(item));
        break;
      default:
        throw missingCaseError(item);
    }
  }
  line('P1');
  return Buffer.concat(parts);
}
