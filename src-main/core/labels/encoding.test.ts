import { describe, expect, it } from 'vitest';
import { encodeSingleByte, printableIn } from './encoding';

describe('single-byte encodings', () => {
  // peers-and-hardware.md §3.7: the bytes of "Молоко 3,2% 1 л".
  it('encodes windows-1251 and DOS 866 as the design note lists', () => {
    expect(encodeSingleByte('Молоко 3,2% 1 л', 'cp1251').toString('hex')).toBe('cceeebeeeaee20332c3225203120eb');
    expect(encodeSingleByte('Молоко 3,2% 1 л', 'cp866').toString('hex')).toBe('8caeabaeaaae20332c3225203120ab');
  });

  it('replaces what a code page lacks with one look-alike character each, so widths stay as measured', () => {
    expect(printableIn('«Сок» — 1…2 ₽', 'cp866')).toBe('"Сок" - 1.2 Р');
    expect(printableIn('«Сок» — 1…2 ₽', 'cp1251')).toBe('«Сок» — 1…2 Р');
    expect(printableIn('ёЁ №5 😀', 'cp1251')).toBe('ёЁ №5 ?');
    for (const text of ['«Сок» — 1…2 ₽', 'ёЁ №5 😀']) {
      expect(Array.from(printableIn(text, 'cp866')).length).toBe(Array.from(text).length);
    }
  });
});
