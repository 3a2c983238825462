// What stops an import: malformed XML, a truncated or damaged ZIP, bytes the encoding cannot decode,
// a file that is not CommerceML or not there, a failure while applying. Each gives one clear Russian
// error with the file, line and column, and leaves the database exactly as it was: the mirror's
// tables, the search index, the sync state, and (for everything found while reading) the database
// file's bytes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../../db/open';
import { isAppError } from '../../errors/app-error';
import { mirrorFingerprint } from '../../sync/mirror-snapshot.testing';
import { makeTempDir, openTempDb } from '../../testing/temp-db';
import { generateExchange, type GeneratedExchange } from '../testing/cml-generator';
import { damageByte, truncateFile, writeZip } from '../testing/cml-zip-writer';
import { type CmlSourceFile, importExchange } from './import-exchange';

const now = new Date(2026, 1, 1, 12, 0, 0).getTime();

let t: { db: AppDb; dir: string; cleanup(): void };
let temp: { dir: string; cleanup(): void };
beforeEach(async () => {
  t = openTempDb();
  temp = makeTempDir('prilavok-cml-err-');
  t.db.sqlite.prepare("INSERT INTO warehouses (ref_1c, name, kind, is_home) VALUES ('home-store', 'Магазин', 'store', 1)").run();
  // A mirror with content, so "unchanged" means something.
  const first = await generateExchange(temp.dir, { seed: 5, products: 30, version: '2.07', variantsEvery: 5 });
  await run(first.files);
});
afterEach(() => {
  t.cleanup();
  temp.cleanup();
});

const run = (files: readonly CmlSourceFile[], dryRun = false) => importExchange(t.db, files.map((f) => ({ name: f.name, path: f.path })), { dryRun, clock: () => now });

/** Everything an import may touch, as data. */
function snapshot(db: AppDb): unknown {
  const all = (sql: string) => db.sqlite.prepare(sql).all();
  return {
    mirror: mirrorFingerprint(db),
    fts: all('SELECT rowid, name, article, code, barcodes FROM products_fts ORDER BY rowid'),
    syncState: all('SELECT * FROM sync_state ORDER BY job'),
    deferred: all('SELECT * FROM search_index_deferred'),
    schema: all("SELECT name FROM sqlite_master ORDER BY name"),
    attached: all('PRAGMA database_list').map((d) => (d as { name: string }).name),
  };
}

const sha = (path: string): string | null => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null);
const fileBytes = (db: AppDb) => ({ db: sha(db.path), wal: sha(`${db.path}-wal`) });

/** Runs the import, expects a validation error, and checks the database did not change at all; returns the error. */
async function refused(files: readonly CmlSourceFile[]): Promise<{ message: string; details: unknown }> {
  t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const before = snapshot(t.db);
  const bytes = fileBytes(t.db);
  const err = await run(files).catch((e: unknown) => e);
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  expect(err.code).toBe('validation');
  expect(snapshot(t.db)).toEqual(before);
  expect(fileBytes(t.db)).toEqual(bytes);
  // The staging file is gone.
  expect(readdirSync(t.dir).filter((name) => name.startsWith('.prilavok-cml-stage-'))).toEqual([]);
  return { message: err.message, details: err.details };
}

async function expectRefused(files: readonly CmlSourceFile[], message: string, details: { file: string; line: number; column: number }): Promise<void> {
  expect(await refused(files)).toEqual({ message, details });
}

