// The password channels: into the keychain, never out. The audit log records that a password was
// set, never the password.
import { type SecretsStatus } from '../../../src-preload/contract';
import { type AlertSettingsService } from '../alerts/delivery-settings.service';
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { appendAudit } from '../security/audit-log.repo';
import { type Keychain } from '../security/keychain';
import { secretAccounts } from '../security/secret-source';
import { type SettingsService } from '../settings/settings.service';
import { type Actor } from '../security/desk-session';
import { type Handlers } from './dispatch';

export type SecretHandlerDeps = {
  /** Who acts now (desk-session.ts): recorded on every audited change. */
  actor: () => Actor;
  db: AppDb;
  keychain: Keychain | null;
  settings: SettingsService;
  alertSettings: AlertSettingsService;
  clock: () => number;
};

type SecretChannel = 'secrets.status' | 'secrets.setOnecPassword' | 'secrets.setSmtpPassword';

export function createSecretHandlers(deps: SecretHandlerDeps): Pick<Handlers, SecretChannel> {
  const accounts = secretAccounts(deps.settings, deps.alertSettings);
  const status = async (): Promise<SecretsStatus> => {
    const { keychain } = deps;
    if (!keychain) return { isKeychainAvailable: false, onecPasswordStored: false, smtpPasswordStored: false };
    const onec = accounts.onec();
    const smtp = accounts.smtp();
    return {
      isKeychainAvailable: true,
      onecPasswordStored: onec !== null && (await keychain.get(onec)) !== null,
      smtpPasswordStored: smtp !== null && (await keychain.get(smtp)) !== null,
    };
  };
  const store = async (account: string | null, missing: string, password: string, what: string): Promise<SecretsStatus> => {
    const { keychain } = deps;
    if (!keychain) throw new AppError('secret_unavailable', 'На этом компьютере нет хранилища паролей: задайте пароль переменной окружения (см. руководство администратора).');
    if (account === null) throw new AppError('validation', missing);
    await keychain.set(account, password);
    appendAudit(deps.db, { at: deps.clock(), userId: deps.actor().userId, action: 'secret.set', details: { what } });
    return status();
  };
  return {
    'secrets.status': () => status(),
    'secrets.setOnecPassword': ({ password }) => store(accounts.onec(), 'Сначала укажите адрес 1С и пользователя.', password, 'onec'),
    'secrets.setSmtpPassword': ({ password }) => store(accounts.smtp(), 'Сначала укажите почтовый сервер и пользователя.', password, 'smtp'),
  };
}
