import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';

const keepBackups = 3;

/**
 * A consistent copy of the database (VACUUM INTO works while the WAL holds uncheckpointed pages)
 * next to it, taken before migrations change the schema. Keeps the newest few.
 */
export function backupBeforeMigrating(sqlite: Database.Database, dbPath: string, fromTag: string | undefined): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${dbPath}.backup-${fromTag ?? 'initial'}-${stamp}`;
  sqlite.prepare('VACUUM INTO ?').run(target);
  pruneOldBackups(dbPath);
  return target;
}

function pruneOldBackups(dbPath: string): void {
  const prefix = `${basename(dbPath)}.backup-`;
  const dir = dirname(dbPath);
  const backups = readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .sort();
  for (const name of backups.slice(0, Math.max(0, backups.length - keepBackups))) {
    rmSync(join(dir, name), { force: true });
  }
}
