// Test support for CLI tests: the command line run in this process with recorded streams, and a
// store database synced once from an emulator and copied per test.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSyncedStore } from '../core/outbox/testing/synced-store';
import { makeTempDir, repoMigrationsFolder } from '../core/testing/temp-db';
import { type OnecEmulator } from '../onec-emulator/emulator';
import { type CliIo } from './cli-io';
import { main } from './main';

export type CliRun = { code: number; stdout: string; stderr: string };

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
