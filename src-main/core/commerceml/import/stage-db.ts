// The staging area of one exchange: a scratch SQLite file ATTACHed to the app's connection for the
// length of the import. Parsed rows are written there in chunked transactions while the files are
// read, so memory stays flat however big the files are; the mirror is then changed from it with
// set-based statements in one final transaction (apply-exchange.ts). A file of our own rather than
// TEMP tables: its disk space is given back when the import ends (the temp database of a connection
// only grows until the app closes), and its pragmas (no sync, bounded cache) touch nothing else.
import type Database from 'better-sqlite3';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AppDb } from '../../db/open';
import { AppError } from '../../errors/app-error';

export type StageDb = {
  /** Schema name of the attached file, to qualify table names: `${schema}.products`. */
  schema: string;
  sqlite: Database.Database;
  /** Runs `fn` in one transaction of its own (a chunk of staged rows). */
  chunk(fn: () => void): void;
  /** Before the final transaction: from here on the stage may be rolled back with it (a dry run). */
  prepareForApply(): void;
  /** Detaches and deletes the file. */
  close(): void;
};

let attachCounter = 0;
const stagePrefix = '.prilavok-cml-stage-';

/**
 * Staging files left by a process that ended mid-import. Best effort: a file another running
 * process still has open survives its unlinking on Linux and refuses it on Windows, and either way
 * that process's import goes on.
 */
function removeLeftovers(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return; // No listing, nothing to tidy: the import itself will say if the folder is unusable.
  }
  for (const name of names) {
    if (!name.startsWith(stagePrefix) || name.startsWith(`${stagePrefix}${process.pid}-`)) continue;
    try {
      rmSync(join(folder, name), { force: true });
    } catch {
      // Still open in another process (Windows): left for later.
    }
  }
}

// Heaps, not keyed tables: rows are appended as they are parsed (a keyed insert of random GUIDs
// costs ~4× as much), and each kind is de-duplicated once, sorted, when the exchange is applied
// (the last row for a key wins: the last file of an exchange says the latest).
const stageTables = (s: string): string => `
  CREATE TABLE ${s}.products (
    kind INTEGER NOT NULL, ref TEXT NOT NULL, name TEXT, code TEXT, article TEXT, group_ref TEXT, unit_key TEXT, vat TEXT,
    is_deleted INTEGER NOT NULL, file INTEGER, line INTEGER, col INTEGER);
  CREATE TABLE ${s}.characteristics (
    ref TEXT NOT NULL, product_ref TEXT NOT NULL, name TEXT, name_rank INTEGER NOT NULL, is_deleted INTEGER NOT NULL,
    file INTEGER, line INTEGER, col INTEGER);
  CREATE TABLE ${s}.barcodes (code TEXT NOT NULL, product_ref TEXT NOT NULL, char_ref TEXT NOT NULL, file INTEGER, line INTEGER, col INTEGER);
  CREATE TABLE ${s}.prices (
    product_ref TEXT NOT NULL, char_ref TEXT NOT NULL, type_ref TEXT NOT NULL, price INTEGER NOT NULL, period INTEGER NOT NULL,
    file INTEGER, line INTEGER, col INTEGER);
  CREATE TABLE ${s}.stock (
    product_ref TEXT NOT NULL, char_ref TEXT NOT NULL, wh_ref TEXT NOT NULL, qty INTEGER NOT NULL, as_of INTEGER NOT NULL,
    file INTEGER, line INTEGER, col INTEGER);
  CREATE TABLE ${s}.unit_map (key TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
`;

/**
 * Attaches a fresh staging file beside the database (or in the temp folder for an in-memory one).
 * Must be called outside any transaction (SQLite refuses ATTACH inside one).
 */
export function openStage(db: AppDb): StageDb {
  if (db.sqlite.inTransaction) throw new AppError('conflict', 'Импорт CommerceML не начат: база занята другой операцией, повторите позже.');
  attachCounter += 1;
  const schema = `cml_stage_${attachCounter}`;
  const folder = db.path === ':memory:' || db.path === '' ? tmpdir() : dirname(db.path);
  removeLeftovers(folder);
  const path = join(folder, `${stagePrefix}${process.pid}-${attachCounter}.db`);
  db.sqlite.prepare('ATTACH DATABASE ? AS ' + schema).run(path);
  try {
    // The stage is thrown away after the import: no syncing, no rollback journal while rows are
    // staged (a failure discards the whole file), a bounded page cache.
    db.sqlite.exec(`PRAGMA ${schema}.journal_mode = OFF; PRAGMA ${schema}.synchronous = OFF; PRAGMA ${schema}.cache_size = -16000;`);
    db.sqlite.exec(stageTables(schema));
  } catch (err) {
    db.sqlite.exec(`DETACH DATABASE ${schema}`);
    rmSync(path, { force: true });
    throw err;
  }
  let isClosed = false;
  return {
    schema,
    sqlite: db.sqlite,
    chunk(fn) {
      db.sqlite.transaction(fn)();
    },
    prepareForApply() {
      // The final transaction writes its resolved tables here and may roll back (a dry run does):
      // that needs a journal; an in-memory one costs little, as it only writes new tables.
      db.sqlite.exec(`PRAGMA ${schema}.journal_mode = MEMORY`);
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      try {
        db.sqlite.exec(`DETACH DATABASE ${schema}`);
      } finally {
        rmSync(path, { force: true });
        rmSync(`${path}-journal`, { force: true });
      }
    },
  };
}
