// One way to reach 1C for both directions (pull and outbox): an undici client for the configured
// publication and the profile chosen in Настройки or detected from $metadata (cached for a day next
// to the database: it is 15+ MB on real bases).
import { dirname, join } from 'node:path';
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { type OnecClient, type OnecProfile } from '../onec/onec';
import { createOnecClient } from '../onec/onec-client';
import { resolveOnecProfile } from '../onec/resolve-profile';
import { transportFromSettings } from '../onec/settings-transport';
import { overridesFromNames } from '../onec/profiles/profile-names';
import { type SettingsService } from '../settings/settings.service';

export type OnecSession = { client: OnecClient; profile: OnecProfile };

export type OnecSessionDeps = { db: AppDb; settings: SettingsService; logger: Logger };

/** Opens a client and resolves the profile; the client is closed again when that fails. */
export async function openOnecSession(deps: OnecSessionDeps, connection: { url: string; user: string; password: string }): Promise<OnecSession> {
  const client = createOnecClient(
    { baseUrl: connection.url, user: connection.user, password: connection.password },
    { logger: deps.logger, transport: transportFromSettings(deps.settings.get()) },
  );
  try {
    const choice = deps.settings.get().onecProfile;
    if (choice === 'auto' && deps.db.path === ':memory:') {
      throw new AppError('validation', 'Выберите конфигурацию 1С в Настройках: автоопределению нужна папка для кэша.');
    }
    const profile = await resolveOnecProfile({
      choice,
      client,
      cacheDir: join(dirname(deps.db.path), 'cache'),
      source: connection.url,
      logger: deps.logger,
      overrides: overridesFromNames(deps.settings.get().onecProfileNames),
    });
    return { client, profile };
  } catch (err) {
    await client.close();
    throw err;
  }
}

export type ConfiguredOnec = OnecSession & {
  /** The organization put on documents (Настройки), null when not set. */
  organizationRef: string | null;
  close(): Promise<void>;
};

/** A session to the 1C set in Настройки with the password from the keychain; AppError when either is missing. */
export async function connectConfiguredOnec(deps: OnecSessionDeps & { secrets: { onecPassword(): Promise<string | null> } }): Promise<ConfiguredOnec> {
  const settings = deps.settings.get();
  if (settings.onecUrl === '') throw new AppError('validation', 'Адрес 1С не задан: укажите его в Настройках.');
  const password = await deps.secrets.onecPassword().catch(() => null);
  if (password === null) throw new AppError('secret_unavailable', 'Пароль пользователя 1С не задан: введите его в Настройках.');
  const session = await openOnecSession(deps, { url: settings.onecUrl, user: settings.onecUser, password });
  return {
    ...session,
    organizationRef: settings.onecOrganizationRef === '' ? null : settings.onecOrganizationRef,
    close: () => session.client.close(),
  };
}
