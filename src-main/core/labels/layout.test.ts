import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutLabel, mmToDots } from './layout';
import { dataMatrixSize, ean13DataDigits, symbolModules } from './layout-barcode';
import { fitWidth } from './layout-text';
import { type BarcodeItem, type DisplayList, type LabelProduct, type TextItem, labelDpis, labelSizes, labelTemplates } from './layout-types';
import { sampleProduct } from './testing/sample-product';

const products: Record<string, LabelProduct> = {
  sample: sampleProduct,
  short: { name: 'Хлеб', price: 4500 },
  noOldPrice: { ...sampleProduct, oldPrice: null },
  priceRaised: { ...sampleProduct, oldPrice: 9990 },
  huge: { name: 'Ш'.repeat(300), price: 999999999, oldPrice: 1999999999, unit: 'упаковка', code: 'X'.repeat(40), article: 'Я'.repeat(40), barcode: '4601234567893', date: '31.12.2099' },
  code128: { ...sampleProduct, barcode: 'ABC-123' },
  cyrillicCode: { ...sampleProduct, barcode: 'КРП-001' },
};

function everyLayout(): Array<[string, DisplayList]> {
  const out: Array<[string, DisplayList]> = [];
  for (const [name, product] of Object.entries(products)) {
    for (const template of labelTemplates) for (const size of labelSizes) for (const dpi of labelDpis) out.push([`${name} ${template}-${size}@${dpi}`, layoutLabel(product, template, size, dpi)]);
  }
  return out;
}

const texts = (list: DisplayList, role?: TextItem['role']) => list.items.filter((i): i is TextItem => i.kind === 'text' && (role === undefined || i.role === role));
const barcodes = (list: DisplayList) => list.items.filter((i): i is BarcodeItem => i.kind === 'barcode');

