// Credentials live in the OS keychain — Windows Credential Manager, the macOS Keychain, the Secret
// Service (libsecret) on Linux — through keytar; never in SQLite, the settings, logs or error texts
// (issue #7). Accounts name what the secret opens («1c:<user>@<url>»), so changing the 1C address or
// user never hands an old password to a new server.
import keytar from 'keytar';
import { AppError } from '../errors/app-error';

export const keychainService = 'Prilavok';

export type Keychain = {
  /** null when nothing is stored for the account. */
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** true when something was removed. */
  remove(account: string): Promise<boolean>;
};

/** The account of a 1C connection's password. */
export function onecAccount(url: string, user: string): string {
  return `1c:${user}@${url}`;
}

/** The account of the alert mail server's password. */
export function smtpAccount(host: string, user: string): string {
  return `smtp:${user}@${host}`;
}

/**
 * keytar's own errors (no secret service on the D-Bus, a locked keychain) become one clear AppError;
 * the underlying message is kept as the cause for the log, never shown with the secret.
 */
function unavailable(err: unknown): AppError {
  return new AppError('secret_unavailable', 'Хранилище паролей системы недоступно: пароль не прочитан и не сохранён. Проверьте, что вход в Windows выполнен под пользователем магазина.', { cause: err });
}

export function createKeychain(service = keychainService): Keychain {
  const guarded = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      throw unavailable(err);
    }
  };
  return {
    get: (account) => guarded(() => keytar.getPassword(service, account)),
    set: (account, secret) => guarded(() => keytar.setPassword(service, account, secret)),
    remove: (account) => guarded(() => keytar.deletePassword(service, account)),
  };
}
