// The small part of opentype.js 2.x the label rasterizer uses (the package ships no type definitions).
// Only cmap lookup, advance widths and glyph outlines: no shaping, no kerning (see raster-text.ts).
declare module 'opentype.js' {
  export type PathCommand =
    | { type: 'M'; x: number; y: number }
    | { type: 'L'; x: number; y: number }
    | { type: 'Q'; x1: number; y1: number; x: number; y: number }
    | { type: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
    | { type: 'Z' };

  export type Glyph = {
    index: number;
    name: string | null;
    /** Font units. */
    advanceWidth: number;
    /** Font units, y up. */
    path: { commands: PathCommand[] };
  };

  export type Font = {
    unitsPerEm: number;
    ascender: number;
    descender: number;
    charToGlyph(char: string): Glyph;
    hasChar(char: string): boolean;
  };

  export function parse(buffer: ArrayBuffer): Font;
}
