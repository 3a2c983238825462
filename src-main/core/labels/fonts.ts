// Loads the bundled DejaVu fonts (resources/fonts) for the rasterizer. Node-only: the pure rasterizer
// (raster-*.ts) takes the parsed fonts as arguments, so a browser can load them its own way.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Font, parse } from 'opentype.js';
import { type FontWeight } from './layout-types';

export type LabelFonts = Record<FontWeight, Font>;

export const fontFiles: Record<FontWeight, string> = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' };

/**
 * resources/fonts above `fromDir` (the repo root under tsx and vitest, above out/main in the CLI and
 * web builds). Packaged Electron finds <install>\resources\fonts the same way, walking up from
 * resources\app.asar\out\main\chunks (electron-builder.yml copies the fonts there; its test proves it).
 */
export function findFontsFolder(fromDir: string = __dirname): string {
  let dir = resolve(fromDir);
  for (let depth = 0; depth < 8; depth += 1) {
    const candidate = join(dir, 'resources', 'fonts');
    if (existsSync(join(candidate, fontFiles.regular))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`resources/fonts (${fontFiles.regular}) not found above ${fromDir}`);
}

const cache = new Map<string, LabelFonts>();

/** The two label fonts, parsed once per folder. Throws when a file is missing or unreadable. */
export function loadLabelFonts(folder: string = findFontsFolder()): LabelFonts {
  const cached = cache.get(folder);
  if (cached) return cached;
  const load = (file: string): Font => {
    // opentype.js wants an ArrayBuffer holding exactly the file: copy out of Node's pooled Buffer.
    return parse(new Uint8Array(readFileSync(join(folder, file))).buffer);
  };
  const fonts: LabelFonts = { regular: load(fontFiles.regular), bold: load(fontFiles.bold) };
  cache.set(folder, fonts);
  return fonts;
}
