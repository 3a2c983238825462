// Where the app's passwords come from: an environment variable first (scripts, `npm run demo`, CI,
// the CLI), then the OS keychain under the account of what it opens (keychain.ts).
import { type SecretSource } from '../app/sync-controller';
import { type Keychain } from './keychain';

export type SecretAccounts = {
  /** The 1C connection's account, null while no 1C address or user is set. */
  onec(): string | null;
  /** The alert mail server's account, null while no server or user is set. */
  smtp(): string | null;
};

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
