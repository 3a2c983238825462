// A FOCUSED test of the run controller: single-flight, progress, status, moving files, audit. The
// importer here is a stand-in the test holds open (to start a second run while the first one runs
// and to feed progress); the real importer runs in cml-exchange.service.test.ts.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CmlReport, type CmlRun, type EventName, cmlEntityKinds } from '../../../../src-preload/contract';
import { createEventBus } from '../../api/event-bus';
import { type AppDb } from '../../db/open';
import { auditRows } from '../../documents/documents.testing';
import { AppError } from '../../errors/app-error';
import { silentLogger } from '../../logging/logger';
import { makeTempDir, openTempDb } from '../../testing/temp-db';
import { createCmlImportController } from './cml-import-controller';
import { type CmlImportProgress, type CmlSourceFile, type ImportExchange } from './importer-port';

const t0 = Date.UTC(2024, 4, 1, 11, 30, 0);

function emptyReport(dryRun: boolean): CmlReport {
  const zero = { added: 0, changed: 0, removed: 0, unchanged: 0 };
  return { dryRun, files: [], counts: Object.fromEntries(cmlEntityKinds.map((k) => [k, zero])) as CmlReport['counts'], warnings: [], warningCount: 0, durationMs: 5 };
}

/** An importer the test finishes by hand; it records what it was given. */
function heldImporter() {
  const calls: Array<{ files: CmlSourceFile[]; dryRun: boolean; progress: (p: CmlImportProgress) => void; finish: (result: CmlReport | Error) => void }> = [];
  const importExchange: ImportExchange = (_db, files, options) =>
    new Promise<CmlReport>((resolve, reject) => {
      calls.push({
        files,
        dryRun: options.dryRun,
        progress: (p) => options.onProgress?.(p),
        finish: (result) => (result instanceof Error ? reject(result) : resolve(result)),
      });
    });
  return { importExchange, calls };
}

