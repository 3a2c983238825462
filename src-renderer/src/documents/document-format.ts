import { isLanguage, type Language } from '../i18n/i18n.setup';

const locales = { ru: 'ru-RU', en: 'en-US' } satisfies Record<Language, string>;

/** What a number field holds after parsing: a value, "empty", or text that is not a valid number. */
export type Parsed = { kind: 'value'; value: number } | { kind: 'empty' } | { kind: 'invalid' };

const maxQuantity = 1_000_000_000;
const maxPrice = 100_000_000_000;

/**
 * Parses a typed decimal into an integer of 10^-decimals units without floating point: "1,5" with
 * 3 decimals is 1500. Both comma and dot are decimal separators (the numpad types a dot in some
 * layouts); spaces, including the ones ru-RU puts between thousands, are ignored.
 */
export function parseScaled(text: string, decimals: number, max: number): Parsed {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return { kind: 'empty' };
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(compact);
  if (!match) return { kind: 'invalid' };
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return { kind: 'invalid' };
  const value = Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
  if (!Number.isSafeInteger(value) || value > max) return { kind: 'invalid' };
  return { kind: 'value', value };
}

/** A quantity typed by a person, in thousandths (1C quantities are fractional: kg, m). */
export function parseQuantity(text: string): Parsed {
  return parseScaled(text, 3, maxQuantity);
}

/** A price typed by a person, in kopecks. */
export function parseMoney(text: string): Parsed {
  return parseScaled(text, 2, maxPrice);
}

export type InputFormatters = {
  /** Thousandths as an editable text: no thousands separators, the locale's decimal mark. */
  qty: (thousandths: number) => string;
  /** Kopecks as an editable text. */
  money: (kopecks: number) => string;
};

export function createInputFormatters(language: string): InputFormatters {
  const locale = isLanguage(language) ? locales[language] : locales.ru;
  const qty = new Intl.NumberFormat(locale, { useGrouping: false, minimumFractionDigits: 0, maximumFractionDigits: 3 });
  const money = new Intl.NumberFormat(locale, { useGrouping: false, minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return {
    qty: (thousandths) => qty.format(thousandths / 1000),
    money: (kopecks) => money.format(kopecks / 100),
  };
}
