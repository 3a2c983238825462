// Store-internal EAN-13 codes printed by scales: prefix, item code, weight (or price), check digit.
// GS1 leaves prefixes 20–29 to restricted in-store use; Russian scales (and 1C's weight-barcode
// templates) usually print "PP CCCCC WWWWW K": 2-digit prefix, 5-digit item code, weight in grams.
// Everything about it is data (WeightedConfig), so a store with other scales changes the config,
// not the code.
import { withCheckDigit } from './gtin';

export type WeightedValue = 'weightGrams' | 'priceKopecks';

export type WeightedLayout = {
  /** Prefixes this layout applies to, all of one length (usually 2 digits: "20"…"29"). */
  prefixes: readonly string[];
  /** Digits of the item code after the prefix. */
  itemDigits: number;
  /** Digits of the value after the item code; prefix + item + value = 12 digits. */
  valueDigits: number;
  /** What the value is: weight in grams, or price in kopecks (e.g. "12345" = 123,45 ₽). */
  value: WeightedValue;
};

/** Where the item code of a weight code finds its product, tried in the listed order. */
export type WeightedItemSource =
  /** A barcode stored with zeros in the value part: "22" + "00123" + "00000" + check digit. */
  | 'barcode'
  /** The 1C product code (products.code): the item digits, without leading zeros, or zero-padded (productCodePadWidths). */
  | 'productCode';

export type WeightedConfig = {
  /** Tried in order; the first layout whose prefix matches decodes the code. */
  layouts: readonly WeightedLayout[];
  itemSources: readonly WeightedItemSource[];
  /** Extra products.code forms: the item code zero-padded to each width (e.g. 11 → "00000000123"). */
  productCodePadWidths: readonly number[];
};

/**
 * Russian-store default: prefixes 20–29, "PP CCCCC WWWWW K" with the weight in grams; the item is
 * found by a barcode with zeros in the weight part first, then by the 1C product code ("00123" or
 * "123"). A store whose scales print prices uses e.g. `{ prefixes: ['29'], itemDigits: 5,
 * valueDigits: 5, value: 'priceKopecks' }` before the weight layout.
 */
export const defaultWeightedConfig: WeightedConfig = {
  layouts: [{ prefixes: ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29'], itemDigits: 5, valueDigits: 5, value: 'weightGrams' }],
  itemSources: ['barcode', 'productCode'],
  productCodePadWidths: [],
};

export type WeightedEan = {
  code: string;
  prefix: string;
  /** Item code digits as printed, e.g. "00123". */
  itemCode: string;
  weightGrams: number | null;
  priceKopecks: number | null;
  layout: WeightedLayout;
};

/** What is wrong with a config, in Russian; empty when it is usable. */
export function weightedConfigProblems(config: WeightedConfig): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  config.layouts.forEach((layout, index) => {
    const where = `Весовой шаблон №${index + 1}`;
    if (layout.prefixes.length === 0) problems.push(`${where}: нет ни одного префикса`);
    for (const prefix of layout.prefixes) {
      if (!/^[0-9]{1,4}$/.test(prefix)) problems.push(`${where}: префикс «${prefix}» должен состоять из 1–4 цифр`);
      else if (prefix.length + layout.itemDigits + layout.valueDigits !== 12) {
        problems.push(`${where}: префикс (${prefix.length}) + код товара (${layout.itemDigits}) + значение (${layout.valueDigits}) должны дать 12 цифр`);
      }
      if (seen.has(prefix)) problems.push(`${where}: префикс «${prefix}» уже занят другим шаблоном`);
      seen.add(prefix);
    }
    if (!Number.isInteger(layout.itemDigits) || layout.itemDigits < 1) problems.push(`${where}: код товара должен занимать хотя бы 1 цифру`);
    if (!Number.isInteger(layout.valueDigits) || layout.valueDigits < 1) problems.push(`${where}: значение должно занимать хотя бы 1 цифру`);
  });
  for (const width of config.productCodePadWidths) {
    if (!Number.isInteger(width) || width < 1 || width > 20) problems.push(`Ширина кода товара ${width} вне диапазона 1–20`);
  }
  return problems;
}

/**
 * Decodes a valid EAN-13 whose prefix belongs to a weight layout; null for any other code. The
 * check digit is not checked here (the caller validated the EAN-13).
 */
export function decodeWeightedEan13(code: string, config: WeightedConfig): WeightedEan | null {
  if (!/^[0-9]{13}$/.test(code)) return null;
  for (const layout of config.layouts) {
    const prefix = layout.prefixes.find((p) => code.startsWith(p));
    if (prefix === undefined) continue;
    const itemStart = prefix.length;
    const valueStart = itemStart + layout.itemDigits;
    const value = Number(code.slice(valueStart, valueStart + layout.valueDigits));
    return {
      code,
      prefix,
      itemCode: code.slice(itemStart, valueStart),
      weightGrams: layout.value === 'weightGrams' ? value : null,
      priceKopecks: layout.value === 'priceKopecks' ? value : null,
      layout,
    };
  }
  return null;
}

/** The item's own barcode: the same prefix and item code, zeros in the value part, a fresh check digit. */
export function weightedItemBarcode(decoded: WeightedEan): string {
  return withCheckDigit(`${decoded.prefix}${decoded.itemCode}${'0'.repeat(decoded.layout.valueDigits)}`);
}

/** products.code candidates for the item code: as printed, without leading zeros, zero-padded to each configured width. */
export function weightedProductCodes(decoded: WeightedEan, config: WeightedConfig): string[] {
  const unpadded = decoded.itemCode.replace(/^0+(?=.)/, '');
  const codes = [decoded.itemCode, unpadded, ...config.productCodePadWidths.map((w) => unpadded.padStart(w, '0'))];
  return [...new Set(codes)];
}
