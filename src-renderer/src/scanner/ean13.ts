// EAN-13 as bar modules, for the calibration wizard's test code drawn on screen (an imager reads
// it off the monitor). Encoding tables from GS1 General Specifications §5.2.1 / ISO/IEC 15420.

const lCodes = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
/** R is L with bars and spaces swapped; G is R read backwards. */
const rCodes = lCodes.map((code) => [...code].map((bit) => (bit === '1' ? '0' : '1')).join(''));
const gCodes = rCodes.map((code) => [...code].reverse().join(''));
/** Which of the left six digits use G (1) rather than L (0), by the first digit. */
const parities = ['000000', '001011', '001101', '001110', '010011', '011001', '011100', '010101', '010110', '011010'];

/** The check digit of 12 digits: weights 1,3,1,3… from the left (3,1,… from the rightmost data digit). */
export function ean13CheckDigit(twelve: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(twelve.charAt(i)) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code.charAt(12));
}

/**
 * The 95 modules of an EAN-13 symbol ('1' = bar), guards included; null when `code` is not a
 * valid EAN-13 (13 digits with the right check digit).
 */
export function ean13Modules(code: string): string | null {
  if (!isValidEan13(code)) return null;
  const digits = [...code].map(Number);
  const parity = parities[digits[0] ?? 0] ?? parities[0];
  let modules = '101';
  for (let i = 1; i <= 6; i += 1) {
    const digit = digits[i] ?? 0;
    modules += parity?.charAt(i - 1) === '1' ? gCodes[digit] : lCodes[digit];
  }
  modules += '01010';
  for (let i = 7; i <= 12; i += 1) modules += rCodes[digits[i] ?? 0];
  return modules + '101';
}

/** Bars as [start, width] runs in modules, for drawing. */
export function barRuns(modules: string): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < modules.length; i += 1) {
    if (modules.charAt(i) !== '1') continue;
    const last = runs.at(-1);
    if (last && last[0] + last[1] === i) last[1] += 1;
    else runs.push([i, 1]);
  }
  return runs;
}
