// Runs inside `dbus-run-session` with a fresh gnome-keyring (keychain.test.ts): a round trip through
// the real Secret Service, printed as JSON. Never prints the secret itself, only comparisons.
import { createKeychain, onecAccount } from '../keychain';

async function main(): Promise<void> {
  const [service = '', secret = ''] = process.argv.slice(2);
  const keychain = createKeychain(service);
  const account = onecAccount('http://1c.local/ut', 'Кладовщик Иванов');
  const before = await keychain.get(account);
  await keychain.set(account, secret);
  const isRoundTrip = (await keychain.get(account)) === secret;
  await keychain.set(account, `${secret}-2`);
  const isReplaced = (await keychain.get(account)) === `${secret}-2`;
  const otherAccount = await keychain.get(onecAccount('http://1c.local/ut', 'Кладовщик Петров'));
  const isRemoved = await keychain.remove(account);
  const after = await keychain.get(account);
  const isRemovedAgain = await keychain.remove(account);
  process.stdout.write(`${JSON.stringify({ before, isRoundTrip, isReplaced, otherAccount, isRemoved, after, isRemovedAgain })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`);
  process.exitCode = 1;
});
