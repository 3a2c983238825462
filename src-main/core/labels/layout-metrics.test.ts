import { describe, expect, it } from 'vitest';
import { loadLabelFonts } from './fonts';
import { dejaVuAdvanceRuns, dejaVuUnitsPerEm } from './layout-metrics';
import { advanceRuns } from './testing/font-metrics';

describe('layout metrics', () => {
  it('match the bundled font files (regenerate with testing/update-goldens.ts after changing a font)', () => {
    const fonts = loadLabelFonts();
    expect(dejaVuUnitsPerEm).toBe(fonts.regular.unitsPerEm);
    expect(dejaVuAdvanceRuns).toEqual(advanceRuns(fonts));
  });

  it('cover Cyrillic with real glyphs in both weights', () => {
    const fonts = loadLabelFonts();
    for (const ch of 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя№«»…') {
      expect(fonts.regular.hasChar(ch), ch).toBe(true);
      expect(fonts.bold.hasChar(ch), ch).toBe(true);
    }
  });
});
