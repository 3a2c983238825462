// The CommerceML import (issue #8): one call = one exchange. The files are listed (ZIP packages
// opened at their directory), put in reading order, streamed through the parser into a staging
// database in chunked transactions, and applied to the mirror in one final transaction — or, for
// a dry run, applied and rolled back. An error anywhere stops the import with its location and
// leaves the mirror exactly as it was (decisions D29).
import type Database from 'better-sqlite3';
import { type CmlReport } from '../../../../src-preload/contract/commerceml';
import { type AppDb } from '../../db/open';
import { AppError, isAppError } from '../../errors/app-error';
import { cmlError } from '../parse/cml-location';
import { createCmlDocumentReader } from '../parse/cml-document-reader';
import { listXmlEntries, type XmlEntry } from '../parse/cml-source';
import { readXml } from '../parse/xml-reader';
import { applyExchange } from './apply-exchange';
import { createExchangeConsumer } from './exchange-consumer';
import { planExchange } from './exchange-plan';
import { createWarningLog, type ReportFile } from './import-report';
import { createExchangeIndex } from './side-index';
import { openStage } from './stage-db';
import { createStageWriter } from './stage-writer';

/** A file of the exchange: `name` as shown in warnings and errors, `path` on disk (.xml or .zip). */
export type CmlSourceFile = { name: string; path: string };
export type CmlImportProgress = { file: string; bytesDone: number; bytesTotal: number };

const queues = new WeakMap<Database.Database, Promise<unknown>>();

/** Imports run one at a time per database: each needs the mirror as the previous one left it. */
function serialized<T>(db: AppDb, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(db.sqlite) ?? Promise.resolve();
  const next = previous.then(task, task);
  queues.set(db.sqlite, next.catch(() => undefined));
  return next;
}

/** A database failure while applying (the transaction rolled back) said as such, with the cause kept for the log. */
function applyOrExplain<T>(apply: () => T): T {
  try {
    return apply();
  } catch (err) {
    if (isAppError(err)) throw err;
    throw new AppError('internal', `Обмен не загружен, база не изменена: ошибка базы данных (${err instanceof Error ? err.message : String(err)}).`, { cause: err });
  }
}

/** Counts the XML bytes of one document as they pass (the report's `bytes`). */
async function* counted(chunks: AsyncIterable<Uint8Array>, onChunk: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    onChunk(chunk.length);
    yield chunk;
  }
}

/**
 * Imports the files as one exchange into the mirror (or, with `dryRun`, only reports what would
 * change). Resolves with the report; rejects with AppError('validation', '<file>, строка N,
 * столбец M: …', { details: { file, line, column } }) when a file cannot be read — the mirror is
 * then unchanged. After a real import the caller runs afterCmlImport (after-import.ts).
 */
export async function importExchange(
  db: AppDb,
  files: CmlSourceFile[],
  options: { dryRun: boolean; clock: () => number; onProgress?: (p: CmlImportProgress) => void },
): Promise<CmlReport> {
  return serialized(db, () => runImport(db, files, options));
}

async function runImport(
  db: AppDb,
  files: readonly CmlSourceFile[],
  options: { dryRun: boolean; clock: () => number; onProgress?: (p: CmlImportProgress) => void },
): Promise<CmlReport> {
  const startedAt = options.clock();
  const entries: XmlEntry[] = [];
  let bytesTotal = 0;
  for (const file of files) {
    const listed = await listXmlEntries(file);
    if (listed.entries.length === 0) throw cmlError({ file: file.name, line: 0, column: 0 }, 'в архиве нет XML-файлов CommerceML');
    entries.push(...listed.entries);
    bytesTotal += listed.diskBytes;
  }
  const planned = await planExchange(entries);

  let bytesDone = 0;
  let lastReported = -1;
  const step = Math.max(1_048_576, Math.floor(bytesTotal / 200));
  const progress = (file: string, isForced: boolean): void => {
    if (!options.onProgress || (!isForced && bytesDone - lastReported < step)) return;
    lastReported = bytesDone;
    options.onProgress({ file, bytesDone: Math.min(bytesDone, bytesTotal), bytesTotal });
  };

  const log = createWarningLog();
  const index = createExchangeIndex();
  const reportFiles: ReportFile[] = [];
  const stage = openStage(db);
  try {
    const writer = createStageWriter(stage);
    for (const [fileIndex, entry] of planned.entries()) {
      progress(entry.label, true);
      const { consumer, outcome } = createExchangeConsumer({ index, writer, log, clock: options.clock, fileIndex });
      let xmlBytes = 0;
      const chunks = counted(entry.open((read) => {
        bytesDone += read;
        progress(entry.label, false);
      }), (n) => (xmlBytes += n));
      await readXml(entry.label, chunks, createCmlDocumentReader(entry.label, consumer, log.warn), log.warn);
      writer.flush();
      reportFiles.push({ name: entry.label, bytes: xmlBytes, ...outcome() });
    }
    const counts = applyOrExplain(() => applyExchange({ db, stage, index, log, files: planned.map((e) => e.label), now: options.clock(), dryRun: options.dryRun }));
    bytesDone = bytesTotal;
    progress(planned.at(-1)?.label ?? '', true);
    return {
      dryRun: options.dryRun,
      files: reportFiles,
      counts,
      warnings: log.warnings,
      warningCount: log.count,
      durationMs: Math.max(0, Math.round(options.clock() - startedAt)),
    };
  } finally {
    stage.close();
  }
}
