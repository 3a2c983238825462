// The exchange folder as a whole (settings.cmlFolder): what is in it, imports of its files (by a
// person, or by themselves when settings.cmlAutoImport is on), and order files written for 1C into
// its to-1c/ subfolder. One instance per core; close() stops the watcher and waits for an import.
import { statSync } from 'node:fs';
import { type CmlFolderFile, type CmlRun } from '../../../../src-preload/contract';
import { isAppError, toLogFormat } from '../../errors/app-error';
import { type SettingsService } from '../../settings/settings.service';
import { exportOrders, type OrdersExportResult } from '../export/orders-export.service';
import { type CmlImportControllerDeps, createCmlImportController } from './cml-import-controller';
import { isImportable, listExchangeFolder } from './exchange-files';
import { type FolderWatcher, watchExchangeFolder } from './folder-watcher';

/** The import controller's deps (its `timeZone` also dates the orders file) plus the folder's own. */
export type CmlExchangeDeps = CmlImportControllerDeps & {
  settings: SettingsService;
  /** Tests shorten the watcher's waits (defaults: a file is written after 2 s unchanged; batches gather for 1 s). */
  watch?: { stabilityMs?: number; batchMs?: number };
};

export type CmlExchange = {
  list(): { folder: string | null; files: CmlFolderFile[] };
  startImport(input: { files: readonly string[]; dryRun: boolean }, userId: string | null): CmlRun;
  status(): CmlRun | null;
  exportOrders(documentIds: readonly string[], userId: string | null): OrdersExportResult;
  /** Starts, moves or stops the watched folder to match the settings; resolves once it is watching. */
  applySettings(): Promise<void>;
  /** The folder being watched for auto-import (once its first scan is done), or null. */
  watchedFolder(): string | null;
  /** Resolves when no import is running. */
  idle(): Promise<void>;
  close(): Promise<void>;
};

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function createCmlExchange(deps: CmlExchangeDeps): CmlExchange {
  const imports = createCmlImportController(deps);
  let watcher: { folder: string; handle: FolderWatcher; isReady: boolean } | null = null;
  // Settings may change twice quickly: watcher changes run one after another.
  let applying: Promise<void> = Promise.resolve();
  let isClosed = false;
  /** Finished files waiting for the next automatic run. */
  const queued = new Set<string>();
  let isAutoScheduled = false;

  /** Starts one automatic import of the queued files still in the folder, after any running import. */
  const runQueued = async (): Promise<void> => {
    await imports.idle();
    isAutoScheduled = false;
    const folder = watcher?.folder;
    if (isClosed || folder === undefined || queued.size === 0) return;
    let present: CmlFolderFile[];
    try {
      present = listExchangeFolder(folder);
    } catch (err) {
      deps.logger.warn(`cml auto-import: folder not readable: ${toLogFormat(err)}`);
      return;
    }
    // Only what is still there: a person may have imported (and so moved) these files meanwhile.
    const names = present.filter((f) => queued.has(f.name) && isImportable(f.kind)).map((f) => f.name);
    queued.clear();
    if (names.length === 0) return;
    try {
      imports.start({ folder, files: names, dryRun: false, userId: null, trigger: 'auto' });
    } catch (err) {
      // A person started an import in the same instant: these files wait for the next change.
      if (isAppError(err) && err.code === 'conflict') {
        for (const name of names) queued.add(name);
        schedule();
      } else deps.logger.warn(`cml auto-import not started: ${toLogFormat(err)}`);
    }
  };
  const schedule = (): void => {
    if (isAutoScheduled) return;
    isAutoScheduled = true;
    void runQueued().catch((err: unknown) => deps.logger.error(`cml auto-import failed: ${toLogFormat(err)}`));
  };

  const apply = async (): Promise<void> => {
    const settings = deps.settings.get();
    const wanted = !isClosed && settings.cmlAutoImport && settings.cmlFolder !== '' ? settings.cmlFolder : null;
    if (watcher?.folder === wanted) return;
    if (watcher !== null) {
      const old = watcher;
      watcher = null;
      queued.clear();
      await old.handle.close();
      deps.logger.info(`cml auto-import stopped for ${old.folder}`);
    }
    if (wanted === null) return;
    if (!isDirectory(wanted)) {
      // Checked when the setting was saved; a network share may be offline now. The next settings change retries.
      deps.logger.warn(`cml auto-import: folder ${wanted} is not available, not watching`);
      return;
    }
    const handle = watchExchangeFolder({
      folder: wanted,
      stabilityMs: deps.watch?.stabilityMs,
      batchMs: deps.watch?.batchMs,
      onFiles: (names) => {
        if (watcher?.handle !== handle) return;
        for (const name of names) queued.add(name);
        schedule();
      },
      onError: (err) => deps.logger.error(`cml folder watcher (${wanted}): ${toLogFormat(err)}`),
    });
    const current = { folder: wanted, handle, isReady: false };
    watcher = current;
    await handle.ready;
    current.isReady = true;
    deps.logger.info(`cml auto-import watching ${wanted}`);
  };

  const applySettings = (): Promise<void> => {
    applying = applying.then(apply).catch((err: unknown) => deps.logger.error(`cml auto-import not started: ${toLogFormat(err)}`));
    return applying;
  };

  return {
    list() {
      const folder = deps.settings.get().cmlFolder;
      return folder === '' ? { folder: null, files: [] } : { folder, files: listExchangeFolder(folder) };
    },
    startImport(input, userId) {
      return imports.start({ folder: deps.settings.get().cmlFolder, files: input.files, dryRun: input.dryRun, userId, trigger: 'user' });
    },
    status: () => imports.status(),
    exportOrders(documentIds, userId) {
      const settings = deps.settings.get();
      const result = exportOrders(deps.db, { documentIds, folder: settings.cmlFolder, encoding: settings.cmlExportEncoding, userId, now: deps.clock(), timeZone: deps.timeZone });
      // The channel answers with the file only; what escaping did is kept in the log (its count in the audit row).
      for (const warning of result.warnings) deps.logger.info(`cml export ${result.fileName}: ${warning}`);
      return result;
    },
    applySettings,
    watchedFolder: () => (watcher?.isReady ? watcher.folder : null),
    idle: () => imports.idle(),
    async close() {
      isClosed = true;
      await applySettings();
      await imports.idle();
    },
  };
}
