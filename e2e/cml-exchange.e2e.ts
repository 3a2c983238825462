// Issue #8: the CommerceML exchange folder through the UI — the folder set in Настройки, its files
// listed by kind, a dry run's report (nothing changed), then an import with its progress bar (kept
// while the user looks at another screen) and report, and the imported goods in the stock table.
// Expected numbers are read from the sample files themselves, not from the app.
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './e2e-paths';
import { expect, test } from './fixtures';
import { invoke, keepScreenshot as keepScreenshot } from './manager-fixtures';
import { ExchangePage } from './pages/exchange.page';
import { fold } from './seed-queries';

const samples = join(repoRoot, 'tests/fixtures/commerceml');
/** The real 1C samples under the names 1C gives such files (the prefix says what a file is). */
const catalogFile = 'import0_1.xml';
const offersFile = 'offers.xml';
/** A generated full catalog big enough (tens of MB) for the import to take seconds: the progress bar is seen. */
const bigFile = 'import___big.xml';
const bigProducts = 40_000;

/** Products a catalog file brings: its <Товар> elements, without the ones marked deleted. */
function catalogProducts(xml: string): { names: string[]; deleted: number } {
  const names = [...xml.matchAll(/<Товар>\s*<Ид>[^<]*<\/Ид>[\s\S]*?<Наименование>([^<]*)<\/Наименование>/g)].map((m) => m[1] ?? '');
  return { names, deleted: [...xml.matchAll(/<Товар Статус="Удален">/g)].length };
}

/**
 * Where the element around `needle` starts, as an editor counts (1-based): the line of the nearest
 * `<tag` before it, and the columns of its '<' and of the tag name's first letter.
 */
function startOf(text: string, needle: string, tag: string): { line: number; columns: number[] } {
  const lines = text.split(/\r?\n/);
  let line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`${needle} is not in the file`);
  while (line >= 0 && !(lines[line] ?? '').includes(`<${tag}`)) line -= 1;
  if (line < 0) throw new Error(`no <${tag}> before ${needle}`);
  const column = (lines[line] ?? '').indexOf(`<${tag}`) + 1;
  return { line: line + 1, columns: [column, column + 1] };
}

function bigCatalog(count: number): string {
  const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07" ДатаФормирования="2026-01-15T10:00:00">\n',
    '<Классификатор><Ид>e2e-classifier</Ид><Наименование>Классификатор</Наименование><Группы><Группа><Ид>e2e-group</Ид><Наименование>Большая выгрузка</Наименование></Группа></Группы></Классификатор>\n',
    '<Каталог СодержитТолькоИзменения="false"><Ид>e2e-catalog</Ид><ИдКлассификатора>e2e-classifier</ИдКлассификатора><Наименование>Каталог</Наименование><Товары>\n',
  ];
  for (let i = 1; i <= count; i += 1) {
    parts.push(
      `<Товар><Ид>e2e0${hex(i, 4)}-0000-4000-8000-${hex(i, 12)}</Ид><Артикул>BIG-${i}</Артикул><Наименование>Товар большой выгрузки № ${i}</Наименование>` +
        `<БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница><Группы><Ид>e2e-group</Ид></Группы>` +
        `<Описание>Описание товара номер ${i} для проверки хода загрузки</Описание></Товар>\n`,
    );
  }
  parts.push('</Товары></Каталог>\n</КоммерческаяИнформация>\n');
  return parts.join('');
}

