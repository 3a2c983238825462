// Retail codes as numbers: EAN-13, EAN-8, UPC-A, ITF-14/GTIN-14, and the forms one GTIN takes in
// a barcode table (design doc §3.9: the GTIN-14 form is the EAN-13 with a leading 0; UPC-A is the
// EAN-13 with a leading 0). Check digits come from ../ean.ts (one mod-10 rule for every length).
import { gtinCheckDigit, isValidGtin } from '../ean';

export { gtinCheckDigit, isValidGtin };

export type GtinKind = 'ean8' | 'upca' | 'ean13' | 'gtin14';

const kindByLength: Readonly<Record<number, GtinKind>> = { 8: 'ean8', 12: 'upca', 13: 'ean13', 14: 'gtin14' };

/** The kind of a digit string by its length (8, 12, 13, 14), or null. Does not check the check digit. */
export function gtinKindOf(code: string): GtinKind | null {
  if (!/^[0-9]+$/.test(code)) return null;
  return kindByLength[code.length] ?? null;
}

/** `data` with its GS1 check digit appended: "460123456789" → "4601234567893". */
export function withCheckDigit(data: string): string {
  return `${data}${gtinCheckDigit(data)}`;
}

/** The 14-digit form of a GTIN of any GS1 length (left-padded with zeros), or null when not 8/12/13/14 digits. */
export function toGtin14(code: string): string | null {
  return gtinKindOf(code) === null ? null : code.padStart(14, '0');
}

/** UPC-A (12 digits) as the EAN-13 retail scanners print: a leading 0. */
export function upcaToEan13(upca: string): string | null {
  return gtinKindOf(upca) === 'upca' ? `0${upca}` : null;
}

/** An EAN-13 that starts with 0 is a UPC-A; anything else has no UPC-A form. */
export function ean13ToUpca(ean13: string): string | null {
  return gtinKindOf(ean13) === 'ean13' && ean13.startsWith('0') ? ean13.slice(1) : null;
}

/**
 * Every form the same GTIN can be stored under in a barcode table, `code` itself first, then the
 * EAN-13, UPC-A, EAN-8 and GTIN-14 forms that the leading zeros allow. "04601234567893" →
 * ["04601234567893", "4601234567893"]; "96385074" → ["96385074", "00000096385074", ...]. Empty when
 * `code` is not 8/12/13/14 digits. The check digit is the same in every form, so it is not checked.
 */
export function gtinLookupForms(code: string): string[] {
  const gtin14 = toGtin14(code);
  if (gtin14 === null) return [];
  const forms = [code];
  const add = (form: string) => {
    if (!forms.includes(form)) forms.push(form);
  };
  if (gtin14.startsWith('0')) add(gtin14.slice(1));
  if (gtin14.startsWith('00')) add(gtin14.slice(2));
  if (gtin14.startsWith('000000')) add(gtin14.slice(6));
  add(gtin14);
  return forms;
}

/**
 * The packaging indicator of a GTIN-14 (ITF-14): 0 = the trade item itself, 1–8 = packaging levels
 * with their own GTIN, 9 = variable measure. Null for anything but 14 digits.
 */
export function gtin14Indicator(code: string): number | null {
  return gtinKindOf(code) === 'gtin14' ? code.charCodeAt(0) - 48 : null;
}
