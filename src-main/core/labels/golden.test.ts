import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLabelFonts } from './fonts';
import { renderLabel } from './render-label';
import { goldenCases, goldenDir } from './testing/golden-cases';
import { sampleProduct } from './testing/sample-product';

// The expected bytes live in tests/golden/labels; this test only reads them. After an intended
// change, regenerate with `npx tsx src-main/core/labels/testing/update-goldens.ts`, look at the
// diff and at tests/golden/labels/preview/*.png, and commit both.
describe('label golden files', () => {
  const fonts = loadLabelFonts();

  it.each(goldenCases().map((c) => [relative(goldenDir, c.path), c] as const))('%s equals the generator output byte for byte', (_name, c) => {
    expect(existsSync(c.path), `${c.path} is missing: run src-main/core/labels/testing/update-goldens.ts`).toBe(true);
    const expected = readFileSync(c.path);
    const actual = renderLabel(sampleProduct, c.template, c.size, c.dpi, c.language, { fonts });
    // Name the first differing byte instead of dumping kilobytes of label.
    const common = Math.min(actual.length, expected.length);
    let firstDifference = actual.subarray(0, common).findIndex((byte, i) => byte !== expected[i]);
    if (firstDifference === -1 && actual.length !== expected.length) firstDifference = common;
    expect({ length: actual.length, firstDifference }).toEqual({ length: expected.length, firstDifference: -1 });
    expect(actual.equals(expected)).toBe(true);
  });
});
