// Regenerates the label golden files and the font-metrics table. Run it deliberately, look at the diff
// (and at the PNG previews it writes next to the goldens), then commit:
//   npx tsx src-main/core/labels/testing/update-goldens.ts
// The golden test itself never writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findFontsFolder, loadLabelFonts } from '../fonts';
import { renderLabel, renderLabelPng } from '../render-label';
import { metricsSource } from './font-metrics';
import { goldenCases, goldenDir } from './golden-cases';
import { sampleProduct } from './sample-product';

const fonts = loadLabelFonts(findFontsFolder(__dirname));
writeFileSync(resolve(__dirname, '../layout-metrics.ts'), metricsSource(fonts));
for (const c of goldenCases()) {
  mkdirSync(dirname(c.path), { recursive: true });
  writeFileSync(c.path, renderLabel(sampleProduct, c.template, c.size, c.dpi, c.language, { fonts }));
  if (c.language === 'zpl') {
    const preview = join(goldenDir, 'preview', `${c.template}-${c.size}-${c.dpi}dpi.png`);
    mkdirSync(dirname(preview), { recursive: true });
    writeFileSync(preview, renderLabelPng(sampleProduct, c.template, c.size, c.dpi, { fonts }));
  }
}
process.stdout.write(`${goldenCases().length} golden files written under ${goldenDir}\n`);