test.describe('CommerceML exchange folder', () => {
  // The goods come only from the files: an empty database, no 1C.
  test.use({ hostOptions: { isEmptyDb: true } });
  test.setTimeout(180_000);

  test('dry run reports and changes nothing; the import shows progress and its report, and the goods are in stock', async ({ page, shell, stock }, testInfo) => {
    const exchange = new ExchangePage(page);
    const folder = await mkdtemp(join(tmpdir(), 'prilavok-e2e-cml-'));
    try {
      await copyFile(join(samples, 'v2.07_import_deleted-status.xml'), join(folder, catalogFile));
      await copyFile(join(samples, 'v2.04_offers_official-sample_crlf.xml'), join(folder, offersFile));
      await writeFile(join(folder, 'readme.txt'), 'не для обмена\n');
      const catalog = catalogProducts(await readFile(join(folder, catalogFile), 'utf8'));
      expect(catalog.names.length).toBeGreaterThan(30);
      expect(catalog.deleted).toBe(1);
      const offersText = await readFile(join(folder, offersFile), 'utf8');

      // Without a folder the screen says where an admin sets it.
      await shell.goTo('exchange');
      await expect(shell.title).toHaveText('Обмен CommerceML');
      await expect(exchange.folderHint).toBeVisible();

      await shell.goTo('settings');
      await page.getByTestId('cml-folder-input').fill(folder);
      await page.getByTestId('cml-settings-save').click();
      await expect(page.getByTestId('cml-settings-saved')).toBeVisible();

      // The folder's files by kind; the two exchange files are chosen, the text file cannot be.
      await shell.goTo('exchange');
      await expect(exchange.folder).toHaveAttribute('data-value', folder);
      await expect(exchange.files).toHaveCount(3);
      await expect(exchange.file(catalogFile)).toHaveAttribute('data-kind', 'import');
      await expect(exchange.file(offersFile)).toHaveAttribute('data-kind', 'offers');
      await expect(exchange.file('readme.txt')).toHaveAttribute('data-kind', 'other');
      await expect(exchange.file('readme.txt').getByTestId('cml-file-check')).toHaveCount(0);
      await expect(page.getByTestId('cml-selected')).toHaveAttribute('data-count', '2');

      // Dry run: what would change, per kind and per file, with warnings pointing into the files.
      await exchange.dryRun.click();
      await expect(exchange.report).toHaveAttribute('data-dry-run', 'true', { timeout: 60_000 });
      expect(await exchange.countValue('products', 'added')).toBe(catalog.names.length);
      expect(await exchange.countValue('groups', 'added')).toBeGreaterThan(0);
      const reportFiles = page.getByTestId('cml-report-file');
      await expect(reportFiles).toHaveCount(2);
      await expect(reportFiles.filter({ hasText: catalogFile }).locator('[data-col="version"]')).toHaveText('2.07');
      await expect(reportFiles.filter({ hasText: catalogFile }).locator('[data-col="mode"]')).toHaveText('полная выгрузка');
      await expect(reportFiles.filter({ hasText: offersFile }).locator('[data-col="version"]')).toHaveText('2.04');
      // The offers sample prices a product the catalog sample does not have: said with file:line:column.
      // (The location is the offer's start tag: its '<' or its name, either is where an editor should land.)
      const orphan = startOf(offersText, '05e26d70-01e4-11dc-a411-00055d80a2d1#05e26d76', 'Предложение');
      const warning = page.getByTestId('cml-warning').filter({ hasText: new RegExp(`^${offersFile}:${orphan.line}:(${orphan.columns.join('|')})`) });
      await expect(warning).toHaveCount(1);
      await expect(warning).toContainText('не найден');
      const warningTotal = Number(await page.getByTestId('cml-warnings-title').getAttribute('data-total'));
      await expect(page.getByTestId('cml-warning')).toHaveCount(warningTotal);
      await keepScreenshot(page, testInfo, 'cml-dry-run-report');

      // Nothing was written: the stock table is still empty, and the files are still there.
      await shell.goTo('stock');
      await stock.selectAllWarehouses();
      await expect(stock.total).toHaveAttribute('data-total', '0');
      await shell.goTo('exchange');
      await expect(exchange.files).toHaveCount(3);

      // A big full catalog joins the samples, so the import takes long enough to watch.
      await writeFile(join(folder, bigFile), bigCatalog(bigProducts));
      await page.getByTestId('cml-refresh').click();
      await expect(exchange.files).toHaveCount(4);
      await expect(page.getByTestId('cml-selected')).toHaveAttribute('data-count', '3');
      await exchange.importButton.click();
      await expect(exchange.progress).toBeVisible();
      await expect(page.getByTestId('cml-progress-text')).toContainText('Загрузка');
      // The bar moves while the big file is read: bytes done, of the whole exchange's bytes, in the file being read.
      await expect(exchange.progress).toHaveAttribute('aria-valuenow', /^[1-9]\d*$/);
      await expect(page.getByTestId('cml-progress-text')).toHaveAttribute('data-file', /\.xml$/);
      await keepScreenshot(page, testInfo, 'cml-import-progress');

      // The run goes on while the user looks elsewhere; back on the screen it shows again.
      await shell.goTo('stock');
      await shell.goTo('exchange');
      await expect(exchange.progress.or(exchange.report)).toBeVisible();
      await expect(exchange.report).toHaveAttribute('data-dry-run', 'false', { timeout: 120_000 });
      expect(await exchange.countValue('products', 'added')).toBe(catalog.names.length + bigProducts);
      await expect(page.getByTestId('cml-report-file')).toHaveCount(3);
      await keepScreenshot(page, testInfo, 'cml-import-report');
      // Imported files leave the folder (kept in done/), the text file stays.
      await expect(exchange.files).toHaveCount(1);
      expect((await readdir(folder)).sort()).toEqual(['done', 'readme.txt']);

      // The goods are in the stock table.
      await page.getByTestId('cml-open-stock').click();
      await stock.selectAllWarehouses();
      await expect(stock.total).toHaveAttribute('data-total', String(catalog.names.length + bigProducts));
      const sample = catalog.names[0] ?? '';
      await stock.searchFor(sample);
      await expect(stock.rows.filter({ hasText: sample })).toHaveCount(1);
      // The sample's rugs, as a clerk would look for them.
      // Search means word prefixes (seed-queries.ts): the names with a word starting «коврик».
      const rugs = catalog.names.filter((name) => fold(name).split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith('коврик')));
      expect(rugs.length).toBeGreaterThan(5);
      await stock.searchFor('коврик');
      await expect(stock.total).toHaveAttribute('data-total', String(rugs.length));
      await keepScreenshot(page, testInfo, 'cml-stock');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

test.describe('CommerceML exchange: a broken file and orders for 1C', () => {
  test('a broken file stops the run with its file, line and column; chosen shipments are written as an orders file for 1C', async ({ page, shell, host, seed }, testInfo) => {
    const exchange = new ExchangePage(page);
    const folder = await mkdtemp(join(tmpdir(), 'prilavok-e2e-cml-'));
    try {
      // A catalog cut off in the middle of a product, as a failed copy leaves it.
      const whole = await readFile(join(samples, 'v2.07_import_deleted-status.xml'), 'utf8');
      const cut = whole.slice(0, whole.indexOf('<Артикул>', whole.indexOf('<Товар>')) + '<Артикул>PM'.length);
      await writeFile(join(folder, 'import_broken.xml'), cut);
      const lastLine = cut.split('\n').length;

      await shell.goTo('settings');
      await page.getByTestId('cml-folder-input').fill(folder);
      await page.getByTestId('cml-settings-save').click();
      await expect(page.getByTestId('cml-settings-saved')).toBeVisible();

      await shell.goTo('exchange');
      await expect(exchange.files).toHaveCount(1);
      await exchange.dryRun.click();
      await expect(exchange.failed).toBeVisible({ timeout: 60_000 });
      await expect(page.getByTestId('cml-failed-message')).toContainText(`import_broken.xml, строка ${lastLine}, столбец`);
      await expect(exchange.report).toHaveCount(0);
      // Nothing moved: the file waits for a fixed copy.
      expect(await readdir(folder)).toEqual(['import_broken.xml']);

      // Two shipments of the store (set up through the host: the export is what is under test here).
      const warehouse = seed.warehouses.find((w) => w.isHome) ?? seed.warehouses[0];
      if (!warehouse) throw new Error('the seed database has no warehouse');
      const [product] = seed.scannable(warehouse.id);
      if (!product) throw new Error('the seed database has no scannable product');
      const numbers: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const doc = await invoke<{ id: string; localNumber: string }>(page.request, host.origin, 'documents.create', { kind: 'shipment', warehouseId: warehouse.id });
        await invoke(page.request, host.origin, 'documents.addProduct', { id: doc.id, productId: product.id, qty: 1000 * (i + 1) });
        numbers.push(doc.localNumber);
      }
      await page.reload();
      await shell.waitReady();
      const rows = page.getByTestId('cml-order-row');
      await expect(rows).toHaveCount(2);
      const exportButton = page.getByTestId('cml-export-orders');
      await expect(exportButton).toBeDisabled();
      for (const row of await rows.all()) await row.getByTestId('cml-order-check').check();
      await expect(exportButton).toHaveText('Выгрузить заказы (2)');
      await exportButton.click();
      const result = page.getByTestId('cml-export-result');
      await expect(result).toBeVisible();
      const fileName = await result.getAttribute('data-file');
      if (!fileName) throw new Error('no file name in the result');
      await expect(result).toContainText('заказов — 2');
      await keepScreenshot(page, testInfo, 'cml-orders-export');
      // The file is in to-1c/, a CommerceML document with both shipments' numbers.
      expect(await readdir(join(folder, 'to-1c'))).toContain(fileName);
      const written = (await readFile(join(folder, 'to-1c', fileName))).toString('latin1');
      expect(written).toMatch(/^<\?xml[^>]*encoding="windows-1251"/);
      for (const number of numbers) expect(written).toContain(encode1251(`<Номер>${number}</Номер>`));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

/** A windows-1251 text as the latin1 string its bytes read as: to find a Cyrillic tag in a 1251 file. */
function encode1251(text: string): string {
  return [...text]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      if (code >= 0x410 && code <= 0x44f) return String.fromCharCode(code - 0x410 + 0xc0);
      if (code === 0x401) return '\xa8';
      if (code === 0x451) return '\xb8';
      return ch;
    })
    .join('');
}
