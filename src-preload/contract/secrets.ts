// Passwords go one way: the admin types them, the core puts them into the OS keychain. No channel
// ever returns a password; status says only whether one is stored.
import { z } from 'zod';

const password = z.string().min(1, 'введите пароль').max(256);

export const secretsStatus = z.object({
  /** A keychain exists on this PC (the web host and the CLI use environment variables instead). */
  isKeychainAvailable: z.boolean(),
  onecPasswordStored: z.boolean(),
  smtpPasswordStored: z.boolean(),
});
export type SecretsStatus = z.infer<typeof secretsStatus>;

export const secretsContract = {
  'secrets.status': { input: z.strictObject({}), output: secretsStatus },
  /** For the 1C address and user in the settings; a changed address or user needs the password again. */
  'secrets.setOnecPassword': { input: z.strictObject({ password }), output: secretsStatus },
  /** For the mail server and user in the alert delivery settings. */
  'secrets.setSmtpPassword': { input: z.strictObject({ password }), output: secretsStatus },
} as const;
