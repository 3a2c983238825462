import { describe, expect, it } from 'vitest';
import { layoutLabel } from './layout';
import { type LabelProduct } from './layout-types';
import { renderLabel } from './render-label';
import { sampleProduct } from './testing/sample-product';
import { renderZpl, zplFieldData } from './zpl';

describe('renderZpl', () => {
  const bytes = renderZpl(layoutLabel(sampleProduct, 'price', '58x40', 203));
  const text = bytes.toString('latin1');

  it('is 7-bit ASCII: UTF-8 field data goes as ^FH hex escapes (Молоко = _D0_9C_D0_BE_D0_BB_D0_BE_D0_BA_D0_BE)', () => {
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    expect(text.startsWith('^XA\n^CI28\n^PW464\n^LL320\n^LH0,0\n')).toBe(true);
    expect(text.endsWith('^PQ1\n^XZ\n')).toBe(true);
    expect(text).toContain('^FH^FD_D0_9C_D0_BE_D0_BB_D0_BE_D0_BA_D0_BE _C2_AB');
  });

  it('uses font 0 for ASCII lines and the resident TrueType font for Cyrillic ones, in field blocks that align the text', () => {
    expect(text).toMatch(/\^A0N,70,70\^FB272,1,0,R,0\^FH\^FD129,90\^FS/);
    expect(text).toContain('^A@N,26,26,E:TT0003M_.FNT^FB440,1,0,L,0');
    const arial = renderLabel(sampleProduct, 'price', '58x40', 203, 'zpl', { unicodeFont: 'E:ARIAL.TTF' }).toString('latin1');
    expect(arial).toContain('^A@N,26,26,E:ARIAL.TTF');
    expect(() => renderLabel(sampleProduct, 'price', '58x40', 203, 'zpl', { unicodeFont: 'E:X^XZ' })).toThrow(/E:TT0003M_/);
  });

  it('draws EAN-13 with ^BY module and ^BE, Code 128 in automatic mode and DataMatrix with ^BX', () => {
    expect(text).toContain('^FO33,242^BY3^BEN,50,Y,N^FD460123456789^FS');
    const code128: LabelProduct = { ...sampleProduct, barcode: 'A^B_1' };
    expect(renderLabel(code128, 'price', '58x40', 203, 'zpl').toString('latin1')).toMatch(/\^BY\d\^BCN,\d+,Y,N,N,A\^FH\^FDA_5EB_5F1\^FS/);
    expect(renderLabel(sampleProduct, 'price', '58x40', 203, 'zpl', { barcode: 'datamatrix' }).toString('latin1')).toMatch(/\^BXN,\d,200\^FH\^FD4601234567893\^FS/);
  });

  it('escapes the characters ZPL reads as commands', () => {
    expect(zplFieldData('a^b~c_d\\e')).toBe('a_5Eb_7Ec_5Fd_5Ce');
    expect(zplFieldData('№')).toBe('_E2_84_96');
  });
});
