// The device-independent display list: what a label shows, in printer dots, before any printer
// language is chosen. One layout feeds every output (TSPL, ZPL, EPL, the bitmap fallback) and the
// UI preview. Pure TypeScript: no Node modules, so the renderer can import it as is.

export const labelTemplates = ['price', 'shelf'] as const;
export type LabelTemplate = (typeof labelTemplates)[number];

export const labelSizes = ['58x40', '58x30', '40x25', '30x20'] as const;
export type LabelSize = (typeof labelSizes)[number];

export const labelDpis = [203, 300] as const;
export type LabelDpi = (typeof labelDpis)[number];

export const barcodeSymbologies = ['ean13', 'code128', 'datamatrix'] as const;
export type BarcodeSymbology = (typeof barcodeSymbologies)[number];
/** What a template asks for: a symbology, or "auto" (EAN-13 when the code is one, else Code 128). */
export type BarcodeChoice = BarcodeSymbology | 'auto' | 'none';

/** What goes on a label. Money in kopecks (integers), as everywhere in Prilavok. */
export type LabelProduct = {
  name: string;
  price: number;
  /** Shown struck through only when it is higher than `price` (a markdown). */
  oldPrice?: number | null;
  /** Unit name as in 1C ("шт", "кг"); the tag says "руб./шт". */
  unit?: string | null;
  /** 1C code. */
  code?: string | null;
  article?: string | null;
  /** The code to print as a barcode (EAN-13 digits, or any ASCII for Code 128 / DataMatrix). */
  barcode?: string | null;
  /**
   * The date text as it should be printed ("02.05.2025"). The layout never reads the clock:
   * callers pass it, so the same input always gives the same bytes.
   */
  date?: string | null;
};

export type TextRole = 'name' | 'price' | 'oldPrice' | 'unit' | 'date' | 'code' | 'article';
export type TextAlign = 'left' | 'center' | 'right';
export type FontWeight = 'regular' | 'bold';

/**
 * Lines of text in a box. Line i occupies [y + i·lineHeight, y + (i+1)·lineHeight); every line fits
 * `width` at `fontSize` (the em size in dots) in the reference font (DejaVu Sans) and also at a fixed
 * pitch of half the font size, so fixed-pitch printer fonts fit too.
 */
export type TextItem = {
  kind: 'text';
  role: TextRole;
  x: number;
  y: number;
  width: number;
  lineHeight: number;
  fontSize: number;
  weight: FontWeight;
  align: TextAlign;
  lines: string[];
};

/** A filled rectangle: separators and the strike-through of the old price. */
export type RuleItem = { kind: 'rule'; x: number; y: number; width: number; height: number };

/**
 * A barcode whose first bar (or top-left module) is at (x, y). `width` is the predicted symbol width
 * (exact for EAN-13), `barHeight` the bar height; human-readable digits, when asked for, go in
 * the `height − barHeight` dots below the bars.
 */
export type BarcodeItem = {
  kind: 'barcode';
  symbology: BarcodeSymbology;
  /** EAN-13: the 12 data digits (printers add the check digit); others: the text as encoded. */
  data: string;
  x: number;
  y: number;
  width: number;
  height: number;
  barHeight: number;
  /** Module (narrow bar / cell) size in dots. */
  module: number;
  isHumanReadable: boolean;
};

export type DisplayItem = TextItem | RuleItem | BarcodeItem;

export type DisplayList = {
  template: LabelTemplate;
  size: LabelSize;
  dpi: LabelDpi;
  widthMm: number;
  heightMm: number;
  /** Gap between labels on the roll (TSPL GAP, EPL Q). */
  gapMm: number;
  widthDots: number;
  heightDots: number;
  items: DisplayItem[];
};
