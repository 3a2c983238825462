import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { eplFonts, placeFixedLines, tsplFonts } from './device-fonts';
import { printableIn } from './encoding';
import { layoutLabel } from './layout';
import { type LabelProduct, type TextItem, labelDpis, labelSizes, labelTemplates } from './layout-types';
import { sampleProduct } from './testing/sample-product';
import { renderTspl, tsplQuote } from './tspl';

const hex = (buffer: Buffer) => buffer.toString('hex').replace(/(..)/g, '$1 ').trim();

describe('renderTspl', () => {
  const bytes = renderTspl(layoutLabel(sampleProduct, 'price', '58x40', 203));
  const text = iconv.decode(bytes, 'cp1251');

  it('starts with SIZE, GAP, DIRECTION, CODEPAGE 1251 and CLS, each ending in CR LF, and ends with PRINT 1,1', () => {
    expect(text.startsWith('SIZE 58 mm,40 mm\r\nGAP 2 mm,0 mm\r\nDIRECTION 1,0\r\nCODEPAGE 1251\r\nCLS\r\n')).toBe(true);
    expect(text.endsWith('PRINT 1,1\r\n')).toBe(true);
    // peers-and-hardware.md §3.7: "CODEPAGE 1251\r\n" is 43 4f 44 45 50 41 47 45 20 31 32 35 31 0d 0a.
    expect(bytes.includes(Buffer.from('434f4445504147452031323531 0d0a'.replace(/ /g, ''), 'hex'))).toBe(true);
  });

  it('sends Cyrillic as windows-1251 bytes inside the quotes (Молоко = cc ee eb ee ea ee)', () => {
    expect(hex(bytes)).toContain('22 cc ee eb ee ea ee 20 ab'); // "Молоко «
    expect(text).toContain('TEXT 12,15,"3",0,1,1,"Молоко «Домик в деревне»"\r\n');
    expect(bytes.every((b) => b !== 0x3f)).toBe(true); // no "?" from a failed encoding
  });

  it('draws the barcode with the printer encoding EAN-13 from 12 digits, 3-dot modules', () => {
    expect(text).toContain('BARCODE 33,242,"EAN13",50,1,0,3,3,"460123456789"\r\n');
  });

  it('strikes the old price with a BAR across it', () => {
    expect(text).toMatch(/TEXT 12,\d+,"\d",0,\d+,\d+,"149,90"\r\nBAR 12,\d+,135,3\r\n/);
  });

  it('escapes a double quote as \\["]', () => {
    expect(tsplQuote('Сок "Добрый"')).toBe('"Сок \\["]Добрый\\["]"');
  });
});

describe('fixed-pitch placement', () => {
  const products: LabelProduct[] = [
    sampleProduct,
    { name: 'Хлеб', price: 4500 },
    { ...sampleProduct, name: 'Ш'.repeat(200), code: 'ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ', article: 'W'.repeat(30), price: 9999999 },
  ];

  it('puts every line of every layout inside its box in the TSPL and EPL resident fonts', () => {
    for (const product of products) {
      for (const template of labelTemplates) {
        for (const size of labelSizes) {
          for (const dpi of labelDpis) {
            const list = layoutLabel(product, template, size, dpi);
            for (const item of list.items.filter((i): i is TextItem => i.kind === 'text')) {
              for (const [fonts, codePage] of [[tsplFonts[dpi], 'cp1251'], [eplFonts[dpi], 'cp866']] as const) {
                const lines = item.lines.map((l) => printableIn(l, codePage));
                const { choice, placed } = placeFixedLines(item, lines, fonts);
                const where = `${template}-${size}@${dpi} ${codePage} ${item.role}`;
                expect(choice.height, where).toBeLessThanOrEqual(item.lineHeight);
                placed.forEach((p, i) => {
                  expect(p.x, where).toBeGreaterThanOrEqual(item.x);
                  expect(p.x + Array.from(lines[i] ?? '').length * choice.pitch, where).toBeLessThanOrEqual(item.x + item.width);
                });
              }
            }
          }
        }
      }
    }
  });
});
