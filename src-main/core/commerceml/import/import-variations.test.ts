// Generated exchanges for every variation the parser must take (commerceml.md §1–§6), each imported
// into an empty mirror and checked: the report's counts against the generator's truth, every product
// field by field (name, article, group, unit, VAT, barcodes, variants, prices, stock), no warnings,
// and a second import of the same files changing nothing.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CmlReport } from '../../../../src-preload/contract/commerceml';
import { type AppDb } from '../../db/open';
import { makeTempDir, openTempDb } from '../../testing/temp-db';
import { freshImportCounts } from '../testing/cml-generated-counts';
import { generateExchange, type GeneratedExchange } from '../testing/cml-generator';
import { type CmlGeneratorOptions } from '../testing/cml-generator-options';
import { expectedProductView, readProductView } from '../testing/cml-mirror-view';
import { writeZip } from '../testing/cml-zip-writer';
import { type CmlSourceFile, importExchange } from './import-exchange';

const products = 48;
const now = new Date(2026, 1, 1, 12, 0, 0).getTime();

let t: { db: AppDb; cleanup(): void };
let temp: { dir: string; cleanup(): void };
beforeEach(() => {
  t = openTempDb();
  temp = makeTempDir('prilavok-cml-gen-');
  // This store's warehouse, where a total without warehouse (Количество) goes.
  t.db.sqlite.prepare("INSERT INTO warehouses (ref_1c, name, kind, is_home) VALUES ('home-store', 'Магазин', 'store', 1)").run();
});
afterEach(() => {
  t.cleanup();
  temp.cleanup();
});

const run = (files: CmlSourceFile[]): Promise<CmlReport> => importExchange(t.db, files, { dryRun: false, clock: () => now });

/** Imports, checks counts and every product against the truth, imports again and checks nothing changed. */
async function importAndCheck(g: GeneratedExchange, files: CmlSourceFile[], expectedWarnings: string[] = []): Promise<CmlReport> {
  const report = await run(files);
  expect(report.warnings.map((w) => w.message)).toEqual(expectedWarnings);
  expect(report.counts).toEqual(freshImportCounts(g.truth));
  for (let i = 0; i < g.truth.options.products; i += 1) {
    expect(readProductView(t.db, g.truth.product(i).ref), `product ${i}`).toEqual(expectedProductView(g.truth, i, 'home-store'));
  }
  const again = await run(files);
  for (const [kind, counts] of Object.entries(again.counts)) expect({ kind, ...counts, unchanged: 0 }).toEqual({ kind, added: 0, changed: 0, removed: 0, unchanged: 0 });
  return report;
}

async function generated(options: Omit<CmlGeneratorOptions, 'seed' | 'products'>): Promise<{ g: GeneratedExchange; files: CmlSourceFile[] }> {
  const g = await generateExchange(temp.dir, { seed: 11, products, variantsEvery: 6, deletedEvery: 7, ...options });
  return { g, files: g.files.map((f) => ({ name: f.name, path: f.path })) };
}

