// Builds layout-metrics.ts from the bundled fonts: the advance widths the pure layout measures with.
import { type LabelFonts } from '../fonts';
import { type FontWeight } from '../layout-types';

/** Code point ranges the table covers: ASCII, Latin-1, Cyrillic, dashes/quotes/ellipsis, №, ₽. */
export const metricRanges: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x400, 0x45f],
  [0x2010, 0x2026],
  [0x2116, 0x2116],
  [0x20bd, 0x20bd],
];

export function advanceRuns(fonts: LabelFonts): Record<FontWeight, number[][]> {
  const runs = (weight: FontWeight): number[][] =>
    metricRanges.map(([from, to]) => {
      const run = [from];
      for (let cp = from; cp <= to; cp += 1) run.push(fonts[weight].charToGlyph(String.fromCodePoint(cp)).advanceWidth);
      return run;
    });
  return { regular: runs('regular'), bold: runs('bold') };
}

/** The text of layout-metrics.ts for these fonts. */
export function metricsSource(fonts: LabelFonts): string {
  const runs = advanceRuns(fonts);
  const format = (weight: FontWeight) => runs[weight].map((run) => `    [${run.join(', ')}],`).join('\n');
  return `// Generated from resources/fonts (DejaVu Sans 2.37) by src-main/core/labels/testing/update-goldens.ts.
// Do not edit: layout-metrics.test.ts compares it with the font files.
import { type FontWeight } from './layout-types';

export const dejaVuUnitsPerEm = ${fonts.regular.unitsPerEm};

/** Advance widths in font units, as runs: [first code point, width, width, ...]. */
export const dejaVuAdvanceRuns: Record<FontWeight, ReadonlyArray<ReadonlyArray<number>>> = {
  regular: [
${format('regular')}
  ],
  bold: [
${format('bold')}
  ],
};
`;
}
