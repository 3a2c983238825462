import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { type Logger, silentLogger } from '../logging/logger';
import { backupBeforeMigrating } from './backup';
import { restoreDeferredIndexes } from './deferred-indexes';
import { dbFromFutureError, migrationError } from './db-errors';
import { assertJournalIncreasing, readShippedMigrations } from './journal';
import * as schema from './schema';
import { registerSqlFunctions } from './sql-functions';

export type Orm = BetterSQLite3Database<typeof schema>;

export type AppDb = {
  /** Raw handle for hot-path prepared statements (search, bulk upserts). */
  sqlite: Database.Database;
  orm: Orm;
  path: string;
  /** Tag of the newest applied migration, e.g. "0001_products_fts". */
  schemaVersion: string;
  backupPath: string | null;
  close(): void;
};

export type OpenDatabaseOptions = {
  path: string;
  migrationsFolder: string;
  logger?: Logger;
};

type AppliedRow = { hash: string; created_at: number | string };

/**
 * Opens (creating if needed) the local database and brings its schema up to date, refusing a
 * database written by a newer Prilavok. Nothing else may touch the database before this returns.
 */
export function openDatabase(options: OpenDatabaseOptions): AppDb {
  const logger = options.logger ?? silentLogger;
  const isMemory = options.path === ':memory:';
  if (!isMemory) mkdirSync(dirname(options.path), { recursive: true });
  const isNew = isMemory || !existsSync(options.path);

  const sqlite = new Database(options.path);
  try {
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable against an app crash in WAL mode; only an OS crash can lose the last commits.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    registerSqlFunctions(sqlite);
    // A load that crashed with indexes put off (deferred-indexes.ts): back before anything reads or migrates.
    const restored = restoreDeferredIndexes(sqlite);
    if (restored.length > 0) logger.warn(`re-created ${restored.length} index(es) left out by an interrupted load: ${restored.join(', ')}`);

    const shipped = readShippedMigrations(options.migrationsFolder);
    assertJournalIncreasing(shipped);
    const applied = readApplied(sqlite);
    const shippedHashes = new Set(shipped.map((m) => m.hash));
    const unknown = applied.filter((row) => !shippedHashes.has(row.hash));
    if (unknown.length > 0) throw dbFromFutureError(options.path, unknown.length);

    const lastApplied = applied.reduce((max, row) => Math.max(max, Number(row.created_at)), 0);
    const pending = shipped.filter((m) => m.when > lastApplied);
    let backupPath: string | null = null;
    if (pending.length > 0 && applied.length > 0 && !isMemory) {
      backupPath = backupBeforeMigrating(sqlite, options.path, shipped.filter((m) => m.when <= lastApplied).at(-1)?.tag);
      logger.info(`backup before ${pending.length} migration(s): ${backupPath}`);
    }

    const orm = drizzle({ client: sqlite, schema, casing: 'snake_case' });
    if (pending.length > 0) {
      try {
        // drizzle's migrator runs all pending migrations in one transaction.
        migrate(orm, { migrationsFolder: options.migrationsFolder });
      } catch (err) {
        throw migrationError(`Не удалось обновить структуру базы ${options.path}; база оставлена как была`, err);
      }
      logger.info(`applied ${pending.length} migration(s)${isNew ? ' to a new database' : ''}`);
    }

    return {
      sqlite,
      orm,
      path: options.path,
      schemaVersion: shipped.at(-1)?.tag ?? 'empty',
      backupPath,
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

function readApplied(sqlite: Database.Database): AppliedRow[] {
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) return [];
  return sqlite.prepare('SELECT hash, created_at FROM __drizzle_migrations').all() as AppliedRow[];
}
