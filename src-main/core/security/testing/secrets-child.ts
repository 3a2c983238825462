// Runs inside `dbus-run-session` with a fresh gnome-keyring (secrets.test.ts): an admin sets the 1C
// password through the contract, a sync against the emulator uses it from the keychain, and then
// the database files and the log are searched for it. Prints JSON; never prints the password.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOnecEmulator } from '../../../onec-emulator/emulator';
import { createCore } from '../../app/create-core';
import { findMigrationsFolder } from '../../app/paths';
import { type Logger } from '../../logging/logger';
import { createKeychain } from '../keychain';

async function main(): Promise<void> {
  const [service = '', password = ''] = process.argv.slice(2);
  delete process.env.PRILAVOK_1C_PASSWORD;
  const dir = mkdtempSync(join(tmpdir(), 'prilavok-secrets-'));
  const lines: string[] = [];
  const push = (line: string): void => void lines.push(line);
  const logger: Logger = { debug: push, info: push, warn: push, error: push };
  const emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 40, password });
  const core = createCore({
    dbPath: join(dir, 'prilavok.db'),
    migrationsFolder: findMigrationsFolder(__dirname),
    logger,
    host: 'web',
    version: 'test',
    keychain: createKeychain(service),
    isOutboxRunning: false,
    isDevicesRunning: false,
    isAlertsRunning: false,
  });
  try {
    const early = await core.dispatch('secrets.setOnecPassword', { password });
    const statusBefore = await core.dispatch('secrets.status', {});
    await core.dispatch('settings.set', { onecUrl: emulator.baseUrl, onecUser: emulator.user, onecProfile: 'ut11' });
    const stored = await core.dispatch('secrets.setOnecPassword', { password });
    const finished = new Promise<{ isOk: boolean }>((resolve) => {
      core.events.subscribe((event, payload) => {
        if (event === 'sync.finished') resolve(payload as { isOk: boolean });
      });
    });
    await core.dispatch('sync.runNow', { jobs: ['warehouses'] });
    const sync = await finished;
    await core.close();
    await emulator.close();
    // Everything the app wrote: the database, its WAL and shared memory, the log lines.
    const needles = [password, Buffer.from(`${emulator.user}:${password}`).toString('base64')];
    const written = [...readdirSync(dir).map((name) => readFileSync(join(dir, name)).toString('utf8')), lines.join('\n')];
    const leaks = needles.filter((needle) => written.some((text) => text.includes(needle))).length;
    process.stdout.write(`${JSON.stringify({ early, statusBefore, stored, syncOk: sync.isOk, leaks })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`);
  process.exitCode = 1;
});
