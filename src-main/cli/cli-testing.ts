// Test support for CLI tests: the command line run in this process with recorded streams (or in a
// child process), and a store database synced once from an emulator and copied per test.
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openSyncedStore } from '../core/outbox/testing/synced-store';
import { makeTempDir, repoMigrationsFolder } from '../core/testing/temp-db';
import { type OnecEmulator } from '../onec-emulator/emulator';
import { type CliIo } from './cli-io';
import { main } from './main';

export type CliRun = { code: number; stdout: string; stderr: string };

const repoRoot = resolve(__dirname, '../..');

/** Runs `prilavok argv…` in this process; PRILAVOK_DATA_DIR points at `dataDir` so no real database is touched. */
export async function runCli(argv: readonly string[], options: { env?: Record<string, string | undefined>; cwd: string; dataDir: string }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: { PRILAVOK_DATA_DIR: options.dataDir, ...options.env },
    cwd: options.cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export type CliProcessRun = { code: number | null; stdout: string; stderr: string };

/** The real CLI in a child process, as a scheduled task would run it; `env` is laid over this process's. Killed after 60 s. */
export function runCliProcess(argv: readonly string[], env: Record<string, string | undefined>): Promise<CliProcessRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', ...argv], { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/**
 * Syncs a template database from the emulator once; `copy()` gives each test its own file (a fresh
 * sync per test would cost ~0.5 s each). Call `cleanup()` after all tests.
 */
export async function syncedTemplate(emulator: OnecEmulator): Promise<{ copy(dir: string): string; cleanup(): void }> {
  const temp = makeTempDir('prilavok-cli-template-');
  const template = join(temp.dir, 'template.db');
  const db = await openSyncedStore(
    { baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password, profile: emulator.profile },
    template,
    repoMigrationsFolder,
  );
  // Closing checkpoints the WAL into the main file, so copying that one file is enough.
  db.close();
  return {
    copy(dir) {
      const path = join(dir, 'store.db');
      copyFileSync(template, path);
      return path;
    },
    cleanup: temp.cleanup,
  };
}
