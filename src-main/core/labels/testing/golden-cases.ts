// Which golden files exist and where: every language × size × resolution of the price tag for the
// sample product, plus the 58×40 shelf label. Shared by golden.test.ts, update-goldens.ts and the
// serial end-to-end test (bytes written to a pseudo-terminal must come back equal to these files).
import { join, resolve } from 'node:path';
import { type LabelDpi, type LabelSize, type LabelTemplate, labelDpis, labelSizes } from '../layout-types';
import { type LabelLanguage, labelLanguages } from '../render-label';

export const goldenDir = resolve(__dirname, '../../../../tests/golden/labels');

export type GoldenCase = { language: LabelLanguage; template: LabelTemplate; size: LabelSize; dpi: LabelDpi; path: string };

const extensions: Record<LabelLanguage, string> = { tspl: 'tspl', zpl: 'zpl', epl: 'epl', 'tspl-bitmap': 'tspl', 'zpl-bitmap': 'zpl' };

/** tests/golden/labels/<language>/<template>-<size>-<dpi>dpi.<ext> */
export function goldenPath(language: LabelLanguage, template: LabelTemplate, size: LabelSize, dpi: LabelDpi): string {
  return join(goldenDir, language, `${template}-${size}-${dpi}dpi.${extensions[language]}`);
}

export function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  for (const language of labelLanguages) {
    for (const dpi of labelDpis) {
      for (const size of labelSizes) cases.push({ language, template: 'price', size, dpi, path: goldenPath(language, 'price', size, dpi) });
      cases.push({ language, template: 'shelf', size: '58x40', dpi, path: goldenPath(language, 'shelf', '58x40', dpi) });
    }
  }
  return cases;
}
