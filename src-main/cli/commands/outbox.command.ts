import { dirname, join } from 'node:path';
import { type AppDb, openDatabase } from '../../core/db/open';
import { documentKindInfo } from '../../core/documents/document-kinds';
import { type DocumentStatus, statusTitles } from '../../core/documents/documents';
import { documentTransitions } from '../../core/documents/document-sending.service';
import { type DocumentSummary, listDocuments } from '../../core/documents/documents.service';
import { AppError, type ErrorCode } from '../../core/errors/app-error';
import { createFileLogger } from '../../core/logging/file-logger';
import { type Logger } from '../../core/logging/logger';
import { onecProfileIds, type OnecProfileId } from '../../core/onec/onec';
import { createOnecClient } from '../../core/onec/onec-client';
import { overridesFromNames } from '../../core/onec/profiles/profile-names';
import { transportFromSettings } from '../../core/onec/settings-transport';
import { resolveOnecProfile } from '../../core/onec/resolve-profile';
import { makeDueNow } from '../../core/outbox/outbox.repo';
import { createOutboxSender, type DrainResult, type OutboxConnection } from '../../core/outbox/outbox-sender';
import { createSettingsService } from '../../core/settings/settings.service';
import {
  type CliCommand,
  cliMigrationsFolder,
  dbExists,
  exitCodes,
  parseIntegerOption,
  parseOptions,
  resolveDbPath,
  runOperation,
  usageError,
  writeJson,
} from '../cli-io';
import { passwordEnvName } from './sync.command';

const profileChoices = [...onecProfileIds, 'auto'] as const;
/** The statuses of a document on its way to 1C, in the order they are shown. */
const shownStatuses = ['sending', 'queued', 'rejected', 'posted'] as const satisfies readonly DocumentStatus[];
const defaultLimit = 100;

export const outboxCommand: CliCommand = {
  name: 'outbox',
  summary: 'очередь отправки документов в 1С: что ждёт, что проведено, что отклонено; --send — отправить сейчас',
  usage: `outbox [--db FILE] [--send] [--url URL] [--user NAME] [--profile ${profileChoices.join('|')}] [--limit N] [--json]  (пароль: переменная ${passwordEnvName})`,
  async run(argv, io) {
    const parsed = parseOptions(argv, {
      db: { type: 'string' },
      send: { type: 'boolean' },
      url: { type: 'string' },
      user: { type: 'string' },
      profile: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    });
    const isJson = argv.includes('--json');
    if (!parsed.ok) return usageError(io, outboxCommand, parsed.message, isJson);
    const { values } = parsed;
    const isSending = values.send === true;
    if (!isSending && (values.url !== undefined || values.user !== undefined || values.profile !== undefined)) {
      return usageError(io, outboxCommand, '--url, --user и --profile нужны только вместе с --send', isJson);
    }
    if (values.profile !== undefined && !(profileChoices as readonly string[]).includes(values.profile)) {
      return usageError(io, outboxCommand, `--profile: нужно одно из ${profileChoices.join(', ')}, получено «${values.profile}»`, isJson);
    }
    const limit = values.limit === undefined ? defaultLimit : parseIntegerOption(values.limit);
    if (limit === null || limit < 1 || limit > 1_000_000) {
      return usageError(io, outboxCommand, `--limit: нужно целое число от 1 до 1 000 000, получено «${values.limit ?? ''}»`, isJson);
    }

    let isFailed = false;
    const code = await runOperation(io, isJson, async () => {
      const path = resolveDbPath(io, values.db);
      if (!dbExists(path)) {
        throw new AppError('not_found', `База данных не найдена: ${path}. Запустите Prilavok или укажите файл базы параметром --db.`, { details: { path } });
      }
      const db = openDatabase({ path, migrationsFolder: cliMigrationsFolder() });
      try {
        const logger = createFileLogger({ dir: join(dirname(path), 'logs'), fileName: 'cli.log' }).scope('outbox');
        let send: SendReport | null = null;
        if (isSending) {
          send = await sendNow(db, logger, {
            url: values.url,
            user: values.user,
            profile: values.profile as OnecProfileId | 'auto' | undefined,
            password: io.env[passwordEnvName],
            cacheDir: join(dirname(path), 'cache'),
          });
          if (!isJson) io.stderr(formatSend(send));
        }
        const report = readOutbox(db, limit);
        const failure = send === null ? null : sendFailure(send);
        if (isJson) writeJson(io, { db: path, ...(send === null ? {} : { send }), ...report, ...(failure === null ? {} : { error: failure }) });
        else io.stdout(formatOutbox(report));
        if (failure !== null) {
          // The JSON document above already carries the error; exit 1 without a second document.
          isFailed = true;
          io.stderr(`prilavok: ${failure.message}\n`);
        }
      } finally {
        db.close();
      }
    });
    return code === exitCodes.done && isFailed ? exitCodes.failed : code;
  },
};

