// One CommerceML import at a time for this PC, started by a person or by the watched folder: its
// progress goes out as 'cml.import.progress' and stays readable through status(); a real import that
// succeeded moves its files into done/<time>/; every run, dry or real, ends with an audit row.
import { v7 as uuidv7 } from 'uuid';
import { type CmlReport, type CmlRun } from '../../../../src-preload/contract';
import { type EventBus } from '../../api/event-bus';
import { type AppDb } from '../../db/open';
import { AppError, isAppError, toLogFormat } from '../../errors/app-error';
import { type Logger } from '../../logging/logger';
import { localTimeZone } from '../export/cml-values';
import { auditCmlImport } from './cml-import-audit';
import { moveToDone } from './done-folder';
import { classifyExchangeFile, sortForExchange } from './exchange-files';
import { resolveExchangeFile } from './exchange-paths';
import { type ImportExchange } from './importer-port';

export type CmlImportControllerDeps = {
  db: AppDb;
  events: EventBus;
  logger: Logger;
  clock: () => number;
  importExchange: ImportExchange;
  /** Zone of the done/<time> folder names; default the PC's. */
  timeZone?: string;
  /** After a real import committed: tell screens what changed, re-evaluate alerts (import/after-import.ts). */
  onImported?: (report: CmlReport) => void;
  /** Least time between two progress events of a run (start and end always go out). Default 200 ms. */
  progressIntervalMs?: number;
};

export type StartImport = {
  folder: string;
  files: readonly string[];
  dryRun: boolean;
  userId: string | null;
  /** Who asked: a person on the exchange screen, or the watched folder. Recorded in the audit log. */
  trigger: 'user' | 'auto';
};

export type CmlImportController = {
  /** Checks the files and starts the run; returns at once with the run in state 'running'. */
  start(request: StartImport): CmlRun;
  /** The running import, else the last one since start; null if none. */
  status(): CmlRun | null;
  isRunning(): boolean;
  /** Resolves when no import is running (shutdown waits on it: the importer writes the database). */
  idle(): Promise<void>;
};

export function createCmlImportController(deps: CmlImportControllerDeps): CmlImportController {
  const interval = deps.progressIntervalMs ?? 200;
  let current: CmlRun | null = null;
  let running: Promise<void> | null = null;
  let lastEmitAt = 0;

  const publish = (isForced: boolean): void => {
    if (current === null) return;
    // Wall time, not the injected clock: this only paces events, it is never recorded.
    const now = performance.now();
    if (!isForced && now - lastEmitAt < interval) return;
    lastEmitAt = now;
    deps.events.emit('cml.import.progress', { ...current });
  };

  async function execute(request: StartImport, files: Array<{ name: string; path: string }>): Promise<void> {
    const started = current;
    if (started === null) return;
    let final: CmlRun;
    let doneDir: string | null = null;
    try {
      const report = await deps.importExchange(
        deps.db,
        files.map((f) => ({ name: f.name, path: f.path })),
        {
          dryRun: request.dryRun,
          clock: deps.clock,
          onProgress: (p) => {
            if (current === null || current.runId !== started.runId) return;
            current = { ...current, file: p.file, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal };
            publish(false);
          },
        },
      );
      let finalReport: CmlReport = report;
      if (!request.dryRun) {
        const moved = moveToDone(request.folder, files.map((f) => f.name), deps.clock(), deps.timeZone ?? localTimeZone(), deps.logger);
        doneDir = moved.dir;
        finalReport = withMoveWarnings(report, moved.dir, moved.failed);
      }
      final = { ...started, state: 'done', file: null, bytesDone: started.bytesTotal, report: finalReport, error: null };
    } catch (err) {
      if (isAppError(err)) deps.logger.warn(`cml import ${started.runId} failed: ${err.message}`);
      else deps.logger.error(`cml import ${started.runId} failed: ${toLogFormat(err)}`);
      const message = isAppError(err) ? err.message : 'Внутренняя ошибка импорта, ничего не изменено. Подробности записаны в журнал.';
      final = { ...(current ?? started), state: 'failed', error: message };
    }
    try {
      auditCmlImport(deps.db, {
        at: deps.clock(),
        userId: request.userId,
        runId: final.runId,
        dryRun: final.dryRun,
        trigger: request.trigger,
        files: files.map((f) => f.name),
        report: final.report,
        movedTo: doneDir,
        error: final.error,
      });
    } catch (err) {
      // The import itself is settled; a failed audit write must not turn it into a hanging run.
      deps.logger.error(`cml import ${final.runId}: audit row not written: ${toLogFormat(err)}`);
    }
    // Free the slot before telling anyone, so a listener may start the next run right away.
    current = final;
    running = null;
    publish(true);
    if (final.state === 'done' && !final.dryRun && final.report) {
      try {
        deps.onImported?.(final.report);
      } catch (err) {
        deps.logger.error(`cml import ${final.runId}: after-import step failed: ${toLogFormat(err)}`);
      }
    }
  }

  return {
    start(request) {
      if (running !== null) {
        const file = current?.file ? ` (сейчас — «${current.file}»)` : '';
        throw new AppError('conflict', `Импорт CommerceML уже идёт${file}: дождитесь его окончания и запустите снова.`);
      }
      if (request.folder === '') {
        throw new AppError('validation', 'Папка обмена с 1С не задана: укажите её в Настройках (раздел «Обмен CommerceML»).');
      }
      // Every name is checked before anything starts: one bad name, and nothing runs.
      const resolved = [...new Set(request.files)].map((name) => ({ ...resolveExchangeFile(request.folder, name), kind: classifyExchangeFile(name) }));
      const files = sortForExchange(resolved);
      const startedAt = deps.clock();
      current = {
        runId: uuidv7({ msecs: startedAt }),
        dryRun: request.dryRun,
        state: 'running',
        startedAt,
        file: null,
        bytesDone: 0,
        bytesTotal: files.reduce((sum, f) => sum + f.size, 0),
        report: null,
        error: null,
      };
      const run = { ...current };
      publish(true);
      // Deferred by a tick so `running` is set before execute can reach its end, even if the importer throws synchronously.
      running = Promise.resolve().then(() => execute(request, files));
      return run;
    },
    status: () => (current === null ? null : { ...current }),
    isRunning: () => running !== null,
    idle: async () => {
      while (running !== null) await running;
    },
  };
}

function withMoveWarnings(report: CmlReport, dir: string, failed: ReadonlyArray<{ name: string; message: string }>): CmlReport {
  if (failed.length === 0) return report;
  const warnings = failed.map((f) => ({
    file: f.name,
    line: 0,
    column: 0,
    message: `Файл загружен, но не перенесён в ${dir} (${f.message}): уберите его из папки обмена, чтобы он не загрузился повторно.`,
  }));
  return { ...report, warnings: [...report.warnings, ...warnings], warningCount: report.warningCount + warnings.length };
}
