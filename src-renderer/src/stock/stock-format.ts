import { isLanguage, type Language } from '../i18n/i18n.setup';

const locales = { ru: 'ru-RU', en: 'en-US' } satisfies Record<Language, string>;

export type StockFormatters = {
  qty: (thousandths: number) => string;
  price: (kopecks: number) => string;
  dateTime: (epochMs: number) => string;
  /** Time alone when the moment is today (the usual case after a sync), else date and time. */
  freshness: (epochMs: number, now: number) => string;
  count: (n: number) => string;
};

/** Formatters for one UI language; build once per language, Intl constructors are not cheap. */
export function createStockFormatters(language: string): StockFormatters {
  const locale = isLanguage(language) ? locales[language] : locales.ru;
  // Quantities are integers of thousandths: 1C quantities are fractional (kg, m), shown with up
  // to 3 decimals and no trailing zeros for pieces.
  const qty = new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: 3 });
  const money = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'short' });
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  return {
    qty: (thousandths) => qty.format(thousandths / 1000),
    price: (kopecks) => money.format(kopecks / 100),
    dateTime: (epochMs) => dateTime.format(epochMs),
    freshness: (epochMs, now) => (day.format(epochMs) === day.format(now) ? time.format(epochMs) : dateTime.format(epochMs)),
    count: (n) => count.format(n),
  };
}
