// The first-run wizard's channels: check a connection without saving it, read an HTTPS server's
// certificate for pinning, and apply: password into the keychain first (nothing is saved when it
// cannot be kept), then the settings, then the first sync.
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { fetchServerCertificate } from '../onec/onec-transport';
import { appendAudit } from '../security/audit-log.repo';
import { type Actor } from '../security/desk-session';
import { type Keychain, onecAccount } from '../security/keychain';
import { type SettingsService } from '../settings/settings.service';
import { checkOnecConnection } from '../setup/connection-check.service';
import { type OutboxController } from '../app/outbox-controller';
import { type SyncController } from '../app/sync-controller';
import { type EventBus } from './event-bus';
import { type Handlers } from './dispatch';

export type SetupHandlerDeps = {
  db: AppDb;
  actor: () => Actor;
  settings: SettingsService;
  keychain: Keychain | null;
  sync: SyncController;
  outbox: OutboxController;
  events: EventBus;
  logger: Logger;
  clock: () => number;
  /** Scripts, the demo and tests give the 1C password in PRILAVOK_1C_PASSWORD instead of a keychain. */
  env?: NodeJS.ProcessEnv;
};

export function createSetupHandlers(deps: SetupHandlerDeps): Pick<Handlers, 'setup.check' | 'setup.peekCertificate' | 'setup.apply'> {
  const env = deps.env ?? process.env;
  return {
    'setup.check': (input) => checkOnecConnection(input, { db: deps.db, logger: deps.logger }),
    'setup.peekCertificate': ({ url }) => fetchServerCertificate(url),
    'setup.apply': async (input) => {
      if (deps.keychain) {
        await deps.keychain.set(onecAccount(input.url, input.user), input.password);
      } else if (env.PRILAVOK_1C_PASSWORD === undefined) {
        throw new AppError('secret_unavailable', 'На этом компьютере нет хранилища паролей: задайте пароль 1С переменной окружения PRILAVOK_1C_PASSWORD (см. руководство администратора).');
      }
      const userId = deps.actor().userId;
      deps.settings.set(
        { onecUrl: input.url, onecUser: input.user, onecProfile: input.profile, onecProfileNames: input.names, onecCaPem: input.caPem, onecPinSha256: input.pinSha256, onecProxyUrl: input.proxyUrl },
        userId,
      );
      if (deps.keychain) appendAudit(deps.db, { at: deps.clock(), userId, action: 'secret.set', details: { what: 'onec' } });
      deps.events.emit('data.changed', { tables: ['settings'] });
      deps.sync.applySchedule();
      void deps.outbox.sendNow();
      const started = await deps.sync.runNow();
      return { isSyncStarted: started.isStarted || started.isAlreadyRunning };
    },
  };
}