describe('importExchange refuses, and changes nothing', () => {
  let second: GeneratedExchange;
  let dir2: { dir: string; cleanup(): void };
  beforeEach(async () => {
    dir2 = makeTempDir('prilavok-cml-err2-');
    second = await generateExchange(dir2.dir, { seed: 5, products: 30, version: '2.07', variantsEvery: 5, revision: 1 });
  });
  afterEach(() => dir2.cleanup());

  it('malformed XML in the second file of the exchange, after the first one parsed fine', async () => {
    const offers = second.files[1] as CmlSourceFile;
    const text = readFileSync(offers.path, 'utf8');
    const at = text.indexOf('</Цены>', text.length / 2);
    writeFileSync(offers.path, `${text.slice(0, at)}</Цена>${text.slice(at + '</Цены>'.length)}`);
    const line = text.slice(0, at).split('\n').length;
    const column = at - text.lastIndexOf('\n', at - 1) - 1 + 1;
    await expectRefused(second.files, `offers.xml, строка ${line}, столбец ${column + 7}: ошибка разметки XML: закрывающий тег не соответствует открытому элементу`, {
      file: 'offers.xml',
      line,
      column: column + 7,
    });
  });

  it('an XML file cut short', async () => {
    const catalog = second.files[0] as CmlSourceFile;
    truncateFile(catalog.path, Math.floor(statSync(catalog.path).size * 0.6));
    const { message } = await refused(second.files);
    expect(message).toMatch(/^import\.xml, строка \d+, столбец \d+: ошибка разметки XML: файл обрывается: не закрыт элемент <[^>]+>$/);
  });

  it('a ZIP package cut short (its directory lost): refused before anything is read', async () => {
    const zip = join(dir2.dir, 'v8_1.zip');
    await writeZip(zip, second.files.map((f) => ({ name: f.name, path: f.path })));
    truncateFile(zip, statSync(zip).size - 30);
    await expectRefused([{ name: 'v8_1.zip', path: zip }], 'v8_1.zip: ZIP-архив повреждён или обрезан: не найдено оглавление архива (файл передан не полностью?)', { file: 'v8_1.zip', line: 0, column: 0 });
  });

  it('a ZIP package damaged in the middle of an entry: where the text stopped', async () => {
    const zip = join(dir2.dir, 'v8_2.zip');
    await writeZip(zip, second.files.map((f) => ({ name: f.name, path: f.path })));
    damageByte(zip, Math.floor(statSync(zip).size * 0.75));
    // Damaged deflate data fails to inflate, or inflates to other bytes: then the XML, the text or the CRC fails.
    const { message } = await refused([{ name: 'v8_2.zip', path: zip }]);
    expect(message).toMatch(/^v8_2\.zip\/offers\.xml, строка \d+, столбец \d+: (ZIP-архив повреждён: (сжатые данные повреждены|контрольная сумма не сходится)|ошибка разметки XML|не удалось прочитать текст)/);
  });

  it('windows-1251 bytes inside a UTF-8 file: undecodable, at their line and column', async () => {
    const catalog = second.files[0] as CmlSourceFile;
    const text = readFileSync(catalog.path, 'utf8');
    const at = text.lastIndexOf('<Наименование>') + '<Наименование>'.length;
    writeFileSync(catalog.path, Buffer.concat([Buffer.from(text.slice(0, at), 'utf8'), iconv.encode('Сыр', 'win1251'), Buffer.from(text.slice(at), 'utf8')]));
    const line = text.slice(0, at).split('\n').length;
    const column = [...text.slice(text.lastIndexOf('\n', at - 1) + 1, at)].length + 1;
    await expectRefused(second.files, `import.xml, строка ${line}, столбец ${column}: не удалось прочитать текст: недопустимая для UTF-8 последовательность байтов (0xD1)`, { file: 'import.xml', line, column });
  });

  it('a windows-1251 file with a byte that code page does not have (0x98)', async () => {
    const g = await generateExchange(dir2.dir, { seed: 5, products: 30, version: '2.05', encoding: 'windows-1251', revision: 2 });
    const catalog = g.files[0] as CmlSourceFile;
    const bytes = readFileSync(catalog.path);
    const at = bytes.lastIndexOf(iconv.encode('</Наименование>', 'win1251'));
    writeFileSync(catalog.path, Buffer.concat([bytes.subarray(0, at), Buffer.from([0x98]), bytes.subarray(at)]));
    const text = iconv.decode(bytes.subarray(0, at), 'win1251');
    const line = text.split('\n').length;
    const column = text.length - text.lastIndexOf('\n');
    await expectRefused(g.files, `import.xml, строка ${line}, столбец ${column}: не удалось прочитать текст: байт, которого нет в кодировке windows-1251`, { file: 'import.xml', line, column });
  });

  it('a file that is not CommerceML, and one that is not there', async () => {
    const html = join(dir2.dir, 'offers.xml');
    writeFileSync(html, '<?xml version="1.0"?>\n<html><body>Доступ запрещён</body></html>');
    await expectRefused([second.files[0] as CmlSourceFile, { name: 'offers.xml', path: html }], 'offers.xml, строка 2, столбец 1: это не файл CommerceML: корневой элемент <html> вместо <КоммерческаяИнформация>', {
      file: 'offers.xml',
      line: 2,
      column: 1,
    });
    await expectRefused([{ name: 'rests.xml', path: join(dir2.dir, 'nope.xml') }], 'rests.xml: файл не найден или не читается', { file: 'rests.xml', line: 0, column: 0 });
  });

  it('a failure while applying rolls the whole exchange back (products written before prices included)', async () => {
    const before = snapshot(t.db);
    t.db.sqlite.exec("CREATE TEMP TRIGGER refuse_prices BEFORE UPDATE ON prices BEGIN SELECT RAISE(ABORT, 'отказ'); END;");
    await expect(run(second.files)).rejects.toThrow('Обмен не загружен, база не изменена: ошибка базы данных (отказ).');
    t.db.sqlite.exec('DROP TRIGGER temp.refuse_prices');
    expect(snapshot(t.db)).toEqual(before);
    // And the same exchange goes through afterwards: nothing was left half-done (no stage attached).
    const report = await run(second.files);
    expect(report.counts.prices.changed).toBeGreaterThan(0);
  });
});
