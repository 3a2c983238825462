// Test support: real SQLite files in a fresh temp folder, migrated exactly as the app does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type AppDb, openDatabase } from '../db/open';

export const repoMigrationsFolder = resolve(__dirname, '../../../migrations');

export function makeTempDir(prefix = 'prilavok-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTempDb(): { db: AppDb; dir: string; cleanup(): void } {
  const temp = makeTempDir();
  const db = openDatabase({ path: join(temp.dir, 'test.db'), migrationsFolder: repoMigrationsFolder });
  return {
    db,
    dir: temp.dir,
    cleanup: () => {
      db.close();
      temp.cleanup();
    },
  };
}
