// Where each field of a price tag / shelf label goes, in millimetres, per label size. Data, not code:
// layout.ts turns a template into a display list for a product and a resolution. Pure.
import {
  type BarcodeChoice,
  type FontWeight,
  type LabelSize,
  type LabelTemplate,
  type TextAlign,
  type TextRole,
} from './layout-types';

export type MmRect = { x: number; y: number; w: number; h: number };

export type TextSlot = {
  kind: 'text';
  role: TextRole;
  rect: MmRect;
  /** Where the field goes when the label shows no old price (the price takes the freed room). */
  rectWithoutOldPrice?: MmRect;
  maxLines: number;
  /** Largest and smallest font size (em), mm. 2 mm is the floor: the smallest fixed printer font fits it. */
  fontMm: readonly [number, number];
  weight: FontWeight;
  align: TextAlign;
  valign: 'top' | 'middle' | 'bottom';
};

export type RuleSlot = { kind: 'rule'; rect: MmRect };

/** The rect includes the quiet zones; `readableMm` is the room under the bars for the digits. */
export type BarcodeSlot = { kind: 'barcode'; rect: MmRect; readableMm: number; align: 'left' | 'center' };

export type Slot = TextSlot | RuleSlot | BarcodeSlot;

export type TemplateSpec = { widthMm: number; heightMm: number; gapMm: number; barcode: BarcodeChoice; slots: Slot[] };

const text = (
  role: TextRole,
  rect: MmRect,
  fontMm: readonly [number, number],
  extra: Partial<Omit<TextSlot, 'kind' | 'role' | 'rect' | 'fontMm'>> = {},
): TextSlot => ({ kind: 'text', role, rect, fontMm, maxLines: 1, weight: 'regular', align: 'left', valign: 'top', ...extra });

const rule = (x: number, y: number, w: number): RuleSlot => ({ kind: 'rule', rect: { x, y, w, h: 0.25 } });

const priceTemplates: Record<LabelSize, TemplateSpec> = {
  '58x40': {
    widthMm: 58,
    heightMm: 40,
    gapMm: 2,
    barcode: 'auto',
    slots: [
      text('name', { x: 1.5, y: 1.5, w: 55, h: 11.5 }, [3.4, 2.2], { maxLines: 3 }),
      rule(1.5, 13.4, 55),
      text('oldPrice', { x: 1.5, y: 15.3, w: 21, h: 5.5 }, [4.5, 2.5]),
      text('price', { x: 22.5, y: 14, w: 34, h: 12.6 }, [12, 4], {
        rectWithoutOldPrice: { x: 1.5, y: 14, w: 55, h: 12.6 },
        weight: 'bold',
        align: 'right',
        valign: 'middle',
      }),
      text('code', { x: 1.5, y: 26.9, w: 19.4, h: 2.9 }, [2.4, 2]),
      text('article', { x: 21.2, y: 26.9, w: 16.8, h: 2.9 }, [2.4, 2]),
      text('unit', { x: 38.5, y: 26.9, w: 18, h: 2.9 }, [2.4, 2], { align: 'right' }),
      { kind: 'barcode', rect: { x: 0, y: 30.3, w: 43, h: 9.2 }, readableMm: 3, align: 'left' },
      text('date', { x: 43.5, y: 36.4, w: 13, h: 2.9 }, [2.4, 2], { align: 'right' }),
    ],
  },
  '58x30': {
    widthMm: 58,
    heightMm: 30,
    gapMm: 2,
    barcode: 'auto',
    slots: [
      text('name', { x: 1.5, y: 1.2, w: 55, h: 7.6 }, [3.2, 2], { maxLines: 2 }),
      rule(1.5, 9.1, 55),
      // The left column (old price, code, article) stays even without an old price: the price keeps right.
      text('oldPrice', { x: 1.5, y: 9.9, w: 20, h: 4.7 }, [4, 2.2]),
      text('price', { x: 22, y: 9.5, w: 34.5, h: 8.2 }, [8, 3], { weight: 'bold', align: 'right', valign: 'middle' }),
      text('unit', { x: 22, y: 17.7, w: 34.5, h: 2.7 }, [2.3, 2], { align: 'right' }),
      text('code', { x: 1.5, y: 14.9, w: 20, h: 2.7 }, [2.3, 2]),
      text('article', { x: 1.5, y: 17.7, w: 20, h: 2.7 }, [2.3, 2]),
      { kind: 'barcode', rect: { x: 0, y: 20.6, w: 43, h: 9 }, readableMm: 3, align: 'left' },
      text('date', { x: 43.5, y: 26.4, w: 13, h: 2.8 }, [2.4, 2], { align: 'right' }),
    ],
  },
  '40x25': {
    widthMm: 40,
    heightMm: 25,
    gapMm: 2,
    barcode: 'auto',
    slots: [
      text('name', { x: 1, y: 1, w: 38, h: 6.8 }, [2.9, 2], { maxLines: 2 }),
      text('oldPrice', { x: 1, y: 8.3, w: 14, h: 4 }, [3.4, 2]),
      text('price', { x: 15, y: 7.9, w: 24, h: 8.2 }, [7.5, 2.5], {
        rectWithoutOldPrice: { x: 1, y: 7.9, w: 38, h: 8.2 },
        weight: 'bold',
        align: 'right',
        valign: 'middle',
      }),
      text('unit', { x: 1, y: 12.6, w: 14, h: 2.6 }, [2.2, 2]),
      // No room for the code at this size: the barcode identifies the product.
      { kind: 'barcode', rect: { x: 0, y: 16.4, w: 30, h: 8.2 }, readableMm: 2.8, align: 'left' },
      // In the barcode's right quiet zone, clear of the bars (≥ 7 modules at both resolutions).
      text('date', { x: 28.7, y: 21.4, w: 10.3, h: 2.6 }, [2.2, 2], { align: 'right' }),
    ],
  },
  '30x20': {
    widthMm: 30,
    heightMm: 20,
    gapMm: 2,
    barcode: 'auto',
    slots: [
      text('name', { x: 1, y: 0.8, w: 28, h: 5.6 }, [2.5, 2], { maxLines: 2 }),
      text('oldPrice', { x: 1, y: 6.8, w: 11, h: 3.2 }, [2.8, 2]),
      text('price', { x: 12, y: 6.4, w: 17, h: 6.4 }, [5.5, 2.2], {
        rectWithoutOldPrice: { x: 1, y: 6.4, w: 28, h: 6.4 },
        weight: 'bold',
        align: 'right',
        valign: 'middle',
      }),
      text('unit', { x: 1, y: 10, w: 11, h: 2.6 }, [2.2, 2]),
      { kind: 'barcode', rect: { x: 0, y: 13, w: 30, h: 6.8 }, readableMm: 2.6, align: 'center' },
    ],
  },
};

