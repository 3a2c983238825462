import { join, dirname } from 'node:path';
import { type EventBus } from '../api/event-bus';
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { type OnecProfile } from '../onec/onec';
import { createOnecClient } from '../onec/onec-client';
import { resolveOnecProfile } from '../onec/resolve-profile';
import { type SettingsService } from '../settings/settings.service';
import { createSyncService } from '../sync/sync.service';
import { type SyncRunnerFactory } from './sync-controller';

export type OnecSyncRunnerDeps = {
  db: AppDb;
  settings: SettingsService;
  events: EventBus;
  logger: Logger;
  clock: () => number;
};

/**
 * The real runner: a fresh undici client per run (new settings apply to the next run), the profile
 * chosen in Настройки or detected from $metadata (cached for a day: it is 15+ MB on real bases),
 * and the pull jobs with their progress forwarded as contract events.
 */
export function createOnecSyncRunnerFactory(deps: OnecSyncRunnerDeps): SyncRunnerFactory {
  return async (connection) => {
    const client = createOnecClient({ baseUrl: connection.url, user: connection.user, password: connection.password }, { logger: deps.logger });
    let profile: OnecProfile;
    try {
      const choice = deps.settings.get().onecProfile;
      if (choice === 'auto' && deps.db.path === ':memory:') {
        throw new AppError('validation', 'Выберите конфигурацию 1С в Настройках: автоопределению нужна папка для кэша.');
      }
      profile = await resolveOnecProfile({
        choice,
        client,
        cacheDir: join(dirname(deps.db.path), 'cache'),
        source: connection.url,
        logger: deps.logger,
      });
    } catch (err) {
      await client.close();
      throw err;
    }
    return {
      profileId: profile.id,
      async run(jobs) {
        const service = createSyncService({
          db: deps.db,
          client,
          profile,
          logger: deps.logger,
          clock: deps.clock,
          onProgress: (p) => deps.events.emit('sync.progress', { job: p.job, phase: p.phase, done: p.done, total: p.total ?? null }),
        });
        try {
          const summary = await service.runNow(jobs ? { jobs } : undefined);
          const failed = summary.jobs.find((job) => job.error !== null);
          if (summary.status !== 'ok') {
            throw new AppError(failed?.error?.code ?? 'erp', failed?.error?.message ?? 'Синхронизация с 1С не завершена.');
          }
        } finally {
          await service.shutdown();
          await client.close();
        }
      },
    };
  };
}