describe('importing generated exchanges', () => {
  it('2.03: no namespace, ШтрихКод, СвойствоНоменклатуры, flag as trailing element, variants as their own Товар, totals only', async () => {
    const { g, files } = await generated({ version: '2.03' });
    const report = await importAndCheck(g, files);
    expect(report.files.map((f) => [f.version, f.onlyChanges])).toEqual([['2.03', false], ['2.03', false]]);
    // Every product with variants was made up from its variants' Товар (it is not listed on its own).
    expect(g.truth.product(5).barcode).toBeNull();
    expect(readProductView(t.db, g.truth.product(5).ref)?.variants).toHaveLength(2);
  });

  it('2.04: schema location instead of a namespace, unit as text with its code, Статус="Удален"', async () => {
    const { g, files } = await generated({ version: '2.04', deletionForm: 'status' });
    await importAndCheck(g, files);
  });

  it('2.05 in windows-1251 (declared), Bitrix <Статус>Удален</Статус> on the offer, unit by name only', async () => {
    const { g, files } = await generated({ version: '2.05', encoding: 'windows-1251', deletionForm: 'bitrix', unitForm: 'name', stockForm: 'attribute' });
    await importAndCheck(g, files);
  });

  it('2.07: default namespace, BOM, Склад@КоличествоНаСкладе per warehouse, unit Код="796 " with Пересчет', async () => {
    const { g, files } = await generated({ version: '2.07', stockForm: 'attribute' });
    await importAndCheck(g, files);
  });

  it('2.08 with every element prefixed (cml:), CRLF line endings', async () => {
    const { g, files } = await generated({ version: '2.08', namespace: 'prefixed', crlf: true });
    await importAndCheck(g, files);
  });

  it('2.09 package files import___/offers___/prices___/rests___: price types in the classifier, Остатки, ПометкаУдаления, unpadded ДатаФормирования', async () => {
    const { g, files } = await generated({ version: '2.09', unpaddedDate: true, generatedAt: new Date(2026, 0, 5, 9, 5, 7) });
    expect(files.map((f) => f.name.split('___')[0])).toEqual(['import', 'offers', 'prices', 'rests']);
    await importAndCheck(g, files);
    expect(t.db.sqlite.prepare('SELECT DISTINCT as_of_1c FROM stock').pluck().all()).toEqual([new Date(2026, 0, 5, 9, 5, 7).getTime()]);
  });

  it('2.09 packages with price types and warehouses in the packages (≤2.08 habit)', async () => {
    const { g, files } = await generated({ version: '2.09', priceTypesIn: 'offers' });
    await importAndCheck(g, files);
  });

  it('2.10: a classifier.xml with a header-only Каталог first (must not empty the mirror), then the package', async () => {
    const { g, files } = await generated({ version: '2.10', headerOnlyCatalog: true });
    expect(files[0]?.name).toBe('classifier.xml');
    await importAndCheck(g, files);
  });

  it('3.1: commerceml_3 namespace, units by classifier Ид, variants named through property values, stock as Склад attributes', async () => {
    const { g, files } = await generated({ version: '3.1', stockForm: 'attribute' });
    await importAndCheck(g, files);
    expect(t.db.sqlite.prepare('SELECT ref_1c, okei, name FROM units').all()).toEqual([{ ref_1c: g.truth.unitRef, okei: '796', name: 'шт' }]);
  });

  it('a ZIP package with several files in the wrong order and a picture: read in exchange order, never unpacked to disk', async () => {
    const { g } = await generated({ version: '2.09' });
    const zip = join(temp.dir, 'v8_2C7E_125d5b.zip');
    const reversed = [...g.files].reverse();
    await writeZip(zip, [{ name: 'import_files/ab/ab01.jpg', text: 'not a picture' }, ...reversed.map((f) => ({ name: f.name, path: f.path }))]);
    const report = await importAndCheck(g, [{ name: 'v8_2C7E_125d5b.zip', path: zip }]);
    expect(report.files.map((f) => f.name)).toEqual(g.files.map((f) => `v8_2C7E_125d5b.zip/${f.name}`));
  });

  it('two ZIP packages and a loose file in one exchange', async () => {
    const { g } = await generated({ version: '3.1' });
    const [importFile, offersFile, pricesFile, restsFile] = g.files;
    if (!importFile || !offersFile || !pricesFile || !restsFile) throw new Error('four package files expected');
    await writeZip(join(temp.dir, 'a.zip'), [{ name: restsFile.name, path: restsFile.path }, { name: offersFile.name, path: offersFile.path }]);
    await writeZip(join(temp.dir, 'b.zip'), [{ name: importFile.name, path: importFile.path }], true);
    await importAndCheck(g, [
      { name: 'a.zip', path: join(temp.dir, 'a.zip') },
      { name: pricesFile.name, path: pricesFile.path },
      { name: 'b.zip', path: join(temp.dir, 'b.zip') },
    ]);
  });

  it('windows-1251 bytes declared UTF-8: the bytes decide, one warning per file on line 1', async () => {
    const { g, files } = await generated({ version: '2.07', encoding: 'windows-1251', declaredEncoding: 'UTF-8', bom: false });
    const note = 'в объявлении XML указана кодировка UTF-8, но файл записан в windows-1251: прочитан как windows-1251';
    const report = await importAndCheck(g, files, [note, note]);
    expect(report.warnings.map((w) => [w.line, w.column])).toEqual([[1, 1], [1, 1]]);
  });

  it('UTF-8 bytes declared windows-1251: the bytes decide', async () => {
    const { g, files } = await generated({ version: '2.05', declaredEncoding: 'windows-1251' });
    const note = 'в объявлении XML указана кодировка windows-1251, но файл записан в UTF-8: прочитан как UTF-8';
    await importAndCheck(g, files, [note, note]);
  });
});