export type SendReport = {
  /** 'idle': nothing left to send; 'waiting': 1C failed and the rest waits for a retry; 'paused': 1C refused the login. */
  state: DrainResult['state'];
  /** Documents of this run that 1C posted / refused. */
  posted: number;
  rejected: number;
  /** Still queued or being sent after this run. */
  waiting: number;
  /** Epoch ms of the next attempt when 'waiting'. */
  nextAttemptAt: number | null;
  lastError: string | null;
};

type SendOptions = { url: string | undefined; user: string | undefined; profile: OnecProfileId | 'auto' | undefined; password: string | undefined; cacheDir: string };

/**
 * One drain of the outbox now, as "Отправить сейчас" in the app: waiting documents are made due,
 * then sent in queue order until the queue is empty or 1C fails (the rest waits for its retry).
 * 1C is contacted only when something is due. Throws AppError when 1C is not configured.
 */
async function sendNow(db: AppDb, logger: Logger, options: SendOptions): Promise<SendReport> {
  const settings = createSettingsService(db, logger, Date.now).get();
  const url = options.url ?? settings.onecUrl;
  const user = options.user ?? settings.onecUser;
  if (url === '') {
    throw new AppError('validation', 'Не указан адрес 1С: задайте его в настройках программы или параметром --url (…/odata/standard.odata/).');
  }
  const password = options.password;
  if (password === undefined) {
    throw new AppError(
      'secret_unavailable',
      `Пароль пользователя 1С не задан: укажите его в переменной окружения ${passwordEnvName} (для пользователя без пароля — пустое значение).`,
    );
  }
  const documents = documentTransitions(db);
  // The sender turns a failed connect into a pause with the message only; the error itself (with
  // its code: erp, validation…) is kept here so the command can report it as it is.
  let connectError: unknown = null;
  const connect = async (): Promise<OutboxConnection> => {
    const client = createOnecClient({ baseUrl: url, user, password }, { logger, transport: transportFromSettings(settings) });
    try {
      const profile = await resolveOnecProfile({ choice: options.profile ?? settings.onecProfile, client, cacheDir: options.cacheDir, source: url, logger, overrides: overridesFromNames(settings.onecProfileNames) });
      return { client, profile, organizationRef: settings.onecOrganizationRef === '' ? null : settings.onecOrganizationRef, close: () => client.close() };
    } catch (err) {
      connectError = err;
      await client.close();
      throw err;
    }
  };
  const changed = new Set<string>();
  const sender = createOutboxSender({ db, documents, connect, logger, clock: Date.now, onChange: (id) => changed.add(id) });
  makeDueNow(db, Date.now());
  const result = await sender.drain();
  if (result.state === 'paused' && connectError !== null) throw connectError;

  const statusOf = db.sqlite.prepare('SELECT status FROM documents WHERE id = ?').pluck();
  const finalStatuses = [...changed].map((id) => statusOf.get(id) as DocumentStatus | undefined);
  const waiting = db.sqlite.prepare("SELECT count(*) FROM documents WHERE status IN ('queued', 'sending')").pluck().get() as number;
  return {
    state: result.state,
    posted: finalStatuses.filter((s) => s === 'posted').length,
    rejected: finalStatuses.filter((s) => s === 'rejected').length,
    waiting,
    nextAttemptAt: result.state === 'waiting' ? result.until : null,
    lastError: result.state === 'waiting' ? result.lastError || null : result.state === 'paused' ? result.pause.message : null,
  };
}

