// Test support: a database written by the app as it was before a migration, then opened by the current app.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type AppDb, openDatabase } from '../db/open';
import { repoMigrationsFolder } from './temp-db';

type Journal = { entries: Array<{ tag: string }> };

/**
 * Signal's recipe for a migration test: the app as of the migrations before the one numbered
 * `migration` (e.g. '0009') creates `dir`/upgrade.db and `seed` writes into it; the database is then
 * opened with all of the repo's migrations, as the current app opens it. The caller closes it.
 */
export function openUpgradedDatabase(dir: string, migration: string, seed: (old: AppDb['sqlite']) => void): AppDb {
  const journal = JSON.parse(readFileSync(join(repoMigrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
  const upTo = journal.entries.findIndex((e) => e.tag.startsWith(`${migration}_`));
  expect(upTo).toBeGreaterThan(0);
  const oldFolder = join(dir, `migrations-before-${migration}`);
  mkdirSync(join(oldFolder, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, upTo);
  writeFileSync(join(oldFolder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const entry of entries) copyFileSync(join(repoMigrationsFolder, `${entry.tag}.sql`), join(oldFolder, `${entry.tag}.sql`));

  const path = join(dir, 'upgrade.db');
  const old = openDatabase({ path, migrationsFolder: oldFolder });
  seed(old.sqlite);
  old.close();

  return openDatabase({ path, migrationsFolder: repoMigrationsFolder });
}
