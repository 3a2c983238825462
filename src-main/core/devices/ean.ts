// GS1 check digits for EAN-8, UPC-A, EAN-13 and GTIN-14: one rule for every length.

const digitsOnly = /^[0-9]+$/;

/**
 * The GS1 mod-10 check digit for the data digits of any GTIN (everything except the check digit).
 * Weights alternate 3, 1, 3, ... starting from the rightmost data digit, so the same function
 * serves EAN-8 (7 data digits), UPC-A (11), EAN-13 (12) and GTIN-14 (13).
 * Throws when `data` is empty or holds anything but ASCII digits.
 */
export function gtinCheckDigit(data: string): number {
  if (data.length === 0 || !digitsOnly.test(data)) {
    throw new RangeError(`GTIN data must be digits, got "${data}"`);
  }
  let sum = 0;
  for (let i = data.length - 1, weight = 3; i >= 0; i -= 1, weight = 4 - weight) {
    sum += (data.charCodeAt(i) - 48) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** The check digit of an EAN-13 whose first 12 digits are given. Throws on anything but 12 digits. */
export function ean13CheckDigit(first12: string): number {
  if (first12.length !== 12) throw new RangeError(`EAN-13 needs 12 data digits, got ${first12.length}`);
  return gtinCheckDigit(first12);
}

/** True when `code` is a GTIN of a length GS1 defines (8, 12, 13, 14) and its check digit matches. */
export function isValidGtin(code: string): boolean {
  if (!(code.length === 8 || code.length === 12 || code.length === 13 || code.length === 14)) return false;
  if (!digitsOnly.test(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** True when `code` is exactly 13 digits with a correct check digit. */
export function isValidEan13(code: string): boolean {
  return code.length === 13 && isValidGtin(code);
}
