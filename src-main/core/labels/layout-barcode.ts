// Which symbology a code gets and how big it is printed, in whole dots per module. Pure.
import { gtinCheckDigit, isValidGtin } from '../devices/ean';
import { type BarcodeChoice, type BarcodeSymbology, type LabelDpi } from './layout-types';

export type BarcodeData = { symbology: BarcodeSymbology; data: string };

const printableAscii = /^[\x20-\x7e]+$/;

/**
 * EAN-13 data digits (12, without the check digit) for a stored code, or null. 13 digits must carry a
 * correct check digit; a valid 12-digit GTIN (UPC-A) becomes EAN-13 with a leading 0 (GS1: UPC-A is
 * EAN-13 with a leading 0, peers-and-hardware.md §3.9).
 */
export function ean13DataDigits(code: string): string | null {
  const trimmed = code.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  if (trimmed.length === 13 && isValidGtin(trimmed)) return trimmed.slice(0, 12);
  if (trimmed.length === 12 && isValidGtin(trimmed)) return `0${trimmed.slice(0, 11)}`;
  return null;
}

/** The full 13 digits for 12 data digits. */
export function ean13WithCheck(data12: string): string {
  return `${data12}${gtinCheckDigit(data12)}`;
}

/**
 * What to encode for `code` under a template's choice. "auto" prefers EAN-13 and falls back to
 * Code 128 for other printable ASCII codes. Codes with anything else (Cyrillic articles, GS
 * separators of marking codes) get no barcode rather than a wrong one.
 * TODO(#5): GS1 DataMatrix with FNC1/GS for marking codes needs per-language escapes.
 */
export function chooseBarcode(code: string | null | undefined, choice: BarcodeChoice): BarcodeData | null {
  if (choice === 'none' || code === null || code === undefined) return null;
  const text = code.trim();
  if (text === '') return null;
  const ean = ean13DataDigits(text);
  switch (choice) {
    case 'ean13':
      return ean === null ? null : { symbology: 'ean13', data: ean };
    case 'auto':
      if (ean !== null) return { symbology: 'ean13', data: ean };
      return printableAscii.test(text) && text.length <= 40 ? { symbology: 'code128', data: text } : null;
    case 'code128':
      return printableAscii.test(text) && text.length <= 40 ? { symbology: 'code128', data: text } : null;
    case 'datamatrix':
      return printableAscii.test(text) && text.length <= 200 ? { symbology: 'datamatrix', data: text } : null;
  }
}

/** Quiet zones in modules, left and right (EAN-13: 11 and 7; Code 128: 10 each; DataMatrix: 1). */
export function quietZones(symbology: BarcodeSymbology): [number, number] {
  switch (symbology) {
    case 'ean13':
      return [11, 7];
    case 'code128':
      return [10, 10];
    case 'datamatrix':
      return [1, 1];
  }
}

/**
 * Modules across the symbol. EAN-13 is exactly 95. Code 128 is predicted for the usual encoding
 * (code set C for an even run of digits, else B) — printers pick their own sets, so a box is a bound,
 * not an exact size. DataMatrix: the smallest square ECC 200 symbol for ASCII-mode codewords.
 */
export function symbolModules(barcode: BarcodeData): number {
  switch (barcode.symbology) {
    case 'ean13':
      return 95;
    case 'code128':
      return code128Modules(barcode.data);
    case 'datamatrix':
      return dataMatrixSize(barcode.data);
  }
}

/**
 * Code 128 width for the usual encoding: runs of four or more digits in code set C (two per symbol),
 * everything else in B, one symbol per switch. Start, data, check (11 modules each) and the stop
 * pattern with its termination bar (13).
 */
export function code128Modules(data: string): number {
  const runs = data.match(/\d{4,}|[^\d]+|\d{1,3}/g) ?? [];
  let symbols = 0;
  let set: 'B' | 'C' | null = null;
  for (const run of runs) {
    const isC = /^\d{4,}$/.test(run);
    const pairs = isC ? Math.floor(run.length / 2) : 0;
    const rest = isC ? run.length % 2 : run.length;
    if (isC) {
      if (set !== null && set !== 'C') symbols += 1;
      set = 'C';
      symbols += pairs;
    }
    if (rest > 0) {
      if (set !== null && set !== 'B') symbols += 1;
      set = 'B';
      symbols += rest;
    }
  }
  return (symbols + 2) * 11 + 13;
}

/** [symbol size, data codewords] of square ECC 200 symbols (ISO/IEC 16022 table 7). */
const dataMatrixCapacities: ReadonlyArray<readonly [number, number]> = [
  [10, 3], [12, 5], [14, 8], [16, 12], [18, 18], [20, 22], [22, 30], [24, 36], [26, 44], [32, 62], [36, 86],
  [40, 114], [44, 144], [48, 174], [52, 204], [64, 280], [72, 368], [80, 456], [88, 576], [96, 696], [104, 816],
];

export function dataMatrixSize(data: string): number {
  // ASCII mode: two consecutive digits share a codeword.
  let codewords = 0;
  for (let i = 0; i < data.length; i += 1) {
    const isPair = /\d/.test(data[i] ?? '') && /\d/.test(data[i + 1] ?? '');
    codewords += 1;
    if (isPair) i += 1;
  }
  return (dataMatrixCapacities.find(([, capacity]) => capacity >= codewords) ?? [144, 1558])[0];
}

/**
 * The largest module to use: about 0.375 mm for bars (GS1 allows 0.264–0.66 mm for EAN-13; at 203 dpi
 * 3 dots = 0.375 mm, 2 dots = 0.25 mm is below the minimum, §3.7) and about 0.5 mm for DataMatrix cells.
 */
export function maxModule(symbology: BarcodeSymbology, dpi: LabelDpi): number {
  if (symbology === 'datamatrix') return dpi === 203 ? 4 : 6;
  return dpi === 203 ? 3 : 4;
}

/**
 * The largest whole module (≤ maxModule, ≥ 2 dots: one dot, 0.08–0.125 mm, is too thin to scan) at
 * which the symbol and its quiet zones fit `width` × `height`; 0 if none.
 */
export function fitModule(barcode: BarcodeData, dpi: LabelDpi, width: number, height: number): number {
  const [left, right] = quietZones(barcode.symbology);
  const across = symbolModules(barcode) + left + right;
  for (let module = maxModule(barcode.symbology, dpi); module >= 2; module -= 1) {
    const isTallEnough = barcode.symbology === 'datamatrix' ? across * module <= height : true;
    if (across * module <= width && isTallEnough) return module;
  }
  return 0;
}
