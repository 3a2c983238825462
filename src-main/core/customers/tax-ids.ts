// Tax identifiers a counterparty carries, checked as the tax services define them. Pure functions:
// each answers null when the value is fine, or the Russian sentence that tells the cashier what to fix.
//
// Russia (ФНС, приказ ММВ-7-6/435@ and the INN algorithm): ИНН of an organisation is 10 digits, the
// 10th a check digit; ИНН of a person (also an ИП) is 12 digits, the 11th and 12th check digits.
// КПП is 9 characters: 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits.
// Kazakhstan (постановление № 565 of 2003): БИН (organisations) and ИИН (persons) are 12 digits; the
// 12th is (Σ dᵢ·i, i = 1..11) mod 11; when that is 10, the weights 3..11, 1, 2 are used instead, and a
// second 10 means the number cannot be issued.

const digitsOnly = /^\d+$/;

function weightedSum(digits: readonly number[], weights: readonly number[]): number {
  return weights.reduce((sum, weight, i) => sum + weight * (digits[i] ?? 0), 0);
}

function toDigits(value: string): number[] {
  return [...value].map(Number);
}

const ruWeights10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const ruWeights11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const ruWeights12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/** Whether a 10- or 12-digit string carries correct Russian INN check digits (length not checked otherwise). */
export function hasValidRuInnChecksum(inn: string): boolean {
  if (!digitsOnly.test(inn)) return false;
  const d = toDigits(inn);
  if (inn.length === 10) return (weightedSum(d, ruWeights10) % 11) % 10 === d[9];
  if (inn.length === 12) {
    return (weightedSum(d, ruWeights11) % 11) % 10 === d[10] && (weightedSum(d, ruWeights12) % 11) % 10 === d[11];
  }
  return false;
}

/** Whether a 12-digit string carries a correct Kazakh BIN/IIN check digit. */
export function hasValidKzChecksum(bin: string): boolean {
  if (!/^\d{12}$/.test(bin)) return false;
  const d = toDigits(bin);
  let check = weightedSum(d, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) % 11;
  if (check === 10) {
    check = weightedSum(d, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) % 11;
    // A second 10: such a number is never issued.
    if (check === 10) return false;
  }
  return check === d[11];
}

/** Russian ИНН for a company (10 digits) or a person / ИП (12 digits). */
export function checkRuInn(inn: string, kind: 'person' | 'company'): string | null {
  if (!digitsOnly.test(inn)) return 'ИНН: только цифры, без пробелов и букв';
  const expected = kind === 'company' ? 10 : 12;
  if (inn.length !== expected) {
    return kind === 'company'
      ? `ИНН организации — 10 цифр, а введено ${inn.length}. Если это ИП или физическое лицо, выберите вид «Физическое лицо» (у них 12 цифр)`
      : `ИНН физического лица или ИП — 12 цифр, а введено ${inn.length}. Если это организация, выберите вид «Организация» (у неё 10 цифр)`;
  }
  if (!hasValidRuInnChecksum(inn)) return 'ИНН с ошибкой: не сходятся контрольные цифры. Сверьте номер с документом покупателя — скорее всего, опечатка в одной из цифр';
  return null;
}

/** КПП: Russian companies only; 9 characters, the 5th and 6th may be capital Latin letters. */
export function checkKpp(kpp: string): string | null {
  if (!/^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp)) return 'КПП — 9 знаков: 4 цифры, 2 цифры (или заглавные латинские буквы), 3 цифры. Например, 773601001';
  return null;
}

/** Kazakh БИН (organisations) or ИИН (persons): 12 digits with a check digit. */
export function checkKzBin(bin: string, kind: 'person' | 'company'): string | null {
  const title = kind === 'company' ? 'БИН' : 'ИИН';
  if (!digitsOnly.test(bin)) return `${title}: только цифры, без пробелов и букв`;
  if (bin.length !== 12) return `${title} — 12 цифр, а введено ${bin.length}`;
  if (!hasValidKzChecksum(bin)) return `${title} с ошибкой: не сходится контрольная цифра. Сверьте номер с документом покупателя — скорее всего, опечатка в одной из цифр`;
  return null;
}
