// The importer as the exchange folder sees it: files in, a report out. The real one is
// commerceml/import/import-exchange.ts (wired in create-core and the CLI); the controller takes it
// as a dependency so a focused test can hold a run open to watch single-flight and progress.
import { type CmlReport } from '../../../../src-preload/contract';
import { type AppDb } from '../../db/open';

export type CmlSourceFile = { name: string; path: string };
export type CmlImportProgress = { file: string; bytesDone: number; bytesTotal: number };

/**
 * Imports the files as one exchange (or, with dryRun, reports what it would do). Resolves with the
 * report; rejects with AppError('validation', '<file>, строка N, столбец M: …') and changes nothing.
 */
export type ImportExchange = (
  db: AppDb,
  files: CmlSourceFile[],
  options: { dryRun: boolean; clock: () => number; onProgress?: (progress: CmlImportProgress) => void },
) => Promise<CmlReport>;
