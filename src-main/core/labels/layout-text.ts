// Measuring, wrapping and shrinking text for the layout. Pure: widths come from the generated table of
// the reference font (layout-metrics.ts), never from a canvas, so the same input always gives the
// same lines on every machine and in the browser.
import { dejaVuAdvanceRuns, dejaVuUnitsPerEm } from './layout-metrics';
import { type FontWeight } from './layout-types';

/** For characters outside the table (emoji, CJK...): a wide letter, so lines err on the short side. */
const fallbackAdvance = 1600;

/**
 * Fixed-pitch printer fonts are 0.5–0.75 as wide as tall (TSPL "1" 8×12 dots; EPL font 1 advances 10
 * dots for 12 at 203 dpi). Requiring every line to fit at a pitch of 0.625 × the font size too means
 * the TSPL and EPL outputs always find a resident font no taller than the line that fits the box
 * (device-fonts.ts): at the 2 mm floor that is 10 dots at 203 dpi and 15 at 300 dpi.
 */
export const minPitchRatio = 0.625;

/** Line height as a multiple of the font size: room for Cyrillic descenders (р, у, д) and accents. */
export const lineHeightRatio = 1.15;

const advanceMaps: Partial<Record<FontWeight, Map<number, number>>> = {};

function advanceMap(weight: FontWeight): Map<number, number> {
  let map = advanceMaps[weight];
  if (!map) {
    map = new Map();
    for (const run of dejaVuAdvanceRuns[weight]) {
      const first = run[0] ?? 0;
      for (let i = 1; i < run.length; i += 1) map.set(first + i - 1, run[i] ?? fallbackAdvance);
    }
    advanceMaps[weight] = map;
  }
  return map;
}

/** Code points, so a letter outside the BMP counts once. */
export function characters(text: string): string[] {
  return Array.from(text);
}

/** Width in dots of `text` at `fontSize` (em, dots) in the reference font: advance widths, no kerning. */
export function textWidth(text: string, fontSize: number, weight: FontWeight): number {
  const map = advanceMap(weight);
  let units = 0;
  for (const ch of text) units += map.get(ch.codePointAt(0) ?? 0) ?? fallbackAdvance;
  return (units * fontSize) / dejaVuUnitsPerEm;
}

/** The width a line needs: in the reference font, and at the minimum fixed pitch. */
export function fitWidth(text: string, fontSize: number, weight: FontWeight): number {
  return Math.max(textWidth(text, fontSize, weight), characters(text).length * fontSize * minPitchRatio);
}

export function lineHeightFor(fontSize: number): number {
  return Math.round(fontSize * lineHeightRatio);
}

/** Collapses whitespace (1C names carry double spaces and line breaks) and trims. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Greedy word wrap to `width`. A word wider than the line is broken between characters (long
 * articles, "ультрапастеризованное" on a 30 mm tag). Returns every line; the caller limits them.
 */
export function wrapText(text: string, width: number, fontSize: number, weight: FontWeight): string[] {
  const fits = (line: string) => fitWidth(line, fontSize, weight) <= width;
  const lines: string[] = [];
  let current = '';
  for (const word of normalizeText(text).split(' ')) {
    if (word === '') continue;
    const candidate = current === '' ? word : `${current} ${word}`;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    // The word starts a new line, in pieces if it is wider than a whole line.
    let piece = '';
    for (const ch of characters(word)) {
      if (piece !== '' && !fits(piece + ch)) {
        lines.push(piece);
        piece = '';
      }
      piece += ch;
    }
    current = piece;
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** Cuts `text` so that `text…` fits `width`; drops trailing spaces and punctuation before the ellipsis. */
export function ellipsize(text: string, width: number, fontSize: number, weight: FontWeight): string {
  const chars = characters(normalizeText(text));
  for (let n = chars.length; n > 0; n -= 1) {
    const head = chars.slice(0, n).join('').replace(/[\s,.;:–—-]+$/u, '');
    const candidate = `${head}…`;
    if (head !== '' && fitWidth(candidate, fontSize, weight) <= width) return candidate;
  }
  return '…';
}

export type FitBox = {
  width: number;
  height: number;
  maxLines: number;
  /** Font sizes (em) in dots; the largest that fits wins. */
  maxFont: number;
  minFont: number;
  weight: FontWeight;
};

export type FittedText = { lines: string[]; fontSize: number; lineHeight: number; isTruncated: boolean };

/**
 * The largest font size from `maxFont` down to `minFont` at which the whole text fits the box in at
 * most `maxLines` lines. When even `minFont` is too big, the text is set at `minFont` and its last
 * line ends in "…". Nothing is ever drawn outside the box.
 */
export function fitText(text: string, box: FitBox): FittedText {
  const clean = normalizeText(text);
  const linesAt = (fontSize: number) => Math.min(box.maxLines, Math.floor(box.height / lineHeightFor(fontSize)));
  for (let fontSize = box.maxFont; fontSize >= box.minFont; fontSize -= 1) {
    const allowed = linesAt(fontSize);
    if (allowed < 1) continue;
    const lines = wrapText(clean, box.width, fontSize, box.weight);
    if (lines.length <= allowed) return { lines, fontSize, lineHeight: lineHeightFor(fontSize), isTruncated: false };
  }
  const fontSize = box.minFont;
  const allowed = Math.max(1, linesAt(fontSize));
  const lines = wrapText(clean, box.width, fontSize, box.weight);
  const kept = lines.slice(0, allowed - 1);
  kept.push(ellipsize(lines.slice(allowed - 1).join(' '), box.width, fontSize, box.weight));
  return { lines: kept, fontSize, lineHeight: lineHeightFor(fontSize), isTruncated: true };
}

/** One line that must be shown whole (a price): the largest size that fits, shrinking below `minFont` if it must. */
export function fitSingleLine(text: string, box: Omit<FitBox, 'maxLines'>): { fontSize: number; lineHeight: number } {
  const floor = Math.min(box.minFont, 6);
  for (let fontSize = box.maxFont; fontSize > floor; fontSize -= 1) {
    if (lineHeightFor(fontSize) <= box.height && fitWidth(text, fontSize, box.weight) <= box.width) {
      return { fontSize, lineHeight: lineHeightFor(fontSize) };
    }
  }
  return { fontSize: floor, lineHeight: lineHeightFor(floor) };
}

/** Kopecks as Russian shops print them: "1 299,90" (space between thousands, comma before kopecks). */
export function formatRubles(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(Math.round(kopecks));
  const rubles = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${rubles},${String(abs % 100).padStart(2, '0')}`;
}
