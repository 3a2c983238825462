// Text for printers that take one byte per character: TSPL with CODEPAGE 1251 (windows-1251) and EPL
// with I8,10,001 (DOS 866), peers-and-hardware.md §3.7. iconv-lite does the encoding; characters a
// code page lacks become a look-alike of the same length, so fixed-pitch widths stay as measured.
import iconv from 'iconv-lite';

export type SingleByteCodePage = 'cp1251' | 'cp866';

/** One character each: the layout measured one glyph, the printer must print one. */
const lookAlikes: Record<string, string> = {
  '«': '"',
  '»': '"',
  '„': '"',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '‚': ',',
  '–': '-',
  '—': '-',
  '‐': '-',
  '‑': '-',
  '…': '.',
  '\u00a0': ' ',
  '₽': 'Р',
  '№': 'N',
  '×': 'x',
};

function encodes(ch: string, codePage: SingleByteCodePage): boolean {
  const bytes = iconv.encode(ch, codePage);
  return bytes.length === 1 && iconv.decode(bytes, codePage) === ch;
}

/** The text as the printer will show it: every character the code page lacks replaced, one for one. */
export function printableIn(text: string, codePage: SingleByteCodePage): string {
  let out = '';
  for (const ch of text) {
    if (encodes(ch, codePage)) out += ch;
    else {
      const alike = lookAlikes[ch];
      out += alike !== undefined && encodes(alike, codePage) ? alike : '?';
    }
  }
  return out;
}

/** Bytes in the code page; call on text that went through printableIn (or plain ASCII). */
export function encodeSingleByte(text: string, codePage: SingleByteCodePage): Buffer {
  return iconv.encode(printableIn(text, codePage), codePage);
}
