import { type SyncJobName, type SyncOverview } from '../../../src-preload/contract';
import { type EventBus } from '../api/event-bus';
import { type AppDb } from '../db/open';
import { AppError, toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { type SettingsService } from '../settings/settings.service';
import { readJobStatuses } from '../sync/sync-runs.repo';
import { isStale } from '../sync/freshness';
import { type Scheduler, type SchedulerFactory } from '../sync/scheduler';

/** Reads the 1C password; hosts provide the keychain (or, for scripts and demos, the environment). */
export type SecretSource = {
  onecPassword(): Promise<string | null>;
  /** The SMTP password for e-mailed alerts; null when the server needs none. */
  smtpPassword?(): Promise<string | null>;
};

/** One sync run over a configured connection; built per run so new settings apply to the next run. */
export type SyncRunner = {
  run(jobs: readonly SyncJobName[] | undefined): Promise<void>;
  profileId: string | null;
};
export type SyncRunnerFactory = (connection: { url: string; user: string; password: string }) => Promise<SyncRunner>;

export type SyncController = {
  overview(): SyncOverview;
  /** Starts a run in the background; a second call while running joins it (single-flight). */
  runNow(jobs?: readonly SyncJobName[]): Promise<{ isStarted: boolean; isAlreadyRunning: boolean }>;
  /** Resolves when the current run (if any) ends. */
  idle(): Promise<void>;
  /**
   * Called when someone looks at stock: if the shown balances are older than the TTL, pull fresh
   * balances in the background (the view answers at once with what it has; data.changed follows).
   */
  refreshIfStale(warehouseId: number | undefined): void;
  /** (Re)starts the cron schedule from the settings; a bad expression is logged, not thrown. */
  applySchedule(): void;
  stopSchedule(): void;
};

export type SyncControllerDeps = {
  db: AppDb;
  settings: SettingsService;
  secrets: SecretSource;
  events: EventBus;
  logger: Logger;
  clock: () => number;
  createRunner: SyncRunnerFactory | null;
  scheduler: SchedulerFactory | null;
};

export function createSyncController(deps: SyncControllerDeps): SyncController {
  let running: Promise<void> | null = null;
  let lastProfile: string | null = null;
  let schedule: Scheduler | null = null;
  let lastStaleRefreshAt = 0;

  const controller: SyncController = {
    overview() {
      const settings = deps.settings.get();
      return {
        isConfigured: settings.onecUrl !== '' && deps.createRunner !== null,
        isRunning: running !== null,
        onecUrl: settings.onecUrl,
        profile: lastProfile ?? (settings.onecProfile === 'auto' ? null : settings.onecProfile),
        jobs: readJobStatuses(deps.db).map((status) => ({
          job: status.job,
          lastSuccessAt: status.lastSuccessAt,
          lastRun: status.lastRun && {
            status: status.lastRun.status,
            startedAt: status.lastRun.startedAt,
            finishedAt: status.lastRun.finishedAt,
            durationMs: status.lastRun.durationMs,
            counts: {
              fetched: status.lastRun.counts.fetched,
              inserted: status.lastRun.counts.inserted,
              updated: status.lastRun.counts.updated,
              deleted: status.lastRun.counts.deleted,
              unchanged: status.lastRun.counts.unchanged,
            },
            bytes: status.lastRun.bytes,
            errorCode: status.lastRun.errorCode,
            errorMessage: status.lastRun.errorMessage,
          },
        })),
      };
    },

    async runNow(jobs) {
      if (running) return { isStarted: false, isAlreadyRunning: true };
      const settings = deps.settings.get();
      if (settings.onecUrl === '' || deps.createRunner === null) {
        throw new AppError('erp', 'Подключение к 1С не настроено: укажите адрес публикации 1С в Настройках.');
      }
      const createRunner = deps.createRunner;
      // `running` is taken synchronously, before any await, so two quick calls cannot start two runs;
      // `started` tells this caller whether the run could begin (the password may be missing).
      let markStarted: () => void = () => undefined;
      let refuseStart: (err: unknown) => void = () => undefined;
      const started = new Promise<void>((resolve, reject) => {
        markStarted = resolve;
        refuseStart = reject;
      });
      running = (async () => {
        const password = await deps.secrets.onecPassword().catch(() => null);
        if (password === null) {
          refuseStart(new AppError('secret_unavailable', 'Пароль пользователя 1С не задан: введите его в Настройках.'));
          return;
        }
        markStarted();
        let errorMessage: string | null = null;
        try {
          const runner = await createRunner({ url: settings.onecUrl, user: settings.onecUser, password });
          lastProfile = runner.profileId;
          await runner.run(jobs);
        } catch (err) {
          errorMessage = err instanceof AppError ? err.message : 'Синхронизация прервана из-за внутренней ошибки. Подробности в журнале.';
          deps.logger.error(`sync run failed: ${toLogFormat(err)}`);
        }
        deps.events.emit('sync.finished', { isOk: errorMessage === null, errorMessage });
        deps.events.emit('data.changed', { tables: ['products', 'stock', 'warehouses', 'sync_runs'] });
      })().finally(() => {
        running = null;
      });
      await started;
      return { isStarted: true, isAlreadyRunning: false };
    },

    async idle() {
      await running;
    },

    refreshIfStale(warehouseId) {
      const settings = deps.settings.get();
      const now = deps.clock();
      if (running || settings.onecUrl === '' || deps.createRunner === null) return;
      // After a failed or empty refresh, wait a whole TTL before trying again: viewing must not hammer 1C.
      if (now - lastStaleRefreshAt < settings.stockTtlMinutes * 60_000) return;
      const row = deps.db.sqlite
        .prepare(`SELECT max(as_of_1c) AS asOf FROM stock${warehouseId === undefined ? '' : ' WHERE warehouse_id = ?'}`)
        .get(...(warehouseId === undefined ? [] : [warehouseId])) as { asOf: number | null };
      if (!isStale(row.asOf, settings.stockTtlMinutes, now)) return;
      lastStaleRefreshAt = now;
      // Movements first: when 1C moved nothing, balances are confirmed without the costly Balance call.
      controller.runNow(['movements', 'balances']).catch((err: unknown) => deps.logger.warn(`stale-stock refresh not started: ${toLogFormat(err)}`));
    },

    applySchedule() {
      schedule?.stop();
      schedule = null;
      if (deps.scheduler === null) return;
      const expression = deps.settings.get().syncSchedule;
      try {
        schedule = deps.scheduler(expression, async () => {
          if (deps.settings.get().onecUrl === '') return;
          await controller.runNow();
          await controller.idle();
        });
      } catch (err) {
        deps.logger.error(`sync schedule not started: ${toLogFormat(err)}`);
      }
    },

    stopSchedule() {
      schedule?.stop();
      schedule = null;
    },
  };
  return controller;
}
