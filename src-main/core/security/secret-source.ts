// Where the app's passwords come from: an environment variable first (scripts, `npm run demo`, CI,
// the CLI), then the OS keychain under the account of what it opens (keychain.ts).
import { type AlertSettingsService } from '../alerts/delivery-settings.service';
import { type SecretSource } from '../app/sync-controller';
import { type SettingsService } from '../settings/settings.service';
import { type Keychain, onecAccount, smtpAccount } from './keychain';

export type SecretAccounts = {
  /** The 1C connection's account, null while no 1C address or user is set. */
  onec(): string | null;
  /** The alert mail server's account, null while no server or user is set. */
  smtp(): string | null;
};

/** The accounts of the passwords the current settings need (keychain.ts names them). */
export function secretAccounts(settings: Pick<SettingsService, 'get'>, alertSettings: Pick<AlertSettingsService, 'get'>): SecretAccounts {
  return {
    onec: () => {
      const { onecUrl, onecUser } = settings.get();
      return onecUrl === '' || onecUser === '' ? null : onecAccount(onecUrl, onecUser);
    },
    smtp: () => {
      const email = alertSettings.get().email;
      return email === null || email.user === null || email.user === '' ? null : smtpAccount(email.host, email.user);
    },
  };
}

export function createSecretSource(keychain: Keychain | null, accounts: SecretAccounts, env: NodeJS.ProcessEnv = process.env): SecretSource {
  const read = async (variable: string, account: string | null): Promise<string | null> => {
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    return keychain && account !== null ? keychain.get(account) : null;
  };
  return {
    onecPassword: () => read('PRILAVOK_1C_PASSWORD', accounts.onec()),
    smtpPassword: () => read('PRILAVOK_SMTP_PASSWORD', accounts.smtp()),
  };
}
