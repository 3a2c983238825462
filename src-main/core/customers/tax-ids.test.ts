import { describe, expect, it } from 'vitest';
import { checkKpp, checkKzBin, checkRuInn, hasValidKzChecksum, hasValidRuInnChecksum } from './tax-ids';

// Real, published identifiers: Сбербанк, Газпром, ВТБ, Альфа-Банк, Т-Банк (10-digit ИНН of companies);
// 12-digit ИНН of persons used as examples by the ФНС service and by python-stdnum; Kazakh BINs from
// python-stdnum's tests and ИИНs from public validator examples.
const ruCompanies = ['7707083893', '7736050003', '7702070139', '7728168971', '7710140679'];
const ruPersons = ['500100732259', '773370857141', '123456789047'];
const kzIds = ['940140000385', '990140004654', '940740000911', '791028302728', '061211600012'];

/** Every id that differs from `id` in exactly one digit. */
function singleDigitCorruptions(id: string): { at: number; value: string }[] {
  const out: { at: number; value: string }[] = [];
  for (let at = 0; at < id.length; at += 1) {
    for (let digit = 0; digit <= 9; digit += 1) {
      if (String(digit) === id[at]) continue;
      out.push({ at, value: `${id.slice(0, at)}${digit}${id.slice(at + 1)}` });
    }
  }
  return out;
}

describe('Russian ИНН', () => {
  it('accepts real company (10) and person (12) ИНН', () => {
    for (const inn of ruCompanies) expect(checkRuInn(inn, 'company'), inn).toBeNull();
    for (const inn of ruPersons) expect(checkRuInn(inn, 'person'), inn).toBeNull();
  });

  it('refuses every change of a check digit, and almost every other single-digit typo', () => {
    for (const inn of [...ruCompanies, ...ruPersons]) {
      const checkDigits = inn.length === 10 ? [9] : [10, 11];
      const corruptions = singleDigitCorruptions(inn);
      const missed = corruptions.filter((c) => hasValidRuInnChecksum(c.value));
      // The algorithm maps remainders 10 and 0 to the same check digit, so a typo that moves the
      // weighted sum between them passes (about 1 in 11 positions x digits at most); never a check digit.
      expect(missed.filter((c) => checkDigits.includes(c.at)), inn).toEqual([]);
      expect(missed.length / corruptions.length, inn).toBeLessThan(0.12);
    }
    expect(checkRuInn('7707083894', 'company')).toMatch(/контрольные цифры/);
    expect(checkRuInn('7707083993', 'company')).toMatch(/контрольные цифры/);
    expect(checkRuInn('500100732258', 'person')).toMatch(/контрольные цифры/);
  });

  it('says which length the kind needs and how to switch the kind', () => {
    expect(checkRuInn('500100732259', 'company')).toMatch(/ИНН организации — 10 цифр, а введено 12.*Физическое лицо/);
    expect(checkRuInn('7707083893', 'person')).toMatch(/12 цифр, а введено 10.*Организация/);
    expect(checkRuInn('77070838', 'company')).toMatch(/10 цифр, а введено 8/);
    expect(checkRuInn('77070838a3', 'company')).toMatch(/только цифры/);
  });
});

describe('КПП', () => {
  it('takes 9 digits, and capital Latin letters in the 5th and 6th place', () => {
    expect(checkKpp('773601001')).toBeNull();
    expect(checkKpp('7736AB001')).toBeNull();
    for (const bad of ['77360100', '7736010011', '7736ab001', 'A73601001', '773601A01', '7736 01001']) expect(checkKpp(bad), bad).toMatch(/9 знаков/);
  });
});

describe('Kazakh БИН / ИИН', () => {
  it('accepts real ids', () => {
    for (const id of kzIds) expect(checkKzBin(id, 'company'), id).toBeNull();
    expect(hasValidKzChecksum('940140000385')).toBe(true);
  });

  it('refuses every change of the check digit and nearly every other single-digit typo', () => {
    for (const id of kzIds) {
      const corruptions = singleDigitCorruptions(id);
      const missed = corruptions.filter((c) => hasValidKzChecksum(c.value));
      expect(missed.filter((c) => c.at === 11), id).toEqual([]);
      expect(missed.length / corruptions.length, id).toBeLessThan(0.1);
    }
    expect(checkKzBin('940140000386', 'company')).toMatch(/БИН с ошибкой/);
    expect(checkKzBin('791028302729', 'person')).toMatch(/ИИН с ошибкой/);
  });

  it('uses the second weights when the first remainder is 10, and refuses a number whose second remainder is 10 too', () => {
    // Hand-checked: 1·0+2·0+…+11·d11 ≡ 10 (mod 11) for these first 11 digits.
    const first11 = findFirst11((digits) => weighted(digits, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) % 11 === 10 && weighted(digits, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) % 11 !== 10);
    const check = weighted(first11, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) % 11;
    expect(hasValidKzChecksum(`${first11.join('')}${check}`)).toBe(true);
    const impossible = findFirst11((digits) => weighted(digits, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) % 11 === 10 && weighted(digits, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) % 11 === 10);
    for (let d = 0; d <= 9; d += 1) expect(hasValidKzChecksum(`${impossible.join('')}${d}`)).toBe(false);
  });

  it('names the id by kind and counts the digits', () => {
    expect(checkKzBin('94014000038', 'company')).toMatch(/БИН — 12 цифр, а введено 11/);
    expect(checkKzBin('7910283027x8', 'person')).toMatch(/ИИН: только цифры/);
  });
});

function weighted(digits: readonly number[], weights: readonly number[]): number {
  return weights.reduce((sum, w, i) => sum + w * (digits[i] ?? 0), 0);
}

/** The first 11-digit prefix (counting up from 940140000000) that meets `test`. */
function findFirst11(test: (digits: number[]) => boolean): number[] {
  for (let n = 94014000000; n < 94014100000; n += 1) {
    const digits = [...String(n).padStart(11, '0')].map(Number);
    if (test(digits)) return digits;
  }
  throw new Error('no such prefix');
}
