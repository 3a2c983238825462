import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestInfo } from '@playwright/test';
import { type JsonLineProcess, stopProcess, waitForJsonLine } from './child-process';
import { repoRoot, webEntry } from './e2e-paths';

export type RunningHost = {
  /** The tokenised address the host printed; opening it sets the auth cookie. */
  url: string;
  origin: string;
  token: string;
  port: number;
  dbPath: string;
};

type HostProcess = JsonLineProcess;

/** How a test wants its host started; the default is the seed copy and the runner's environment. */
export type HostOptions = {
  /**
   * A fresh, empty database instead of the seed copy: for tests whose data must come from 1C, so
   * that what shows is what the sync pulled and not the demo catalog.
   */
  isEmptyDb?: boolean;
  /** Extra environment for the host process (e.g. PRILAVOK_1C_PASSWORD). */
  env?: Record<string, string>;
  /**
   * Run the host with `--keychain os` inside its own D-Bus session with an unlocked gnome-keyring:
   * passwords go to a real Secret Service, as on a desktop.
   */
  isOsKeychain?: boolean;
};

const startTimeoutMs = 30_000;

/** Copies the seed database (with its WAL, if the generator left one) into a fresh folder. */
export async function copySeed(seedDir: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'prilavok-e2e-'));
  for (const suffix of ['', '-wal']) {
    const from = join(seedDir, `seed.db${suffix}`);
    if (existsSync(from)) await copyFile(from, join(dir, `seed.db${suffix}`));
  }
  return join(dir, 'seed.db');
}

async function emptyDbPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'prilavok-e2e-empty-'));
  // The host creates and migrates it on start.
  return join(dir, 'prilavok.db');
}

/**
 * Runs `node out/main/web.js` on a private copy of the seed database (or an empty one) for one
 * test, and on failure attaches the host's stderr and log files to the test's output.
 */
export async function withWebHost(
  seedDir: string,
  testInfo: TestInfo,
  use: (host: RunningHost) => Promise<void>,
  options: HostOptions = {},
): Promise<void> {
  const dbPath = options.isEmptyDb ? await emptyDbPath() : await copySeed(seedDir);
  const dir = join(dbPath, '..');
  let stderr = '';
  // --check-output: the host also parses every answer against the contract, so a handler returning
  // the wrong shape fails the test instead of being papered over by the renderer.
  const hostArgs = [webEntry, '--db', dbPath, '--port', '0', '--check-output'];
  // The daemon unlocks a fresh login keyring in this test's folder and exports its address to node.
  const keyringShell = `eval "$(printf 'keyring-unlock' | gnome-keyring-daemon --unlock --components=secrets)"; exec "$0" "$@"`;
  const [command, args] = options.isOsKeychain
    ? ['dbus-run-session', ['--', 'bash', '-c', keyringShell, process.execPath, ...hostArgs, '--keychain', 'os']]
    : [process.execPath, hostArgs];
  const keyringEnv = options.isOsKeychain ? { HOME: dir, XDG_DATA_HOME: join(dir, 'keyring-data'), XDG_RUNTIME_DIR: dir } : {};
  const child: HostProcess = spawn(command, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...keyringEnv, ...options.env },
    detached: options.isOsKeychain === true,
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  try {
    const ready = await waitForJsonLine<Omit<RunningHost, 'dbPath' | 'origin'>>(child, 'web host', startTimeoutMs, () => stderr);
    await use({ ...ready, origin: new URL(ready.url).origin, dbPath });
  } finally {
    await stopProcess(child, { isGroup: options.isOsKeychain === true });
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('web-host.stderr.txt', { body: stderr || '(empty)', contentType: 'text/plain' });
      const logsDir = join(dir, 'logs');
      if (existsSync(logsDir)) {
        for (const name of await readdir(logsDir)) {
          await testInfo.attach(`web-host-${name}`, { body: await readFile(join(logsDir, name)), contentType: 'text/plain' });
        }
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
}
