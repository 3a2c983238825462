import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { eplQuote, renderEpl } from './epl';
import { layoutLabel } from './layout';
import { sampleProduct } from './testing/sample-product';

describe('renderEpl', () => {
  const bytes = renderEpl(layoutLabel(sampleProduct, 'price', '58x40', 203));
  const text = iconv.decode(bytes, 'cp866');

  it('clears a half-received command with a leading LF, then N, q, Q, I8,10,001, and prints with P1', () => {
    expect(text.startsWith('\nN\nq464\nQ320,16\nI8,10,001\n')).toBe(true);
    expect(text.endsWith('P1\n')).toBe(true);
    expect(text).not.toContain('\r');
  });

  it('sends Cyrillic as DOS 866 bytes (Молоко = 8c ae ab ae aa ae) and quotes that 866 lacks as a plain "', () => {
    expect(bytes.includes(Buffer.from([0x8c, 0xae, 0xab, 0xae, 0xaa, 0xae]))).toBe(true);
    expect(text).toContain('A12,15,0,4,1,1,N,"Молоко \\"Домик в деревне\\""\n');
  });

  it('draws EAN-13 with B…E30 from 12 digits and lines with LO', () => {
    expect(text).toContain('B33,242,0,E30,3,3,50,B,"460123456789"\n');
    expect(text).toMatch(/\nLO12,107,440,2\n/);
  });

  it('escapes backslashes and quotes', () => {
    expect(eplQuote('a\\b"c')).toBe('"a\\\\b\\"c"');
  });
});