/** The shelf label: name and price centred and larger; the same bottom band as the price tag. */
const shelf58x40: TemplateSpec = {
  widthMm: 58,
  heightMm: 40,
  gapMm: 2,
  barcode: 'auto',
  slots: [
    text('name', { x: 1.5, y: 1.5, w: 55, h: 8.6 }, [3.8, 2.2], { maxLines: 2, weight: 'bold', align: 'center' }),
    rule(1.5, 10.6, 55),
    text('oldPrice', { x: 1.5, y: 12.5, w: 18, h: 5.5 }, [4.5, 2.5]),
    text('price', { x: 19.5, y: 11.2, w: 37, h: 14.8 }, [13, 4], {
      rectWithoutOldPrice: { x: 1.5, y: 11.2, w: 55, h: 14.8 },
      weight: 'bold',
      align: 'center',
      valign: 'middle',
    }),
    text('code', { x: 1.5, y: 26.4, w: 19.4, h: 2.9 }, [2.4, 2]),
    text('article', { x: 21.2, y: 26.4, w: 16.8, h: 2.9 }, [2.4, 2]),
    text('unit', { x: 38.5, y: 26.4, w: 18, h: 2.9 }, [2.4, 2], { align: 'right' }),
    rule(1.5, 29.6, 55),
    { kind: 'barcode', rect: { x: 0, y: 30.4, w: 43, h: 9.2 }, readableMm: 3, align: 'left' },
    text('date', { x: 43.5, y: 36.5, w: 13, h: 2.9 }, [2.4, 2], { align: 'right' }),
  ],
};

/** Other sizes of the shelf label: the price tag's slots with the name and the price centred. */
function centredVariant(spec: TemplateSpec): TemplateSpec {
  return {
    ...spec,
    slots: spec.slots.map((slot) =>
      slot.kind === 'text' && (slot.role === 'name' || slot.role === 'price') ? { ...slot, align: 'center' } : slot,
    ),
  };
}

export function templateSpec(template: LabelTemplate, size: LabelSize): TemplateSpec {
  if (template === 'price') return priceTemplates[size];
  return size === '58x40' ? shelf58x40 : centredVariant(priceTemplates[size]);
}
