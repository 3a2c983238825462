// The two byte forms 1C is known to read back (commerceml.md §4): windows-1251 with that encoding in
// the prolog and no BOM (all three order samples, Bitrix's replies), or UTF-8 with a BOM (1C 8.3 УТП
// failed on an orders.xml without one: Tseka85/opencart3-exchange1c #25).
import iconv from 'iconv-lite';
import { AppError } from '../../errors/app-error';

export const cmlExportEncodings = ['windows-1251', 'utf-8-bom'] as const;
export type CmlExportEncoding = (typeof cmlExportEncodings)[number];

const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);

export function xmlProlog(encoding: CmlExportEncoding): string {
  return `<?xml version="1.0" encoding="${encoding === 'windows-1251' ? 'windows-1251' : 'UTF-8'}"?>`;
}

/** The upper half of windows-1251 as characters; 0x98 is unassigned (iconv-lite gives U+FFFD for it). */
const cp1251Upper = new Set([...iconv.decode(Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i)), 'win1251')].filter((ch) => ch !== '\uFFFD'));

/** Whether the encoding holds this character (one code point) as itself. */
export function canEncode(char: string, encoding: CmlExportEncoding): boolean {
  if (encoding === 'utf-8-bom') return true;
  const code = char.codePointAt(0) ?? 0;
  return code < 0x80 || cp1251Upper.has(char);
}

/**
 * The finished document as bytes. The text must already hold only characters the encoding can
 * carry (the writer turns the others into character references); this is checked by decoding the
 * bytes back, so a character iconv-lite would silently turn into '?' fails the export instead.
 */
export function encodeXml(text: string, encoding: CmlExportEncoding): Buffer {
  if (encoding === 'utf-8-bom') return Buffer.concat([utf8Bom, Buffer.from(text, 'utf8')]);
  const bytes = iconv.encode(text, 'win1251');
  if (iconv.decode(bytes, 'win1251') !== text) {
    throw new AppError('internal', 'Файл заказов не удалось записать в windows-1251 без потерь: выберите кодировку UTF-8 с BOM в настройках обмена.');
  }
  return bytes;
}
