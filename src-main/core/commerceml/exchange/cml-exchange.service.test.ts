// The exchange folder end to end: a real core (real SQLite file, the real importer, real chokidar on
// a temp folder), driven through the dispatch gate as the screens drive it, with the sample files of
// tests/fixtures/commerceml.
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CmlFolderFile, type CmlRun, type EventName, type InvokeChannel, type InvokeInput, type InvokeOutput } from '../../../../src-preload/contract';
import { type Core, createCore } from '../../app/create-core';
import { auditRows } from '../../documents/documents.testing';
import { silentLogger } from '../../logging/logger';
import { makeTempDir, repoMigrationsFolder } from '../../testing/temp-db';
import { decodeXmlBytes, one, parseXmlTree, textAt } from '../export/xml-tree.testing';

const fixtures = resolve(__dirname, '../../../../tests/fixtures/commerceml');
const importSample = join(fixtures, 'v2.07_import_deleted-status.xml');
const offersSample = join(fixtures, 'v2.08_ns210_offers_variants.xml');
/** The first product of the 2.07 sample. */
const rugRef = 'bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1';
const rugName = 'Портативный коврик Portable 140x200x1 см, Деревянные лошадки';

describe('the CommerceML exchange folder (real importer, real files)', () => {
  let core: Core;
  let folder: string;
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const cleanups: Array<() => Promise<void> | void> = [];

  beforeEach(() => {
    const data = makeTempDir('prilavok-cml-core-');
    const exchange = makeTempDir('prilavok-cml-exchange-');
    cleanups.push(data.cleanup, exchange.cleanup);
    folder = exchange.dir;
    core = createCore({
      dbPath: join(data.dir, 'store.db'),
      migrationsFolder: repoMigrationsFolder,
      logger: silentLogger,
      host: 'web',
      version: 't',
      createSyncRunner: null,
      isOutboxRunning: false,
      isDevicesRunning: false,
      isAlertsRunning: false,
      isOutputChecked: true,
      cmlWatch: { stabilityMs: 300, batchMs: 200 },
    });
    cleanups.push(() => core.close());
    events.length = 0;
    core.events.subscribe((event, payload) => events.push({ event, payload }));
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function call<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<InvokeOutput<C>> {
    const result = await core.dispatch(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return result.value as InvokeOutput<C>;
  }
  async function refusal(channel: InvokeChannel, input: unknown): Promise<{ code: string; message: string }> {
    const result = await core.dispatch(channel, input);
    if (result.ok) throw new Error(`${channel} was expected to fail`);
    return result.error;
  }
  const count = (sql: string): number => core.db.sqlite.prepare(sql).pluck().get() as number;
  const doneRuns = (): string[] => (existsSync(join(folder, 'done')) ? readdirSync(join(folder, 'done')) : []);

  async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await sleep(25);
    }
  }

  it('lists the folder by kind, dry-runs, imports, moves the files to done/ and keeps the report', async () => {
    copyFileSync(importSample, join(folder, 'import0_1.xml'));
    copyFileSync(offersSample, join(folder, 'offers0_1.xml'));
    writeFileSync(join(folder, 'orders-20240501.xml'), '<КоммерческаяИнформация/>');
    writeFileSync(join(folder, 'readme.txt'), 'x');
    await call('settings.set', { cmlFolder: folder });

    const listed = await call('cml.folder.list', {});
    expect(listed.folder).toBe(folder);
    expect(listed.files.map((f: CmlFolderFile) => [f.name, f.kind])).toEqual([
      ['import0_1.xml', 'import'],
      ['offers0_1.xml', 'offers'],
      ['orders-20240501.xml', 'orders'],
      ['readme.txt', 'other'],
    ]);
    expect(await call('cml.import.status', {})).toBeNull();

    // Dry run: a report, nothing written, the files stay.
    const files = ['import0_1.xml', 'offers0_1.xml'];
    const dry = await call('cml.import.start', { files, dryRun: true });
    expect(dry).toMatchObject({ state: 'running', dryRun: true, bytesTotal: readFileSync(importSample).length + readFileSync(offersSample).length });
    // One run at a time, with the real importer too.
    expect(await refusal('cml.import.start', { files })).toMatchObject({ code: 'conflict' });
    await core.cml.idle();
    const dryDone = await call('cml.import.status', {});
    expect(dryDone).toMatchObject({ runId: dry.runId, state: 'done', error: null, report: { dryRun: true } });
    expect(dryDone?.report?.counts.products.added).toBe(35);
    expect(count('SELECT count(*) FROM products')).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['import0_1.xml', 'offers0_1.xml', 'orders-20240501.xml', 'readme.txt']);

    // The real import.
    const real = await call('cml.import.start', { files, dryRun: false });
    await core.cml.idle();
    const status = await call('cml.import.status', {});
    expect(status).toMatchObject({ runId: real.runId, state: 'done', dryRun: false, file: null, error: null });
    const report = status?.report;
    expect(report?.counts.products).toMatchObject({ added: 35, changed: 0 });
    expect(report?.files.map((f) => [f.name, f.version])).toEqual([
      ['import0_1.xml', '2.07'],
      ['offers0_1.xml', '2.08'],
    ]);
    // The offers sample describes another catalog: its variants are reported with file and line.
    expect(report?.warnings.some((w) => w.file === 'offers0_1.xml' && w.line > 0)).toBe(true);
    expect(count('SELECT count(*) FROM products WHERE is_deleted = 0')).toBe(35);
    expect(core.db.sqlite.prepare('SELECT name FROM products WHERE ref_1c = ?').pluck().get(rugRef)).toBe(rugName);

    // Imported files left for done/<time>/; the others stay.
    expect(readdirSync(folder).sort()).toEqual(['done', 'orders-20240501.xml', 'readme.txt']);
    expect(doneRuns()).toHaveLength(1);
    expect(readdirSync(join(folder, 'done', doneRuns()[0]!)).sort()).toEqual(['import0_1.xml', 'offers0_1.xml']);
    expect((await call('cml.folder.list', {})).files.map((f: CmlFolderFile) => f.name)).toEqual(['orders-20240501.xml', 'readme.txt']);
    // A second start of the same names finds nothing to import twice.
    expect(await refusal('cml.import.start', { files: ['import0_1.xml'] })).toEqual({ code: 'not_found', message: 'Файла «import0_1.xml» нет в папке обмена.' });

    // Progress went out as events, ending with the finished run; the screens heard which tables changed.
    const progress = events.filter((e) => e.event === 'cml.import.progress').map((e) => e.payload as CmlRun);
    const realProgress = progress.filter((p) => p.runId === real.runId);
    expect(realProgress[0]?.state).toBe('running');
    expect(realProgress.at(-1)).toMatchObject({ state: 'done', bytesDone: real.bytesTotal });
    expect(events.some((e) => e.event === 'data.changed' && (e.payload as { tables: string[] }).tables.includes('products'))).toBe(true);
    expect(auditRows(core.db).filter((r) => r.action === 'cml.import').map((r) => [r.details.dryRun, r.details.trigger, r.details.state])).toEqual([
      [true, 'user', 'done'],
      [false, 'user', 'done'],
    ]);
  });

  it('fails a broken file with its line and column, leaves it in the folder and the mirror unchanged', async () => {
    copyFileSync(importSample, join(folder, 'import0_1.xml'));
    writeFileSync(join(folder, 'import_broken.xml'), readFileSync(importSample).subarray(0, 3000));
    await call('settings.set', { cmlFolder: folder });
    await call('cml.import.start', { files: ['import0_1.xml', 'import_broken.xml'], dryRun: false });
    await core.cml.idle();
    const status = await call('cml.import.status', {});
    expect(status?.state).toBe('failed');
    expect(status?.error).toMatch(/^import_broken\.xml, строка \d+, столбец \d+: /);
    expect(count('SELECT count(*) FROM products')).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['import0_1.xml', 'import_broken.xml']);
    expect(auditRows(core.db).at(-1)).toMatchObject({ action: 'cml.import', details: { state: 'failed', error: status?.error } });
  });

  it('imports a file dropped into the watched folder once it stops growing, and stops watching when turned off', async () => {
    await call('settings.set', { cmlFolder: folder, cmlAutoImport: true });
    await until(() => core.cml.watchedFolder() === folder);

    // Copied in pieces, as over a network share: nothing is read until it is whole.
    const bytes = readFileSync(importSample);
    const path = join(folder, 'import___4e3c.xml');
    writeFileSync(path, bytes.subarray(0, 40_000));
    for (let at = 40_000; at < bytes.length; at += 40_000) {
      await sleep(100);
      expect(core.cml.status()).toBeNull();
      appendFileSync(path, bytes.subarray(at, at + 40_000));
    }
    await until(() => core.cml.status()?.state === 'done' && doneRuns().length === 1);
    expect(core.cml.status()?.report?.counts.products.added).toBe(35);
    expect(readdirSync(join(folder, 'done', doneRuns()[0]!))).toEqual(['import___4e3c.xml']);
    expect(auditRows(core.db).filter((r) => r.action === 'cml.import').map((r) => [r.userId, r.details.trigger, r.details.state])).toEqual([[null, 'auto', 'done']]);

    // Orders written for 1C go to to-1c/, which is not watched; files that are not catalogs are left alone.
    writeFileSync(join(folder, 'readme.txt'), 'x');
    const before = core.cml.status()?.runId;
    core.db.sqlite.prepare("INSERT INTO warehouses (id, ref_1c, name, kind, is_home) VALUES (1, 'w-1', 'Магазин', 'store', 1)").run();
    const shipment = await call('documents.create', { kind: 'shipment', warehouseId: 1 });
    const productId = core.db.sqlite.prepare('SELECT id FROM products WHERE ref_1c = ?').pluck().get(rugRef) as number;
    await call('documents.addProduct', { id: shipment.id, productId, qty: 2000 });
    await call('documents.setLine', { id: shipment.id, lineNo: 1, price: 199_900 });
    await call('cml.export.orders', { documentIds: [shipment.id] });
    await sleep(1200);
    expect(core.cml.status()?.runId).toBe(before);

    await call('settings.set', { cmlAutoImport: false });
    await until(() => core.cml.watchedFolder() === null);
    copyFileSync(offersSample, join(folder, 'offers.xml'));
    await sleep(1200);
    expect(core.cml.status()?.runId).toBe(before);
    expect(readdirSync(folder).sort()).toEqual(['done', 'offers.xml', 'readme.txt', 'to-1c']);
  });

  it('writes a shipment of imported products as an orders file 1C reads, in the encoding of the settings', async () => {
    copyFileSync(importSample, join(folder, 'import.xml'));
    await call('settings.set', { cmlFolder: folder, cmlExportEncoding: 'utf-8-bom' });
    await call('cml.import.start', { files: ['import.xml'], dryRun: false });
    await core.cml.idle();
    core.db.sqlite.prepare("INSERT INTO warehouses (id, ref_1c, name, kind, is_home) VALUES (1, 'w-1', 'Магазин на Ленина', 'store', 1)").run();
    const productId = core.db.sqlite.prepare('SELECT id FROM products WHERE ref_1c = ?').pluck().get(rugRef) as number;
    const shipment = await call('documents.create', { kind: 'shipment', warehouseId: 1, comment: 'Самовывоз & оплата "на месте"' });
    await call('documents.addProduct', { id: shipment.id, productId, qty: 2000 });
    await call('documents.setLine', { id: shipment.id, lineNo: 1, price: 199_900 });

    const written = await call('cml.export.orders', { documentIds: [shipment.id] });
    expect(written).toMatchObject({ documents: 1 });
    expect(written.fileName).toMatch(/^orders-\d{8}-\d{6}\.xml$/);
    const bytes = readFileSync(join(folder, 'to-1c', written.fileName));
    expect(written.bytes).toBe(bytes.length);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const doc = one(parseXmlTree(decodeXmlBytes(bytes)), 'Документ');
    expect(textAt(doc, 'Ид')).toBe(shipment.id);
    expect(textAt(doc, 'Комментарий')).toBe('Самовывоз & оплата "на месте"');
    expect(textAt(doc, 'Сумма')).toBe('3998.00');
    const line = one(one(doc, 'Товары'), 'Товар');
    // The product's Ид is the one 1C gave it in the catalog file: the order points at the same item.
    expect([textAt(line, 'Ид'), textAt(line, 'Наименование'), textAt(line, 'Количество'), textAt(line, 'ЦенаЗаЕдиницу')]).toEqual([rugRef, rugName, '2', '1999.00']);
    expect(auditRows(core.db).at(-1)).toMatchObject({ action: 'cml.export', details: { fileName: written.fileName, encoding: 'utf-8-bom' } });

    // Without a folder there is nothing to list or write into.
    await call('settings.set', { cmlFolder: '' });
    expect(await call('cml.folder.list', {})).toEqual({ folder: null, files: [] });
    expect(await refusal('cml.export.orders', { documentIds: [shipment.id] })).toMatchObject({ code: 'validation' });
  });
});