describe('createCmlImportController (stand-in importer)', () => {
  let db: AppDb;
  let folder: string;
  const cleanups: Array<() => void> = [];
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const bus = createEventBus();
  bus.subscribe((event, payload) => events.push({ event, payload }));
  beforeEach(() => {
    const opened = openTempDb();
    const temp = makeTempDir('prilavok-cml-runs-');
    cleanups.push(opened.cleanup, temp.cleanup);
    db = opened.db;
    folder = temp.dir;
    events.length = 0;
    writeFileSync(join(folder, 'offers.xml'), 'x'.repeat(300));
    writeFileSync(join(folder, 'import.xml'), 'x'.repeat(700));
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  const progressEvents = () => events.filter((e) => e.event === 'cml.import.progress').map((e) => e.payload as CmlRun);

  function controller(importExchange: ImportExchange, progressIntervalMs = 0, onImported?: (report: CmlReport) => void) {
    return createCmlImportController({ db, events: bus, logger: silentLogger, clock: () => t0, importExchange, timeZone: 'Europe/Moscow', progressIntervalMs, onImported });
  }

  it('runs one import at a time: a second start is refused in Russian while the first runs', async () => {
    const { importExchange, calls } = heldImporter();
    const imported: CmlReport[] = [];
    const runs = controller(importExchange, 0, (report) => imported.push(report));
    const run = runs.start({ folder, files: ['offers.xml', 'import.xml'], dryRun: false, userId: 'u-1', trigger: 'user' });
    expect(run).toMatchObject({ dryRun: false, state: 'running', startedAt: t0, file: null, bytesDone: 0, bytesTotal: 1000, report: null, error: null });
    await Promise.resolve();
    // Classifier and catalog first, whatever order the names came in.
    expect(calls[0]?.files.map((f) => f.name)).toEqual(['import.xml', 'offers.xml']);
    expect(runs.isRunning()).toBe(true);
    expect(() => runs.start({ folder, files: ['import.xml'], dryRun: true, userId: 'u-2', trigger: 'user' })).toThrowError(
      expect.objectContaining({ code: 'conflict', message: 'Импорт CommerceML уже идёт: дождитесь его окончания и запустите снова.' }) as Error,
    );
    calls[0]?.progress({ file: 'import.xml', bytesDone: 350, bytesTotal: 1000 });
    expect(() => runs.start({ folder, files: ['import.xml'], dryRun: true, userId: 'u-2', trigger: 'user' })).toThrow('Импорт CommerceML уже идёт (сейчас — «import.xml»): дождитесь его окончания и запустите снова.');

    calls[0]?.finish(emptyReport(false));
    await runs.idle();
    expect(runs.isRunning()).toBe(false);
    const done = runs.status();
    expect(done).toMatchObject({ runId: run.runId, state: 'done', file: null, bytesDone: 1000, error: null, report: { dryRun: false, warningCount: 0 } });
    // A real import that succeeded: the files left for done/<local time>/.
    expect(readdirSync(folder).sort()).toEqual(['done']);
    expect(readdirSync(join(folder, 'done', '2024-05-01_14-30-00')).sort()).toEqual(['import.xml', 'offers.xml']);
    expect(imported).toEqual([done?.report]);
    expect(auditRows(db).filter((r) => r.action === 'cml.import')).toEqual([
      {
        at: t0,
        userId: 'u-1',
        action: 'cml.import',
        details: expect.objectContaining({ runId: run.runId, dryRun: false, trigger: 'user', files: ['import.xml', 'offers.xml'], state: 'done', movedTo: join('done', '2024-05-01_14-30-00'), warningCount: 0 }) as unknown,
      },
    ]);
    // The slot is free again.
    expect(runs.start({ folder, files: [], dryRun: true, userId: null, trigger: 'user' }).state).toBe('running');
  });

  it('publishes progress as the cml.import.progress event and keeps the latest for status, paced by the interval', async () => {
    const { importExchange, calls } = heldImporter();
    const paced = controller(importExchange, 60_000);
    paced.start({ folder, files: ['import.xml'], dryRun: true, userId: null, trigger: 'user' });
    await Promise.resolve();
    for (let done = 100; done <= 700; done += 100) calls[0]?.progress({ file: 'import.xml', bytesDone: done, bytesTotal: 700 });
    // Start went out; the seven updates came within the interval, so none of them did…
    expect(progressEvents().map((r) => [r.state, r.bytesDone])).toEqual([['running', 0]]);
    // …but status has the latest.
    expect(paced.status()).toMatchObject({ state: 'running', file: 'import.xml', bytesDone: 700, bytesTotal: 700 });
    calls[0]?.finish(emptyReport(true));
    await paced.idle();
    // The end always goes out.
    expect(progressEvents().map((r) => r.state)).toEqual(['running', 'done']);

    events.length = 0;
    const eager = controller(heldImporter().importExchange, 0);
    expect(eager.status()).toBeNull();
    const { importExchange: second, calls: secondCalls } = heldImporter();
    const everyStep = controller(second, 0);
    everyStep.start({ folder, files: ['import.xml'], dryRun: true, userId: null, trigger: 'user' });
    await Promise.resolve();
    secondCalls[0]?.progress({ file: 'import.xml', bytesDone: 200, bytesTotal: 700 });
    secondCalls[0]?.progress({ file: 'import.xml', bytesDone: 700, bytesTotal: 700 });
    secondCalls[0]?.finish(emptyReport(true));
    await everyStep.idle();
    expect(progressEvents().map((r) => [r.state, r.file, r.bytesDone])).toEqual([
      ['running', null, 0],
      ['running', 'import.xml', 200],
      ['running', 'import.xml', 700],
      ['done', null, 700],
    ]);
    // A dry run moves nothing.
    expect(readdirSync(folder).sort()).toEqual(['import.xml', 'offers.xml']);
  });

  it('records a failed run with the importer’s message; the files stay and the after-import step does not run', async () => {
    const { importExchange, calls } = heldImporter();
    const imported: CmlReport[] = [];
    const runs = controller(importExchange, 0, (report) => imported.push(report));
    runs.start({ folder, files: ['import.xml', 'offers.xml'], dryRun: false, userId: null, trigger: 'auto' });
    await Promise.resolve();
    calls[0]?.finish(new AppError('validation', 'import.xml, строка 12, столбец 5: незакрытый элемент Товар', { details: { file: 'import.xml', line: 12, column: 5 } }));
    await runs.idle();
    expect(runs.status()).toMatchObject({ state: 'failed', report: null, error: 'import.xml, строка 12, столбец 5: незакрытый элемент Товар' });
    expect(readdirSync(folder).sort()).toEqual(['import.xml', 'offers.xml']);
    expect(imported).toEqual([]);
    expect(auditRows(db).at(-1)).toMatchObject({ userId: null, action: 'cml.import', details: { trigger: 'auto', state: 'failed', error: 'import.xml, строка 12, столбец 5: незакрытый элемент Товар' } });

    // Anything but an AppError is not shown as it is.
    runs.start({ folder, files: ['import.xml'], dryRun: false, userId: null, trigger: 'user' });
    await Promise.resolve();
    calls[1]?.finish(new Error('SQLITE_FULL: database or disk is full'));
    await runs.idle();
    expect(runs.status()?.error).toBe('Внутренняя ошибка импорта, ничего не изменено. Подробности записаны в журнал.');
  });

  it('checks every name before starting: one bad name and no run starts', () => {
    const { importExchange, calls } = heldImporter();
    const runs = controller(importExchange);
    expect(() => runs.start({ folder, files: ['import.xml', 'нет.xml'], dryRun: false, userId: null, trigger: 'user' })).toThrow('Файла «нет.xml» нет в папке обмена.');
    expect(() => runs.start({ folder: '', files: ['import.xml'], dryRun: false, userId: null, trigger: 'user' })).toThrow(/Папка обмена с 1С не задана/);
    expect(runs.status()).toBeNull();
    expect(runs.isRunning()).toBe(false);
    expect(calls).toEqual([]);
    expect(existsSync(join(folder, 'done'))).toBe(false);
  });
});
