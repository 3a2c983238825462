import { dirname, join } from 'node:path';
import { openDatabase } from '../../core/db/open';
import { AppError } from '../../core/errors/app-error';
import { createFileLogger } from '../../core/logging/file-logger';
import { type OnecClient, type OnecProfile, type OnecProfileId, onecProfileIds } from '../../core/onec/onec';
import { createOnecClient } from '../../core/onec/onec-client';
import { overridesFromNames } from '../../core/onec/profiles/profile-names';
import { transportFromSettings } from '../../core/onec/settings-transport';
import { resolveOnecProfile } from '../../core/onec/resolve-profile';
import { createSettingsService } from '../../core/settings/settings.service';
import { isJobName, type JobName, jobNames, jobTitles, type SyncRunSummary } from '../../core/sync/sync';
import { createSyncService } from '../../core/sync/sync.service';
import {
  type CliCommand,
  cliMigrationsFolder,
  exitCodes,
  parseOptions,
  resolveDbPath,
  runOperation,
  usageError,
  writeJson,
} from '../cli-io';

/** The 1C password: only from this variable until the OS keychain arrives (never a command-line argument). */
export const passwordEnvName = 'PRILAVOK_1C_PASSWORD';

/** Where a detected profile is remembered: a settings row the settings screen does not show. */
const profileChoices = [...onecProfileIds, 'auto'] as const;

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'загрузить из 1С склады, номенклатуру, штрихкоды, цены, остатки и движения',
  usage: `sync [--db FILE] [--url URL] [--user NAME] [--profile ${profileChoices.join('|')}] [--jobs LIST] [--json]  (пароль: переменная ${passwordEnvName})`,
  async run(argv, io) {
    const parsed = parseOptions(argv, {
      db: { type: 'string' },
      url: { type: 'string' },
      user: { type: 'string' },
      profile: { type: 'string' },
      jobs: { type: 'string' },
      json: { type: 'boolean' },
    });
    const isJson = argv.includes('--json');
    if (!parsed.ok) return usageError(io, syncCommand, parsed.message, isJson);
    const { values } = parsed;

    let jobs: JobName[] = [...jobNames];
    if (values.jobs !== undefined) {
      const listed = values.jobs.split(',').map((j) => j.trim()).filter((j) => j !== '');
      const unknown = listed.filter((j) => !isJobName(j));
      if (listed.length === 0 || unknown.length > 0) {
        return usageError(
          io,
          syncCommand,
          `--jobs: неизвестные задания «${unknown.join(', ') || values.jobs}»; доступны: ${jobNames.join(', ')}`,
          isJson,
        );
      }
      jobs = listed.filter(isJobName);
    }
    if (values.profile !== undefined && !(profileChoices as readonly string[]).includes(values.profile)) {
      return usageError(io, syncCommand, `--profile: нужно одно из ${profileChoices.join(', ')}, получено «${values.profile}»`, isJson);
    }

    let isFailed = false;
    const code = await runOperation(io, isJson, async () => {
      const password = io.env[passwordEnvName];
      if (password === undefined) {
        throw new AppError(
          'secret_unavailable',
          `Пароль пользователя 1С не задан: укажите его в переменной окружения ${passwordEnvName} ` +
            '(для пользователя без пароля — пустое значение). Хранение пароля в системном хранилище появится в следующей версии.',
        );
      }
      const path = resolveDbPath(io, values.db);
      const db = openDatabase({ path, migrationsFolder: cliMigrationsFolder() });
      const logger = createFileLogger({ dir: join(dirname(path), 'logs'), fileName: 'cli.log' }).scope('sync');
      let client: OnecClient | null = null;
      try {
        const settings = createSettingsService(db, logger, Date.now).get();
        const url = values.url ?? settings.onecUrl;
        const user = values.user ?? settings.onecUser;
        if (!url) {
          throw new AppError('validation', 'Не указан адрес 1С: задайте его в настройках программы или параметром --url (…/odata/standard.odata/).');
        }
        client = createOnecClient({ baseUrl: url, user, password }, { logger, transport: transportFromSettings(settings) });
        const profileChoice = values.profile ?? settings.onecProfile;
        const profile = await resolveOnecProfile({
          choice: profileChoice as OnecProfileId | 'auto',
          client,
          cacheDir: join(dirname(path), 'cache'),
          source: url,
          logger,
          overrides: overridesFromNames(settings.onecProfileNames),
        });
        if (!isJson) io.stderr(`1С: ${url}, пользователь «${user}», профиль: ${profile.title}\n`);

        let lastLine = '';
        const service = createSyncService({
          db,
          client,
          profile,
          logger,
          clock: Date.now,
          onProgress: (p) => {
            if (isJson || p.phase === 'done') return;
            const line = `  ${jobTitles[p.job]}: ${phaseWord[p.phase]} ${p.done.toLocaleString('ru-RU')}${p.total === undefined ? '' : ` / ${p.total.toLocaleString('ru-RU')}`}`;
            if (line !== lastLine) io.stderr(`${line}\n`);
            lastLine = line;
          },
        });
        const summary = await service.runNow({ jobs });
        await service.shutdown();
        if (isJson) writeJson(io, toJsonDocument(summary, path, profile));
        else io.stdout(formatSummary(summary));
        if (summary.status !== 'ok') {
          // The JSON document above already carries the error; exit 1 without a second document.
          isFailed = true;
          const failed = summary.jobs.find((j) => j.error)?.error;
          io.stderr(`prilavok: ${failed?.message ?? 'синхронизация с 1С завершилась с ошибками'}\n`);
        }
      } finally {
        await client?.close();
        db.close();
      }
    });
    return code === exitCodes.done && isFailed ? exitCodes.failed : code;
  },
};

const phaseWord = { scan: 'проверено', fetch: 'загружено', apply: 'записано', verify: 'перепроверено', done: 'готово' } as const;


// Exported for testing only.
export function toJsonDocument(summary: SyncRunSummary, db: string, profile: OnecProfile) {
  return {
    db,
    profile: profile.id,
    runId: summary.runId,
    status: summary.status,
    durationMs: summary.durationMs,
    bytes: summary.bytes,
    jobs: summary.jobs.map((j) => ({
      job: j.job,
      status: j.status,
      ...j.counts,
      bytes: j.bytes,
      requests: j.requests,
      durationMs: j.durationMs,
      warnings: j.warnings,
      errors: j.error ? [j.error] : [],
    })),
    ...(summary.status === 'ok' ? {} : { error: summary.jobs.find((j) => j.error)?.error ?? null }),
  };
}

const n = (value: number) => value.toLocaleString('ru-RU');

// Exported for testing only.
export function formatSummary(summary: SyncRunSummary): string {
  const lines = [`Синхронизация ${summary.status === 'ok' ? 'завершена' : 'завершена с ошибками'} за ${(summary.durationMs / 1000).toFixed(1)} с, получено ${(summary.bytes / 1_048_576).toFixed(1)} МБ`];
  for (const j of summary.jobs) {
    const c = j.counts;
    const state = j.status === 'ok' ? '' : ` [${j.status}]`;
    lines.push(
      `  ${jobTitles[j.job]}${state}: получено ${n(c.fetched)}, новых ${n(c.inserted)}, изменено ${n(c.updated)}, удалено ${n(c.deleted)}, без изменений ${n(c.unchanged)}` +
        `${c.skipped > 0 ? `, пропущено ${n(c.skipped)}` : ''}; ${(j.durationMs / 1000).toFixed(1)} с`,
    );
    if (j.error) lines.push(`    ${j.error.message}`);
  }
  return `${lines.join('\n')}\n`;
}
