import { describe, expect, it } from 'vitest';
import { isValidGtin, withCheckDigit } from './gtin';
import { parseScan } from './scan-parse';
import {
  decodeWeightedEan13,
  defaultWeightedConfig,
  type WeightedConfig,
  weightedConfigProblems,
  weightedItemBarcode,
  weightedProductCodes,
} from './weighted-ean';

describe('decodeWeightedEan13 (default: PP CCCCC WWWWW K, prefixes 20–29)', () => {
  it('reads prefix, item code and weight in grams', () => {
    const code = withCheckDigit('220012301250');
    const decoded = decodeWeightedEan13(code, defaultWeightedConfig);
    expect(decoded).toMatchObject({ prefix: '22', itemCode: '00123', weightGrams: 1250, priceKopecks: null });
  });

  it('ignores codes outside the configured prefixes', () => {
    expect(decodeWeightedEan13('4601234567893', defaultWeightedConfig)).toBeNull();
    expect(decodeWeightedEan13('19001230125', defaultWeightedConfig)).toBeNull();
  });

  it('builds the item barcode (zeros in the weight part, fresh check digit) and product-code forms', () => {
    const decoded = decodeWeightedEan13(withCheckDigit('220012301250'), { ...defaultWeightedConfig, productCodePadWidths: [9] });
    if (!decoded) throw new Error('not decoded');
    const item = weightedItemBarcode(decoded);
    expect(item).toBe(withCheckDigit('220012300000'));
    expect(isValidGtin(item)).toBe(true);
    expect(weightedProductCodes(decoded, { ...defaultWeightedConfig, productCodePadWidths: [9] })).toEqual(['00123', '123', '000000123']);
  });

  it('decodes price layouts and one-digit prefixes from config', () => {
    const config: WeightedConfig = {
      layouts: [
        { prefixes: ['29'], itemDigits: 5, valueDigits: 5, value: 'priceKopecks' },
        { prefixes: ['2'], itemDigits: 6, valueDigits: 5, value: 'weightGrams' },
      ],
      itemSources: ['productCode'],
      productCodePadWidths: [],
    };
    expect(weightedConfigProblems(config)).toEqual([]);
    expect(decodeWeightedEan13(withCheckDigit('290007712990'), config)).toMatchObject({ itemCode: '00077', priceKopecks: 12990, weightGrams: null });
    expect(decodeWeightedEan13(withCheckDigit('212345600450'), config)).toMatchObject({ prefix: '2', itemCode: '123456', weightGrams: 450 });
  });

  it('explains a broken config in Russian', () => {
    const problems = weightedConfigProblems({
      layouts: [
        { prefixes: ['21', '2x'], itemDigits: 5, valueDigits: 4, value: 'weightGrams' },
        { prefixes: ['21'], itemDigits: 5, valueDigits: 5, value: 'weightGrams' },
      ],
      itemSources: ['barcode'],
      productCodePadWidths: [0],
    });
    expect(problems).toEqual([
      'Весовой шаблон №1: префикс (2) + код товара (5) + значение (4) должны дать 12 цифр',
      'Весовой шаблон №1: префикс «2x» должен состоять из 1–4 цифр',
      'Весовой шаблон №2: префикс «21» уже занят другим шаблоном',
      'Ширина кода товара 0 вне диапазона 1–20',
    ]);
    expect(weightedConfigProblems(defaultWeightedConfig)).toEqual([]);
  });
});

describe('weight codes through parseScan', () => {
  it('reports weight for a valid code, and rejects one with a wrong check digit', () => {
    const code = withCheckDigit('230045600999');
    expect(parseScan(code)).toMatchObject({ format: 'ean13', weightGrams: 999, weighted: { itemCode: '00456' } });
    const broken = `${code.slice(0, 12)}${(Number(code.at(-1)) + 1) % 10}`;
    expect(parseScan(broken)).toMatchObject({ format: null, weighted: null, error: expect.stringMatching(/контрольная цифра/) });
  });
});
