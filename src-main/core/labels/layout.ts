// The layout engine: a product + a template + a size + a resolution → a display list in printer dots.
// Every output (TSPL, ZPL, EPL, bitmap) and the UI preview draw this one list. Pure: no Node modules,
// no clock, no randomness.
import { chooseBarcode, fitModule, quietZones, symbolModules } from './layout-barcode';
import { type BarcodeSlot, type MmRect, type TextSlot, templateSpec } from './layout-templates';
import { fitSingleLine, fitText, fitWidth, formatRubles, normalizeText } from './layout-text';
import {
  type BarcodeChoice,
  type BarcodeItem,
  type DisplayItem,
  type DisplayList,
  type LabelDpi,
  type LabelProduct,
  type LabelSize,
  type LabelTemplate,
  type RuleItem,
  type TextItem,
} from './layout-types';

export type LayoutOptions = {
  /** Overrides the template's symbology choice ("auto" by default). */
  barcode?: BarcodeChoice;
};

/** Millimetres to printer dots: 8 dots/mm at 203 dpi, 11.81 at 300 dpi. */
export function mmToDots(mm: number, dpi: LabelDpi): number {
  return Math.round((mm * dpi) / 25.4);
}

type DotRect = { x: number; y: number; w: number; h: number };

function toDots(rect: MmRect, dpi: LabelDpi): DotRect {
  // Edges are converted, not sizes, so neighbouring boxes never overlap by a rounding dot.
  const x = mmToDots(rect.x, dpi);
  const y = mmToDots(rect.y, dpi);
  return { x, y, w: mmToDots(rect.x + rect.w, dpi) - x, h: mmToDots(rect.y + rect.h, dpi) - y };
}

function hasOldPrice(product: LabelProduct): boolean {
  return typeof product.oldPrice === 'number' && product.oldPrice > product.price;
}

function textFor(slot: TextSlot, product: LabelProduct): string | null {
  const present = (value: string | null | undefined) => {
    const clean = normalizeText(value ?? '');
    return clean === '' ? null : clean;
  };
  switch (slot.role) {
    case 'name':
      return present(product.name);
    case 'price':
      return formatRubles(product.price);
    case 'oldPrice':
      return hasOldPrice(product) ? formatRubles(product.oldPrice ?? 0) : null;
    case 'unit': {
      const unit = present(product.unit);
      return unit === null ? 'руб.' : `руб./${unit}`;
    }
    case 'code': {
      const code = present(product.code);
      return code === null ? null : `Код ${code}`;
    }
    case 'article': {
      const article = present(product.article);
      return article === null ? null : `Арт. ${article}`;
    }
    case 'date':
      return present(product.date);
  }
}

function layoutText(slot: TextSlot, product: LabelProduct, dpi: LabelDpi): DisplayItem[] {
  const content = textFor(slot, product);
  if (content === null) return [];
  const rectMm = slot.rectWithoutOldPrice && !hasOldPrice(product) ? slot.rectWithoutOldPrice : slot.rect;
  const rect = toDots(rectMm, dpi);
  const maxFont = mmToDots(slot.fontMm[0], dpi);
  const minFont = mmToDots(slot.fontMm[1], dpi);
  const fitted =
    slot.role === 'price'
      ? { lines: [content], ...fitSingleLine(content, { width: rect.w, height: rect.h, maxFont, minFont, weight: slot.weight }) }
      : fitText(content, { width: rect.w, height: rect.h, maxLines: slot.maxLines, maxFont, minFont, weight: slot.weight });
  const blockHeight = fitted.lines.length * fitted.lineHeight;
  const free = Math.max(0, rect.h - blockHeight);
  const y = rect.y + (slot.valign === 'top' ? 0 : slot.valign === 'middle' ? Math.floor(free / 2) : free);
  const item: TextItem = {
    kind: 'text',
    role: slot.role,
    x: rect.x,
    y,
    width: rect.w,
    lineHeight: fitted.lineHeight,
    fontSize: fitted.fontSize,
    weight: slot.weight,
    align: slot.align,
    lines: fitted.lines,
  };
  if (slot.role !== 'oldPrice') return [item];
  // The old price is struck through: the box shrinks to the text so that every output draws the text
  // inside the same span the strike covers.
  const textWidth = Math.min(rect.w, Math.ceil(fitWidth(fitted.lines[0] ?? '', fitted.fontSize, slot.weight)));
  const x = slot.align === 'left' ? rect.x : slot.align === 'right' ? rect.x + rect.w - textWidth : rect.x + Math.floor((rect.w - textWidth) / 2);
  const thickness = Math.max(2, Math.round(fitted.fontSize / 12));
  const strike: RuleItem = {
    kind: 'rule',
    x,
    y: y + Math.round(fitted.lineHeight * 0.5) - Math.floor(thickness / 2),
    width: textWidth,
    height: thickness,
  };
  return [{ ...item, x, width: textWidth }, strike];
}

function layoutBarcode(slot: BarcodeSlot, product: LabelProduct, dpi: LabelDpi, choice: BarcodeChoice): BarcodeItem[] {
  const barcode = chooseBarcode(product.barcode, choice);
  if (barcode === null) return [];
  const rect = toDots(slot.rect, dpi);
  const module = fitModule(barcode, dpi, rect.w, rect.h);
  if (module === 0) return [];
  const [quietLeft, quietRight] = quietZones(barcode.symbology);
  const modules = symbolModules(barcode);
  const width = modules * module;
  const outer = (quietLeft + modules + quietRight) * module;
  const left = slot.align === 'left' ? rect.x : rect.x + Math.floor((rect.w - outer) / 2);
  if (barcode.symbology === 'datamatrix') {
    return [
      { kind: 'barcode', ...barcode, x: left + quietLeft * module, y: rect.y + module, width, height: width, barHeight: width, module, isHumanReadable: false },
    ];
  }
  const readable = mmToDots(slot.readableMm, dpi);
  return [
    {
      kind: 'barcode',
      ...barcode,
      x: left + quietLeft * module,
      y: rect.y,
      width,
      height: rect.h,
      barHeight: rect.h - readable,
      module,
      isHumanReadable: true,
    },
  ];
}

/**
 * Lays a label out. The result depends only on the arguments (the date is part of `product`), so it
 * can be compared byte for byte and drawn identically by a printer language or a preview.
 */
export function layoutLabel(
  product: LabelProduct,
  template: LabelTemplate,
  size: LabelSize,
  dpi: LabelDpi,
  options: LayoutOptions = {},
): DisplayList {
  const spec = templateSpec(template, size);
  const items: DisplayItem[] = [];
  for (const slot of spec.slots) {
    switch (slot.kind) {
      case 'rule': {
        const rect = toDots(slot.rect, dpi);
        items.push({ kind: 'rule', x: rect.x, y: rect.y, width: rect.w, height: Math.max(1, rect.h) });
        break;
      }
      case 'text':
        items.push(...layoutText(slot, product, dpi));
        break;
      case 'barcode':
        items.push(...layoutBarcode(slot, product, dpi, options.barcode ?? spec.barcode));
        break;
    }
  }
  return {
    template,
    size,
    dpi,
    widthMm: spec.widthMm,
    heightMm: spec.heightMm,
    gapMm: spec.gapMm,
    widthDots: mmToDots(spec.widthMm, dpi),
    heightDots: mmToDots(spec.heightMm, dpi),
    items,
  };
}
