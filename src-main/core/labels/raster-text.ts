// Text into the 1-bit image: glyph outlines from the font (opentype.js parses the TTF; we only read
// the cmap, advance widths and outlines), flattened to edges and filled by raster.ts. Deliberately no
// shaping and no kerning: Cyrillic and Latin need none, and the layout measures the same way.
import { type Font, type PathCommand } from 'opentype.js';
import { type Bitmap, type EdgeList, addEdge, fillEdges } from './raster';

/** Segments per curve: fixed, so the result never depends on floating-point tolerance tests. */
const quadSteps = 8;
const cubicSteps = 12;

export function measureLine(font: Font, text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) units += font.charToGlyph(ch).advanceWidth;
  return (units * fontSize) / font.unitsPerEm;
}

/** A Bézier curve from (x0, y0) as `steps` straight edges; `at(t, 1 − t)` is the point at t. */
function addCurve(edges: EdgeList, x0: number, y0: number, steps: number, at: (t: number, u: number) => [number, number]): void {
  let lx = x0;
  let ly = y0;
  for (let i = 1; i <= steps; i += 1) {
    const t = i / steps;
    const [qx, qy] = at(t, 1 - t);
    addEdge(edges, lx, ly, qx, qy);
    lx = qx;
    ly = qy;
  }
}

function addOutline(edges: EdgeList, commands: readonly PathCommand[], originX: number, baseline: number, scaleX: number, scaleY: number): void {
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  const px = (x: number) => originX + x * scaleX;
  const py = (y: number) => baseline - y * scaleY;
  for (const c of commands) {
    switch (c.type) {
      case 'M':
        cx = sx = px(c.x);
        cy = sy = py(c.y);
        break;
      case 'L': {
        const x = px(c.x);
        const y = py(c.y);
        addEdge(edges, cx, cy, x, y);
        cx = x;
        cy = y;
        break;
      }
      case 'Q': {
        const [x1, y1, x, y] = [px(c.x1), py(c.y1), px(c.x), py(c.y)];
        const [x0, y0] = [cx, cy];
        addCurve(edges, x0, y0, quadSteps, (t, u) => [u * u * x0 + 2 * u * t * x1 + t * t * x, u * u * y0 + 2 * u * t * y1 + t * t * y]);
        cx = x;
        cy = y;
        break;
      }
      case 'C': {
        const [x1, y1, x2, y2, x, y] = [px(c.x1), py(c.y1), px(c.x2), py(c.y2), px(c.x), py(c.y)];
        const [x0, y0] = [cx, cy];
        addCurve(edges, x0, y0, cubicSteps, (t, u) => [
          u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x,
          u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y,
        ]);
        cx = x;
        cy = y;
        break;
      }
      case 'Z':
        addEdge(edges, cx, cy, sx, sy);
        cx = sx;
        cy = sy;
        break;
    }
  }
}

/**
 * Draws one line of text with its left end at `x` and its baseline at `baseline`; `scaleX` < 1
 * condenses it (used when a line is wider than its box). Returns the drawn width.
 */
export function drawTextLine(
  bitmap: Bitmap,
  font: Font,
  text: string,
  x: number,
  baseline: number,
  fontSize: number,
  scaleX = 1,
): number {
  const scale = fontSize / font.unitsPerEm;
  const edges: EdgeList = [];
  let pen = x;
  for (const ch of text) {
    const glyph = font.charToGlyph(ch);
    addOutline(edges, glyph.path.commands, pen, baseline, scale * scaleX, scale);
    pen += glyph.advanceWidth * scale * scaleX;
  }
  fillEdges(bitmap, edges);
  return pen - x;
}
