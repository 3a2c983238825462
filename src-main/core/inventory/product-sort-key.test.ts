import { describe, expect, it } from 'vitest';
import { productSortKey } from './product-sort-key';

describe('productSortKey', () => {
  it('puts Ё inside Е and upper case with lower case', () => {
    expect(productSortKey('Ёлка ЕЛЬ ель')).toBe('елка ель ель');
    expect(['Яблоко', 'ёрш', 'Арбуз', 'Ель'].map(productSortKey).sort()).toEqual(['арбуз', 'ель', 'ерш', 'яблоко']);
  });

  it('lower-cases every character exactly as the Russian locale does', () => {
    const contexts = ['', 'A', 'Б ', 'Σ', '\u0307'];
    for (let code = 0; code < 0x3000; code += 1) {
      const char = String.fromCharCode(code);
      for (const before of contexts) {
        for (const after of contexts) {
          const text = `${before}${char}${after}`;
          if (productSortKey(text) !== text.toLocaleLowerCase('ru-RU').replaceAll('ё', 'е')) expect(text).toBe('lower-cased as in ru-RU');
        }
      }
    }
  });
});