/** What makes `--send` exit 1: 1C failed (the rest waits) or refused the login. Documents 1C refused are a result, not a failure. */
function sendFailure(send: SendReport): { code: ErrorCode; message: string } | null {
  if (send.state === 'idle') return null;
  const reason = send.lastError ?? '1С не ответила';
  return {
    code: 'erp',
    message:
      send.state === 'paused'
        ? `Отправка остановлена: ${reason}`
        : `Отправка прервана: ${reason}. Не отправлено документов: ${send.waiting}; они уйдут при следующей попытке.`,
  };
}

type OutboxDocument = {
  id: string;
  kind: string;
  localNumber: string;
  number1c: string | null;
  status: DocumentStatus;
  date: number;
  warehouse: string;
  toWarehouse: string | null;
  lineCount: number;
  totalQty: number;
  totalAmount: number;
  queuedAt: number | null;
  postedAt: number | null;
  message1c: string | null;
};

type OutboxReport = { counts: Record<(typeof shownStatuses)[number], number>; documents: OutboxDocument[] };

/** Up to `limit` documents per status, newest first; `counts` are the totals. */
function readOutbox(db: AppDb, limit: number): OutboxReport {
  const documents: OutboxDocument[] = [];
  let counts: Record<DocumentStatus, number> | null = null;
  for (const status of shownStatuses) {
    const page = listDocuments(db, { status, limit, offset: 0 });
    counts = page.counts;
    documents.push(...page.items.map(toOutboxDocument));
  }
  const all = counts ?? ({} as Partial<Record<DocumentStatus, number>>);
  return { counts: { sending: all.sending ?? 0, queued: all.queued ?? 0, rejected: all.rejected ?? 0, posted: all.posted ?? 0 }, documents };
}

function toOutboxDocument(item: DocumentSummary): OutboxDocument {
  return {
    id: item.id,
    kind: item.kind,
    localNumber: item.localNumber,
    number1c: item.number1c,
    status: item.status,
    date: item.date,
    warehouse: item.warehouseName,
    toWarehouse: item.toWarehouseName,
    lineCount: item.lineCount,
    totalQty: item.totalQty,
    totalAmount: item.totalAmount,
    queuedAt: item.queuedAt,
    postedAt: item.postedAt,
    message1c: item.last1cMessage,
  };
}

// Exported for testing only.
export function formatSend(send: SendReport): string {
  const head = `Отправлено в 1С: проведено ${send.posted}, отклонено ${send.rejected}, ждут отправки ${send.waiting}`;
  const tail =
    send.state === 'waiting' && send.nextAttemptAt !== null
      ? `; следующая попытка в ${new Date(send.nextAttemptAt).toLocaleTimeString('ru-RU')}`
      : '';
  return `${head}${tail}\n`;
}

// Exported for testing only.
export function formatOutbox(report: OutboxReport): string {
  const c = report.counts;
  const lines = [`Очередь отправки в 1С: отправляется ${c.sending}, в очереди ${c.queued}, отклонено ${c.rejected}, проведено ${c.posted}`];
  const shown = (status: DocumentStatus) => report.documents.filter((d) => d.status === status).length;
  for (const status of shownStatuses) {
    if (c[status] === 0) continue;
    lines.push('', `${capitalize(statusTitles[status])}${c[status] > shown(status) ? ` (последние ${shown(status)} из ${c[status]})` : ''}:`);
    for (const d of report.documents.filter((doc) => doc.status === status)) {
      const kind = documentKindInfo[d.kind as keyof typeof documentKindInfo]?.shortTitle ?? d.kind;
      const where = d.toWarehouse ? `${d.warehouse} → ${d.toWarehouse}` : d.warehouse;
      lines.push(`  ${d.localNumber}  ${kind}, ${where}${d.number1c ? `, в 1С № ${d.number1c}` : ''}`);
      if (d.message1c) lines.push(`      1С: ${d.message1c}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('ru-RU') + text.slice(1);
}
