import { type EventBus } from '../api/event-bus';
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { type SettingsService } from '../settings/settings.service';
import { createSyncService } from '../sync/sync.service';
import { openOnecSession } from './onec-connection';
import { type SyncRunnerFactory } from './sync-controller';

export type OnecSyncRunnerDeps = {
  db: AppDb;
  settings: SettingsService;
  events: EventBus;
  logger: Logger;
  clock: () => number;
};

/**
 * The real runner: a fresh session per run (new settings apply to the next run, see
 * onec-connection.ts) and the pull jobs with their progress forwarded as contract events.
 */
export function createOnecSyncRunnerFactory(deps: OnecSyncRunnerDeps): SyncRunnerFactory {
  return async (connection) => {
    const { client, profile } = await openOnecSession(deps, connection);
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
          onCustomersChanged: (changes) => {
            for (const change of changes) deps.events.emit('customers.changed', change);
          },
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
