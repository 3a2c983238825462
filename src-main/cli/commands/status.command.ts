import { openDatabase } from '../../core/db/open';
import { AppError } from '../../core/errors/app-error';
import { getStatus, type StatusReport } from '../../core/status/status.service';
import {
  type CliCommand,
  cliMigrationsFolder,
  dbExists,
  parseOptions,
  resolveDbPath,
  runOperation,
  usageError,
  writeJson,
} from '../cli-io';

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'база, количество записей, подключение к 1С, синхронизация, очередь, оповещения',
  usage: 'status [--db FILE] [--json]',
  async run(argv, io) {
    const parsed = parseOptions(argv, { db: { type: 'string' }, json: { type: 'boolean' } });
    const isJson = argv.includes('--json');
    if (!parsed.ok) return usageError(io, statusCommand, parsed.message, isJson);

    return runOperation(io, isJson, () => {
      const path = resolveDbPath(io, parsed.values.db);
      // Status is a look, not a setup step: it must not leave a new empty database behind.
      if (!dbExists(path)) {
        throw new AppError(
          'not_found',
          `База данных не найдена: ${path}. Запустите Prilavok или укажите файл базы параметром --db.`,
          { details: { path } },
        );
      }
      const db = openDatabase({ path, migrationsFolder: cliMigrationsFolder() });
      let report: StatusReport;
      try {
        report = getStatus(db);
      } finally {
        db.close();
      }
      if (isJson) writeJson(io, report);
      else io.stdout(formatStatus(report));
    });
  },
};

const n = (value: number) => value.toLocaleString('ru-RU');
const time = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString('ru-RU'));

// Exported for testing only.
export function formatStatus(report: StatusReport): string {
  const c = report.counts;
  const lines = [
    `База данных: ${report.database.path}`,
    `Версия структуры: ${report.database.schemaVersion}`,
    `Товары: ${n(c.products)}, штрихкоды: ${n(c.barcodes)}, склады: ${n(c.warehouses)}, виды цен: ${n(c.priceTypes)}`,
    `Строки остатков: ${n(c.stockRows)}, движения: ${n(c.movements)}, документы: ${n(c.documents)}, контрагенты: ${n(c.customers)}`,
    report.onec.url
      ? `1С: ${report.onec.url}, пользователь: ${report.onec.user ?? '—'}, профиль: ${report.onec.profile ?? '—'}`
      : '1С: подключение не настроено',
  ];
  if (report.sync.length === 0) lines.push('Синхронизация: ещё не запускалась');
  else {
    lines.push('Синхронизация:');
    for (const job of report.sync) {
      const run = job.lastRun;
      const last = run ? `${run.status}, ${time(run.startedAt)}${run.errorMessage ? ` — ${run.errorMessage}` : ''}` : 'нет запусков';
      lines.push(`  ${job.job}: ${last}; последний успех: ${time(job.lastSuccessAt)}`);
    }
  }
  const o = report.outbox;
  lines.push(`Очередь отправки в 1С: ${n(o.depth)} (не отправлено с ошибкой: ${n(o.byStatus.dead)}, отправлено: ${n(o.byStatus.done)})`);
  lines.push(`Открытые оповещения: ${n(report.alerts.open)}`);
  return `${lines.join('\n')}\n`;
}
