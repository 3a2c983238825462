// CommerceML's simple values as real files write them (commerceml.md §1.4, §10): booleans as
// true/false/1/0, decimals with '.' or ',' and spaces (also no-break ones) between thousands, codes
// padded with spaces, dates without zero padding, ids that are GUIDs in any case or any other text.

/** true / false for xsd:boolean spellings; null for anything else. */
export function parseBoolean(raw: string | null | undefined): boolean | null {
  if (raw === null || raw === undefined) return null;
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === '1' || value === 'истина' || value === 'да') return true;
  if (value === 'false' || value === '0' || value === 'ложь' || value === 'нет') return false;
  return null;
}

export type Scaled = { value: number; isRounded: boolean };

/**
 * A decimal string as an integer of 1/`scale` units (scale 100 for kopecks, 1000 for thousandths),
 * computed on the digits (never through a float), rounded half away from zero when the text has
 * more decimals; null when it is not a number. Accepts '.' or ',' and spaces (also no-break ones)
 * between digit groups: `1 234,50`. A loop, not regular expressions: it runs for every price and
 * quantity of a file.
 */
export function parseScaledDecimal(raw: string | null | undefined, scale: 100 | 1000): Scaled | null {
  if (raw === null || raw === undefined) return null;
  const places = scale === 100 ? 2 : 3;
  let isNegative = false;
  let hasSign = false;
  let hasSeparator = false;
  let digits = 0;
  let whole = 0;
  let fraction = 0;
  let fractionDigits = 0;
  let roundsUp = false;
  let isRounded = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x202f || c === 0x0a || c === 0x0d) continue;
    if (c === 0x2d || c === 0x2b) {
      if (hasSign || digits > 0 || hasSeparator) return null;
      hasSign = true;
      isNegative = c === 0x2d;
    } else if (c === 0x2e || c === 0x2c) {
      if (hasSeparator) return null;
      hasSeparator = true;
    } else if (c >= 0x30 && c <= 0x39) {
      const d = c - 0x30;
      digits += 1;
      if (!hasSeparator) {
        whole = whole * 10 + d;
        if (whole > Number.MAX_SAFE_INTEGER / scale) return null;
      } else if (fractionDigits < places) {
        fraction = fraction * 10 + d;
        fractionDigits += 1;
      } else {
        if (fractionDigits === places) roundsUp = d >= 5;
        if (d !== 0) isRounded = true;
        fractionDigits += 1;
      }
    } else return null;
  }
  if (digits === 0) return null;
  for (let k = Math.min(fractionDigits, places); k < places; k += 1) fraction *= 10;
  const value = whole * scale + fraction + (roundsUp ? 1 : 0);
  return { value: isNegative && value !== 0 ? -value : value, isRounded };
}

const datePattern = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(T|\s+|UTC)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `ДатаФормирования` and friends as epoch ms. Without a zone the time is local (1C writes the
 * server's wall clock; the store's PC is in the same zone). Tolerates unpadded parts
 * (`2014-06-01T0:36:33`), date only (`2007-10-30`) and `2022-10-31UTC02:25:50`. Null when unreadable.
 */
export function parseCmlDate(raw: string | null | undefined): number | null {
  if (!raw) return null;
  const m = datePattern.exec(raw.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[5], m[6], m[7]].map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const zone = m[8];
  if (zone || m[4]?.toUpperCase() === 'UTC') {
    const utc = Date.UTC(year, month - 1, day, hour, minute, second);
    if (!zone || zone.toUpperCase() === 'Z') return utc;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return new Date(year, month - 1, day, hour, minute, second).getTime();
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An `Ид` as the mirror keeps refs: GUIDs in lower case (the OData pull stores 1C's lower-case
 * Ref_Key, and CommerceML's Ид is the same GUID), anything else trimmed as written.
 */
export function normalizeRef(raw: string): string {
  const value = raw.trim();
  return guidPattern.test(value) ? value.toLowerCase() : value;
}

export type ItemId = { productRef: string; variantRef: string | null; raw: string };

/**
 * `product#variant` (commerceml.md §1.3): split at the first '#'; `p#` is the product itself.
 * Null for an empty id or one that starts with '#'.
 */
export function splitItemId(raw: string | null | undefined): ItemId | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  const hash = value.indexOf('#');
  const product = hash < 0 ? value : value.slice(0, hash);
  if (product.trim() === '') return null;
  const variant = hash < 0 ? '' : value.slice(hash + 1).trim();
  return { productRef: normalizeRef(product), variantRef: variant === '' ? null : normalizeRef(variant), raw: value };
}

const currencyAliases: Readonly<Record<string, string>> = {
  'руб': 'RUB', 'руб.': 'RUB', 'рубль': 'RUB', 'rub': 'RUB', 'rur': 'RUB', '643': 'RUB', 'р.': 'RUB', '₽': 'RUB',
  'грн': 'UAH', 'грн.': 'UAH', 'uah': 'UAH', '980': 'UAH',
  'тенге': 'KZT', 'тг': 'KZT', 'kzt': 'KZT', '398': 'KZT',
  'бел. руб.': 'BYN', 'бел.руб.': 'BYN', 'byn': 'BYN', '933': 'BYN',
  'usd': 'USD', '840': 'USD', 'eur': 'EUR', '978': 'EUR',
};

/** ISO 4217 letters for the spellings seen (`руб`, `руб.`, `RUB`, `грн`…); other text upper-cased as is. */
export function normalizeCurrency(raw: string | null | undefined): string | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  return currencyAliases[value.toLowerCase()] ?? value.toUpperCase();
}

/** Text with 1C's fixed-width padding removed (`'796 '`, `'L319       '`); null stays null. */
export function trimmed(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  return raw.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
}
