// A 1-bit image and a scanline polygon filler, in plain TypeScript: the same bytes on every machine
// (no GPU, no native library, no platform font engine), so the bitmap fallback can be compared
// byte for byte with golden files and the UI preview can use the very same code.

/** One byte per dot, 1 = black (burned), row-major. */
export type Bitmap = { width: number; height: number; pixels: Uint8Array };

export function createBitmap(width: number, height: number): Bitmap {
  return { width, height, pixels: new Uint8Array(width * height) };
}

/** Sets a rectangle black; clipped to the image. Coordinates in whole dots. */
export function fillRect(bitmap: Bitmap, x: number, y: number, width: number, height: number): void {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(bitmap.width, Math.round(x + width));
  const y1 = Math.min(bitmap.height, Math.round(y + height));
  for (let row = y0; row < y1; row += 1) bitmap.pixels.fill(1, row * bitmap.width + x0, row * bitmap.width + Math.max(x0, x1));
}

/** Polygon edges as flat quadruples x0, y0, x1, y1 (dots, y down). Horizontal edges are dropped. */
export type EdgeList = number[];

export function addEdge(edges: EdgeList, x0: number, y0: number, x1: number, y1: number): void {
  if (y0 !== y1) edges.push(x0, y0, x1, y1);
}

/** Sub-scanlines per dot row. Coverage is exact along x, sampled 4 times along y. */
const subRows = 4;

/**
 * Fills the nonzero-winding interior of `edges` (closed contours, e.g. glyph outlines). A dot turns
 * black when at least half of its area is covered. No anti-aliasing, no hinting: printers print dots.
 */
export function fillEdges(bitmap: Bitmap, edges: EdgeList): void {
  const count = edges.length / 4;
  if (count === 0) return;
  let yMin = Infinity;
  let yMax = -Infinity;
  let xMin = Infinity;
  let xMax = -Infinity;
  const order: number[] = [];
  for (let e = 0; e < count; e += 1) {
    const y0 = edges[e * 4 + 1] as number;
    const y1 = edges[e * 4 + 3] as number;
    const x0 = edges[e * 4] as number;
    const x1 = edges[e * 4 + 2] as number;
    yMin = Math.min(yMin, y0, y1);
    yMax = Math.max(yMax, y0, y1);
    xMin = Math.min(xMin, x0, x1);
    xMax = Math.max(xMax, x0, x1);
    order.push(e);
  }
  const top = (e: number) => Math.min(edges[e * 4 + 1] as number, edges[e * 4 + 3] as number);
  order.sort((a, b) => top(a) - top(b) || a - b);

  const rowFrom = Math.max(0, Math.floor(yMin));
  const rowTo = Math.min(bitmap.height, Math.ceil(yMax));
  const colFrom = Math.max(0, Math.floor(xMin));
  const colTo = Math.min(bitmap.width, Math.ceil(xMax) + 1);
  if (rowFrom >= rowTo || colFrom >= colTo) return;
  const coverage = new Float64Array(colTo - colFrom);
  let next = 0;
  let active: number[] = [];
  const crossings: number[] = [];

  for (let row = rowFrom; row < rowTo; row += 1) {
    coverage.fill(0);
    let isInked = false;
    for (let k = 0; k < subRows; k += 1) {
      const y = row + (k + 0.5) / subRows;
      while (next < order.length && top(order[next] as number) <= y) active.push(order[next++] as number);
      active = active.filter((e) => Math.max(edges[e * 4 + 1] as number, edges[e * 4 + 3] as number) > y);
      crossings.length = 0;
      for (const e of active) {
        const x0 = edges[e * 4] as number;
        const y0 = edges[e * 4 + 1] as number;
        const x1 = edges[e * 4 + 2] as number;
        const y1 = edges[e * 4 + 3] as number;
        if ((y0 <= y && y < y1) || (y1 <= y && y < y0)) crossings.push(x0 + ((y - y0) * (x1 - x0)) / (y1 - y0), y1 > y0 ? 1 : -1);
      }
      if (crossings.length < 4) continue;
      // Sort crossing pairs by x (stable on ties: same input → same output everywhere).
      const pairs: number[] = [];
      for (let i = 0; i < crossings.length; i += 2) pairs.push(i);
      pairs.sort((a, b) => (crossings[a] as number) - (crossings[b] as number) || a - b);
      let winding = 0;
      for (let p = 0; p < pairs.length - 1; p += 1) {
        winding += crossings[(pairs[p] as number) + 1] as number;
        if (winding === 0) continue;
        const a = Math.max(colFrom, crossings[pairs[p] as number] as number);
        const b = Math.min(colTo, crossings[pairs[p + 1] as number] as number);
        for (let x = Math.floor(a); x < b; x += 1) {
          const covered = Math.min(b, x + 1) - Math.max(a, x);
          if (covered > 0) {
            coverage[x - colFrom] = (coverage[x - colFrom] as number) + covered / subRows;
            isInked = true;
          }
        }
      }
    }
    if (!isInked) continue;
    const base = row * bitmap.width;
    for (let x = colFrom; x < colTo; x += 1) if ((coverage[x - colFrom] as number) >= 0.5) bitmap.pixels[base + x] = 1;
  }
}

/**
 * Packs rows MSB first, 8 dots per byte, rows padded to whole bytes. `inkBit` is the bit value of a
 * black dot: ZPL ^GF uses 1, TSPL BITMAP uses 0 (its 1 bits are left white).
 */
export function packRows(bitmap: Bitmap, inkBit: 0 | 1): { bytesPerRow: number; data: Uint8Array } {
  const bytesPerRow = Math.ceil(bitmap.width / 8);
  const data = new Uint8Array(bytesPerRow * bitmap.height).fill(inkBit === 1 ? 0x00 : 0xff);
  for (let y = 0; y < bitmap.height; y += 1) {
    for (let x = 0; x < bitmap.width; x += 1) {
      if (bitmap.pixels[y * bitmap.width + x] !== 1) continue;
      const index = y * bytesPerRow + (x >> 3);
      const mask = 0x80 >> (x & 7);
      data[index] = inkBit === 1 ? (data[index] as number) | mask : (data[index] as number) & ~mask;
    }
  }
  return { bytesPerRow, data };
}
