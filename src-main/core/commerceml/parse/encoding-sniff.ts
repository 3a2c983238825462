// Which encoding a CommerceML file is really in (commerceml.md §4): the BOM if there is one, else the
// bytes themselves, else the XML declaration. Files declared windows-1251 are re-saved as UTF-8 and
// the other way round (onebase #1036: «решают байты, а не объявление»), so the declaration only
// decides when the bytes cannot: CommerceML's root element is Cyrillic, so the first kilobytes
// almost always carry enough non-ASCII bytes to tell UTF-8 from a single-byte code page.
import iconv from 'iconv-lite';
import { type CmlLocation, cmlError } from './cml-location';

export type SniffedEncoding = {
  /** 'utf-8', 'utf-16le', 'utf-16be' or a single-byte iconv-lite name ('windows-1251', 'koi8-r'…). */
  encoding: string;
  /** Bytes of the BOM to skip. */
  bomLength: number;
  /** The prolog's `encoding=`, as written; null when absent. */
  declared: string | null;
  /** Said when the declaration and the bytes disagree (the bytes won). */
  note: string | null;
};

const declarationPattern = /^<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/;

/** Canonical name of a declared encoding, or null when iconv-lite does not know it. */
export function canonicalEncoding(declared: string): string | null {
  const name = declared.trim().toLowerCase().replace(/_/g, '-');
  if (name === 'utf-8' || name === 'utf8') return 'utf-8';
  if (['windows-1251', 'cp1251', 'win-1251', 'win1251', 'x-cp1251', 'cp-1251', 'windows1251'].includes(name)) return 'windows-1251';
  if (name === 'utf-16' || name === 'utf-16le') return 'utf-16le';
  if (name === 'utf-16be') return 'utf-16be';
  return iconv.encodingExists(name) ? name : null;
}

/** Line and column (1-based, columns in characters of UTF-8 text) of byte `offset` of `bytes`. */
export function locateByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < bytes.length; i += 1) {
    const b = bytes[i] as number;
    if (b === 0x0a) {
      line += 1;
      column = 1;
    } else if ((b & 0xc0) !== 0x80) column += 1;
  }
  return { line, column };
}

/** The head without a UTF-8 sequence cut at its end (the sniff sample ends anywhere). */
function completeUtf8Prefix(bytes: Uint8Array): Uint8Array {
  let i = bytes.length - 1;
  while (i >= 0 && i > bytes.length - 4 && ((bytes[i] as number) & 0xc0) === 0x80) i -= 1;
  if (i < 0) return bytes;
  const lead = bytes[i] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - i < need ? bytes.subarray(0, i) : bytes;
}

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if ((c & 0xc0) !== 0x80) return i;
    }
    // Overlongs and surrogates: the second byte's range is narrower after E0, ED, F0, F4.
    const second = bytes[i + 1] as number;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Cyrillic in windows-1251 is mostly bytes C0–FF (А–я), A8/B8 (Ё/ё); a sample whose high bytes are
 * mostly those reads as Russian text. Anything else is neither UTF-8 nor windows-1251.
 */
function looksLikeCp1251(bytes: Uint8Array): boolean {
  let high = 0;
  let letters = 0;
  for (const b of bytes) {
    if (b < 0x80) continue;
    high += 1;
    if (b >= 0xc0 || b === 0xa8 || b === 0xb8 || b === 0xb9) letters += 1;
  }
  return high > 0 && letters / high >= 0.8;
}

/**
 * Decides the encoding from the first bytes of a file (up to 64 KB). Throws a located error when
 * the bytes are neither valid UTF-8 nor a single-byte Russian code page, or the declared encoding is
 * unknown and the bytes do not settle it.
 */
export function sniffEncoding(head: Uint8Array, file: string): SniffedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3, declared: readDeclared(head.subarray(3)), note: null };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2, declared: null, note: null };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2, declared: null, note: null };
  if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return { encoding: 'utf-16le', bomLength: 0, declared: null, note: null };
  if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return { encoding: 'utf-16be', bomLength: 0, declared: null, note: null };

  const declared = readDeclared(head);
  const declaredCanonical = declared === null ? 'utf-8' : canonicalEncoding(declared);
  const sample = completeUtf8Prefix(head);
  const hasNonAscii = sample.some((b) => b >= 0x80);
  const at = (offset: number): CmlLocation => ({ file, ...locateByte(head, offset) });
  const shown = declared ?? 'UTF-8 (по умолчанию)';
  if (!hasNonAscii) {
    if (declaredCanonical === null) throw cmlError({ file, line: 1, column: 1 }, `неизвестная кодировка «${declared ?? ''}» в объявлении XML`);
    return { encoding: declaredCanonical, bomLength: 0, declared, note: null };
  }
  // Valid UTF-8 Cyrillic before a bad byte: a UTF-8 file with damage, which the decoder reports
  // with its exact location.
  const bad = firstInvalidUtf8(sample);
  if (bad < 0 || sample.subarray(0, bad).some((b) => b >= 0x80)) {
    const note = declaredCanonical === 'utf-8' ? null : `в объявлении XML указана кодировка ${shown}, но файл записан в UTF-8: прочитан как UTF-8`;
    return { encoding: 'utf-8', bomLength: 0, declared, note };
  }
  if (declaredCanonical !== null && declaredCanonical !== 'utf-8' && !declaredCanonical.startsWith('utf-16')) {
    return { encoding: declaredCanonical, bomLength: 0, declared, note: null };
  }
  if (looksLikeCp1251(sample)) {
    return { encoding: 'windows-1251', bomLength: 0, declared, note: `в объявлении XML указана кодировка ${shown}, но файл записан в windows-1251: прочитан как windows-1251` };
  }
  throw cmlError(at(Math.max(0, bad)), `байты не в кодировке ${shown} и не в windows-1251 (байт 0x${(head[Math.max(0, bad)] ?? 0).toString(16).toUpperCase().padStart(2, '0')})`);
}

function readDeclared(bytes: Uint8Array): string | null {
  const prolog = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
  return declarationPattern.exec(prolog)?.[1] ?? null;
}
