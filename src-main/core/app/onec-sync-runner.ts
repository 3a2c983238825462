import { join, dirname } from 'node:path';
import { type EventBus } from '../api/event-bus';
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { loadMetadataCached } from '../onec/metadata-cache';
import { detectProfile } from '../onec/metadata';
import { type OnecProfile } from '../onec/onec';
import { createOnecClient } from '../onec/onec-client';
import { getProfile } from '../onec/profiles';
import { type SettingsService } from '../settings/settings.service';
import { createSyncService } from '../sync/sync.service';
import { type SyncRunnerFactory } from './sync-controller';

const metadataMaxAgeMs = 24 * 60 * 60 * 1000;

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
      profile = await resolveProfile(deps, client, connection.url);
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

async function resolveProfile(deps: OnecSyncRunnerDeps, client: ReturnType<typeof createOnecClient>, url: string): Promise<OnecProfile> {
  const chosen = deps.settings.get().onecProfile;
  if (chosen !== 'auto') return getProfile(chosen);
  const cacheDir = deps.db.path === ':memory:' ? null : join(dirname(deps.db.path), 'cache');
  if (cacheDir === null) throw new AppError('validation', 'Выберите конфигурацию 1С в Настройках: автоопределению нужна папка для кэша.');
  const { metadata } = await loadMetadataCached(client, cacheDir, { maxAgeMs: metadataMaxAgeMs, source: url });
  const detection = detectProfile(metadata);
  if (!detection.profile) {
    const missing = detection.missing.slice(0, 5).map((m) => `${m.what} (${m.set})`).join('; ');
    throw new AppError(
      'erp',
      `Не удалось определить конфигурацию 1С по составу OData. Выберите её в Настройках.${missing ? ` Не опубликовано: ${missing}.` : ''}`,
    );
  }
  if (detection.missing.length > 0) {
    deps.logger.warn(`1C publication lacks: ${detection.missing.map((m) => m.set).join(', ')}`);
  }
  return detection.profile;
}