describe('layoutLabel', () => {
  it('keeps every item inside the label and every line inside its box, for every template, size and resolution', () => {
    for (const [name, list] of everyLayout()) {
      for (const item of list.items) {
        const height = item.kind === 'text' ? item.lines.length * item.lineHeight : item.height;
        expect(item.x, name).toBeGreaterThanOrEqual(0);
        expect(item.y, name).toBeGreaterThanOrEqual(0);
        expect(item.x + item.width, name).toBeLessThanOrEqual(list.widthDots);
        expect(item.y + height, name).toBeLessThanOrEqual(list.heightDots);
        if (item.kind === 'text') {
          for (const line of item.lines) expect(fitWidth(line, item.fontSize, item.weight), `${name}: ${line}`).toBeLessThanOrEqual(item.width);
        }
      }
    }
  });

  it('uses printer dots: 58×40 mm is 464×320 at 203 dpi and 685×472 at 300 dpi', () => {
    expect(layoutLabel(sampleProduct, 'price', '58x40', 203)).toMatchObject({ widthDots: 464, heightDots: 320, widthMm: 58, heightMm: 40, gapMm: 2 });
    expect(layoutLabel(sampleProduct, 'price', '58x40', 300)).toMatchObject({ widthDots: 685, heightDots: 472 });
    expect(mmToDots(25.4, 300)).toBe(300);
  });

  it('wraps the name to at most the template\'s lines and ellipsizes what does not fit', () => {
    const sample = layoutLabel(sampleProduct, 'price', '58x40', 203);
    expect(texts(sample, 'name')[0]?.lines).toEqual(['Молоко «Домик в деревне»', 'ультрапастеризованное 3,2%', '950 г']);
    const huge = layoutLabel(products.huge as LabelProduct, 'price', '58x40', 203);
    const name = texts(huge, 'name')[0];
    expect(name?.lines).toHaveLength(3);
    expect(name?.lines[2]?.endsWith('…')).toBe(true);
    expect(name?.fontSize).toBe(mmToDots(2.2, 203));
    expect(texts(layoutLabel(sampleProduct, 'price', '30x20', 203), 'name')[0]?.lines).toHaveLength(2);
  });

  it('shows the old price struck through only when it is higher than the price', () => {
    const sample = layoutLabel(sampleProduct, 'price', '58x40', 203);
    const old = texts(sample, 'oldPrice')[0];
    expect(old?.lines).toEqual(['149,90']);
    const strike = sample.items.find((i) => i.kind === 'rule' && i.y > (old?.y ?? 0) && i.y < (old?.y ?? 0) + (old?.lineHeight ?? 0));
    expect(strike).toMatchObject({ x: old?.x, width: old?.width });
    expect(texts(layoutLabel(products.noOldPrice as LabelProduct, 'price', '58x40', 203), 'oldPrice')).toEqual([]);
    expect(texts(layoutLabel(products.priceRaised as LabelProduct, 'price', '58x40', 203), 'oldPrice')).toEqual([]);
  });

  it('gives the price the freed room when there is no old price', () => {
    const withOld = texts(layoutLabel(sampleProduct, 'price', '58x40', 203), 'price')[0];
    const without = texts(layoutLabel(products.noOldPrice as LabelProduct, 'price', '58x40', 203), 'price')[0];
    expect(without?.width).toBeGreaterThan(withOld?.width ?? 0);
    expect(without?.lines).toEqual(['129,90']);
  });

  it('prints the unit, code, article and date the caller gave, and no date when none was given', () => {
    const sample = layoutLabel(sampleProduct, 'price', '58x40', 203);
    expect(texts(sample, 'unit')[0]?.lines).toEqual(['руб./шт']);
    expect(texts(sample, 'code')[0]?.lines).toEqual(['Код 00-00012345']);
    expect(texts(sample, 'article')[0]?.lines).toEqual(['Арт. МЛК-032']);
    expect(texts(sample, 'date')[0]?.lines).toEqual(['02.05.25']);
    const bare = layoutLabel(products.short as LabelProduct, 'price', '58x40', 203);
    expect(texts(bare, 'date')).toEqual([]);
    expect(texts(bare, 'unit')[0]?.lines).toEqual(['руб.']);
  });

  it('places EAN-13 with 3-dot modules at 203 dpi on 58 mm labels and 2-dot modules where only that fits', () => {
    const wide = barcodes(layoutLabel(sampleProduct, 'price', '58x40', 203))[0];
    expect(wide).toMatchObject({ symbology: 'ean13', data: '460123456789', module: 3, width: 285, x: 33, isHumanReadable: true });
    expect(barcodes(layoutLabel(sampleProduct, 'price', '58x40', 300))[0]).toMatchObject({ module: 4, width: 380 });
    expect(barcodes(layoutLabel(sampleProduct, 'price', '30x20', 203))[0]).toMatchObject({ module: 2, width: 190 });
  });

  it('falls back to Code 128 for other ASCII codes and prints no barcode for codes it cannot encode', () => {
    expect(barcodes(layoutLabel(products.code128 as LabelProduct, 'price', '58x40', 203))[0]).toMatchObject({ symbology: 'code128', data: 'ABC-123' });
    expect(barcodes(layoutLabel(products.cyrillicCode as LabelProduct, 'price', '58x40', 203))).toEqual([]);
    expect(barcodes(layoutLabel(sampleProduct, 'price', '58x40', 203, { barcode: 'none' }))).toEqual([]);
    const dm = barcodes(layoutLabel(sampleProduct, 'price', '58x40', 203, { barcode: 'datamatrix' }))[0];
    expect(dm).toMatchObject({ symbology: 'datamatrix', data: '4601234567893', isHumanReadable: false });
    expect(dm?.width).toBe(dataMatrixSize('4601234567893') * (dm?.module ?? 0));
  });

  it('is deterministic: the same input gives the same list', () => {
    expect(layoutLabel(sampleProduct, 'shelf', '58x30', 300)).toEqual(layoutLabel({ ...sampleProduct }, 'shelf', '58x30', 300));
  });
});

describe('barcode data', () => {
  it('accepts EAN-13 with a right check digit and UPC-A as EAN-13 with a leading zero', () => {
    expect(ean13DataDigits('4601234567893')).toBe('460123456789');
    expect(ean13DataDigits('4601234567890')).toBeNull();
    expect(ean13DataDigits('036000291452')).toBe('003600029145');
    expect(ean13DataDigits('46012345678')).toBeNull();
  });

  it('predicts symbol sizes: EAN-13 95 modules, ECC 200 squares from the codeword count', () => {
    expect(symbolModules({ symbology: 'ean13', data: '460123456789' })).toBe(95);
    expect(dataMatrixSize('123456')).toBe(10);
    expect(dataMatrixSize('hello')).toBe(12);
    expect(symbolModules({ symbology: 'code128', data: '1234' })).toBe(57);
  });
});

describe('layout modules', () => {
  it('import nothing from Node or npm, so the renderer can use them as they are', () => {
    const files = readdirSync(__dirname).filter((f) => /^layout.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
    expect(files).toContain('layout.ts');
    for (const file of files) {
      const imports = [...readFileSync(join(__dirname, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
      for (const spec of imports) expect(spec === '../devices/ean' || /^\.\/layout[\w-]*$/.test(spec), `${file} imports ${spec}`).toBe(true);
    }
  });
});
