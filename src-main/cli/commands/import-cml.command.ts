import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { type CmlEntityKind, type CmlReport, cmlEntityKinds } from '../../../src-preload/contract';
import { auditCmlImport } from '../../core/commerceml/exchange/cml-import-audit';
import { afterCmlImport } from '../../core/commerceml/import/after-import';
import { type CmlSourceFile, importExchange } from '../../core/commerceml/import/import-exchange';
import { openDatabase } from '../../core/db/open';
import { AppError, isAppError } from '../../core/errors/app-error';
import { createFileLogger } from '../../core/logging/file-logger';
import { type CliCommand, type CliIo, cliMigrationsFolder, exitCodes, parseOptionsAndPositionals, resolveDbPath, runOperation, usageError, writeJson } from '../cli-io';

const kindTitles: Record<CmlEntityKind, string> = {
  groups: 'Группы',
  units: 'Единицы',
  warehouses: 'Склады',
  priceTypes: 'Виды цен',
  products: 'Товары',
  characteristics: 'Характеристики',
  barcodes: 'Штрихкоды',
  prices: 'Цены',
  stock: 'Остатки',
};
/** Warnings printed in the human output; --json carries the report's list (the first 1,000). */
const shownWarnings = 20;

export const importCmlCommand: CliCommand = {
  name: 'import-cml',
  summary: 'загрузить файлы CommerceML (XML или ZIP, UTF-8 или windows-1251): группы, товары, штрихкоды, цены, остатки; --dry-run — только проверить',
  usage: 'import-cml FILE... [--db FILE] [--dry-run] [--json]',
  async run(argv, io) {
    const parsed = parseOptionsAndPositionals(argv, { db: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } });
    const isJson = argv.includes('--json');
    if (!parsed.ok) return usageError(io, importCmlCommand, parsed.message, isJson);
    if (parsed.positionals.length === 0) return usageError(io, importCmlCommand, 'Укажите файлы CommerceML, например: import.xml offers.xml', isJson);
    const isDryRun = parsed.values['dry-run'] === true;

    let isFailed = false;
    const code = await runOperation(io, isJson, async () => {
      const files = parsed.positionals.map((file) => sourceFile(io, file));
      const path = resolveDbPath(io, parsed.values.db);
      const db = openDatabase({ path, migrationsFolder: cliMigrationsFolder() });
      const logger = createFileLogger({ dir: join(dirname(path), 'logs'), fileName: 'cli.log' }).scope('import-cml');
      const runId = uuidv7();
      const audit = (report: CmlReport | null, error: string | null): void =>
        auditCmlImport(db, { at: Date.now(), userId: null, runId, dryRun: isDryRun, trigger: 'cli', files: files.map((f) => f.name), report, movedTo: null, error });
      try {
        let report: CmlReport;
        try {
          report = await importExchange(db, files, { dryRun: isDryRun, clock: Date.now, onProgress: isJson ? undefined : progressPrinter(io) });
        } catch (err) {
          audit(null, isAppError(err) ? err.message : String(err));
          if (!isAppError(err) || err.details === undefined) throw err;
          // Where in which file: the JSON error carries file/line/column for scripts.
          isFailed = true;
          io.stderr(`prilavok: ${err.message}\n`);
          if (isJson) writeJson(io, { db: path, dryRun: isDryRun, error: { code: err.code, message: err.message, ...(err.details as object) } });
          return;
        }
        audit(report, null);
        if (!isDryRun) {
          // As the app does after an import (today's stock snapshot); there are no screens or alert loop here.
          afterCmlImport(report, { db, clock: Date.now, events: { emit: () => undefined }, evaluateAlerts: () => undefined, logger });
        }
        if (isJson) writeJson(io, toJsonDocument(report, path));
        else io.stdout(formatReport(report));
      } finally {
        db.close();
      }
    });
    return code === exitCodes.done && isFailed ? exitCodes.failed : code;
  },
};

function sourceFile(io: CliIo, file: string): CmlSourceFile {
  const path = resolve(io.cwd, file);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // Reported below in one message for missing and unreadable.
  }
  if (!isFile) throw new AppError('not_found', `Файл не найден: ${path}`, { details: { path } });
  return { name: basename(path), path };
}

/** One stderr line per file and per tenth of the bytes. */
function progressPrinter(io: CliIo): (p: { file: string; bytesDone: number; bytesTotal: number }) => void {
  let last = '';
  return (p) => {
    const tenth = p.bytesTotal === 0 ? 10 : Math.floor((p.bytesDone / p.bytesTotal) * 10);
    const line = `  ${p.file}: ${tenth * 10} %`;
    if (line === last) return;
    last = line;
    io.stderr(`${line}\n`);
  };
}

// Exported for testing only.
export function toJsonDocument(report: CmlReport, db: string) {
  return {
    db,
    dryRun: report.dryRun,
    durationMs: report.durationMs,
    files: report.files,
    counts: report.counts,
    warningCount: report.warningCount,
    warnings: report.warnings,
  };
}

// Exported for testing only.
export function formatReport(report: CmlReport): string {
  const n = (value: number) => value.toLocaleString('ru-RU');
  const head = report.dryRun ? 'Проверка без записи: вот что изменил бы импорт' : 'Импорт CommerceML выполнен';
  const lines = [`${head} (файлов: ${report.files.length}, ${(report.durationMs / 1000).toFixed(1)} с)`];
  for (const kind of cmlEntityKinds) {
    const c = report.counts[kind];
    if (c.added + c.changed + c.removed + c.unchanged === 0) continue;
    lines.push(`  ${kindTitles[kind]}: добавлено ${n(c.added)}, изменено ${n(c.changed)}, удалено ${n(c.removed)}, без изменений ${n(c.unchanged)}`);
  }
  if (report.warningCount > 0) {
    lines.push(`Предупреждения: ${n(report.warningCount)}`);
    for (const w of report.warnings.slice(0, shownWarnings)) lines.push(`  ${w.file}:${w.line}:${w.column}: ${w.message}`);
    if (report.warningCount > shownWarnings) lines.push(`  … и ещё ${n(report.warningCount - shownWarnings)} (все — с параметром --json)`);
  }
  return `${lines.join('\n')}\n`;
}
