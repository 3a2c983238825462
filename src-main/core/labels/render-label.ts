// The one entry point for printer bytes: product + template + size + resolution + language → Buffer.
// Deterministic: no clock (the date comes in the product), no randomness, the same bytes on every
// machine — the golden files and the serial end-to-end test rely on it.
import { AppError, missingCaseError } from '../errors/app-error';
import { renderTsplBitmap, renderZplBitmap } from './bitmap-outputs';
import { renderEpl } from './epl';
import { type LabelFonts, loadLabelFonts } from './fonts';
import { type LayoutOptions, layoutLabel } from './layout';
import { type DisplayList, type LabelDpi, type LabelProduct, type LabelSize, type LabelTemplate, labelSizes, labelTemplates } from './layout-types';
import { encodePng } from './png';
import { renderDisplayList } from './render-bitmap';
import { renderTspl } from './tspl';
import { type ZplOptions, renderZpl } from './zpl';

export const labelLanguages = ['tspl', 'zpl', 'epl', 'tspl-bitmap', 'zpl-bitmap'] as const;
export type LabelLanguage = (typeof labelLanguages)[number];

export type RenderLabelOptions = LayoutOptions &
  ZplOptions & {
    /** Fonts for the bitmap outputs and the preview; the bundled DejaVu fonts by default. */
    fonts?: LabelFonts;
    /** ZPL bitmap: Zebra's ASCII compression of ^GFA data (default on). */
    isZplCompressed?: boolean;
  };

const zplFontName = /^[A-Z]:[A-Z0-9_.-]{1,32}$/i;

function checkOptions(options: RenderLabelOptions): void {
  if (options.unicodeFont !== undefined && !zplFontName.test(options.unicodeFont)) {
    throw new AppError('validation', `Имя шрифта ZPL «${options.unicodeFont}» должно выглядеть как E:TT0003M_.FNT`);
  }
}

/** The printer bytes of an already laid-out label. */
export function renderDisplayListAs(list: DisplayList, language: LabelLanguage, options: RenderLabelOptions = {}): Buffer {
  checkOptions(options);
  switch (language) {
    case 'tspl':
      return renderTspl(list);
    case 'zpl':
      return renderZpl(list, options);
    case 'epl':
      return renderEpl(list);
    case 'tspl-bitmap':
      return renderTsplBitmap(list, renderDisplayList(list, options.fonts ?? loadLabelFonts()));
    case 'zpl-bitmap':
      return renderZplBitmap(list, renderDisplayList(list, options.fonts ?? loadLabelFonts()), { isCompressed: options.isZplCompressed ?? true });
    default:
      throw missingCaseError(language);
  }
}

/**
 * Printer bytes for one label. Throws AppError('validation') for a price that is not a whole number
 * of kopecks or for a bad option; never touches a printer.
 */
export function renderLabel(
  product: LabelProduct,
  template: LabelTemplate,
  size: LabelSize,
  dpi: LabelDpi,
  language: LabelLanguage,
  options: RenderLabelOptions = {},
): Buffer {
  checkProduct(product);
  return renderDisplayListAs(layoutLabel(product, template, size, dpi, options), language, options);
}

/** The PNG preview: the same display list through the same rasterizer as the bitmap fallback. */
export function renderLabelPng(
  product: LabelProduct,
  template: LabelTemplate,
  size: LabelSize,
  dpi: LabelDpi,
  options: RenderLabelOptions = {},
): Buffer {
  checkProduct(product);
  return encodePng(renderDisplayList(layoutLabel(product, template, size, dpi, options), options.fonts ?? loadLabelFonts()));
}

function checkProduct(product: LabelProduct): void {
  const isKopecks = (value: number) => Number.isSafeInteger(value) && value >= 0;
  if (!isKopecks(product.price)) throw new AppError('validation', `Цена должна быть целым неотрицательным числом копеек, получено ${product.price}`);
  if (product.oldPrice !== undefined && product.oldPrice !== null && !isKopecks(product.oldPrice)) {
    throw new AppError('validation', `Старая цена должна быть целым неотрицательным числом копеек, получено ${product.oldPrice}`);
  }
}

/** "price-58x40" → template and size, as the CLI names them (cli.md); null for anything else. */
export function parseTemplateName(name: string): { template: LabelTemplate; size: LabelSize } | null {
  const match = /^([a-z]+)-(\d+x\d+)$/.exec(name.trim());
  const template = labelTemplates.find((t) => t === match?.[1]);
  const size = labelSizes.find((s) => s === match?.[2]);
  return template && size ? { template, size } : null;
}

export const templateNames: readonly string[] = labelTemplates.flatMap((t) => labelSizes.map((s) => `${t}-${s}`));
