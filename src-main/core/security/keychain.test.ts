// keytar against a real Secret Service: a private D-Bus session with gnome-keyring (the packages
// .ci/run installs), not a mock. The child process owns the session, so nothing leaks to the host.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeychain } from './keychain';

const run = promisify(execFile);
const tsx = resolve(__dirname, '../../../node_modules/tsx/dist/cli.mjs');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Runs a testing/ script in its own D-Bus session with a fresh, unlocked gnome-keyring; its last stdout line as JSON. */
async function inKeyringSession(script: string, args: string[]): Promise<unknown> {
  const home = mkdtempSync(join(tmpdir(), 'prilavok-keyring-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  // The daemon creates and unlocks a login keyring with this password; its variables go to node.
  const shell = `eval "$(printf 'keyring-unlock' | gnome-keyring-daemon --unlock --components=secrets)"; exec "$0" "$@"`;
  const { stdout } = await run('dbus-run-session', ['--', 'bash', '-c', shell, process.execPath, tsx, resolve(__dirname, 'testing', script), ...args], {
    env: { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_RUNTIME_DIR: home },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

describe('keychain (keytar + gnome-keyring in dbus-run-session)', () => {
  it('stores, replaces and removes a password under a Cyrillic user name, per account', async () => {
    expect(await inKeyringSession('keychain-child.ts', ['Prilavok-test', 'пароль-Секрет-42'])).toEqual({
      before: null,
      isRoundTrip: true,
      isReplaced: true,
      otherAccount: null,
      isRemoved: true,
      after: null,
      isRemovedAgain: false,
    });
  }, 90_000);

  it('takes the 1C password through the contract into the keychain, syncs with it, and writes it nowhere', async () => {
    expect(await inKeyringSession('secrets-child.ts', ['Prilavok-test', 'пароль-Секрет-42'])).toEqual({
      // No 1C address yet: there is no account to store it under.
      early: { ok: false, error: { code: 'validation', message: 'Сначала укажите адрес 1С и пользователя.' } },
      statusBefore: { ok: true, value: { isKeychainAvailable: true, onecPasswordStored: false, smtpPasswordStored: false } },
      stored: { ok: true, value: { isKeychainAvailable: true, onecPasswordStored: true, smtpPasswordStored: false } },
      syncOk: true,
      leaks: 0,
    });
  }, 90_000);

  it('says the keychain is unavailable, without the secret, when there is no Secret Service', async () => {
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/prilavok-bus';
    cleanups.push(() => {
      if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    });
    const error = await createKeychain('Prilavok-test')
      .set('1c:Кладовщик@http://1c.local/ut', 'пароль-Секрет-42')
      .then(() => null, (err: unknown) => err as Error & { code?: string });
    expect(error?.code).toBe('secret_unavailable');
    expect(error?.message).toContain('Хранилище паролей');
    expect(error?.message).not.toContain('пароль-Секрет-42');
  });
});
