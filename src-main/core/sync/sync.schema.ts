import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { epochMs } from '../db/columns';

export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: text().primaryKey(),
    job: text().notNull(),
    startedAt: epochMs().notNull(),
    finishedAt: epochMs(),
    status: text({ enum: ['running', 'ok', 'failed', 'cancelled'] }).notNull(),
    /** {fetched, inserted, updated, deleted, unchanged} */
    countsJson: text().notNull().default('{}'),
    bytes: integer().notNull().default(0),
    errorCode: text(),
    errorMessage: text(),
  },
  (t) => [index('sync_runs_job_started').on(t.job, t.startedAt)],
);

/** Per pull job: where it stopped. The cursor moves only after the page it describes is committed. */
export const syncState = sqliteTable('sync_state', {
  job: text().primaryKey(),
  cursor: text(),
  lastSuccessAt: epochMs(),
  lastErrorAt: epochMs(),
  lastErrorCode: text(),
  lastErrorMessage: text(),
  countsJson: text().notNull().default('{}'),
});

/**
 * One row while the products search index (products_fts) is not kept row by row: a first full
 * catalog load skips the per-row FTS writes of the triggers (they made it ~3× slower) and the index
 * is built afterwards in chunks (sync/search-index.ts). Being in the database, the mark survives a
 * crash, and the next run goes on from the chunk the crash interrupted.
 */
export const searchIndexDeferred = sqliteTable('search_index_deferred', {
  id: integer().primaryKey(),
  since: epochMs().notNull(),
  /**
   * The index is built in chunks of product ids while the run waits on 1C (D33): products with an id
   * below this are indexed, and the triggers keep exactly those current.
   */
  builtBelow: integer().notNull().default(0),
});

/**
 * Secondary (non-unique) indexes dropped while a mirror table is loaded from empty, with the SQL that
 * re-creates them (db/deferred-indexes.ts). A first pull inserts ~2 million rows in random key order;
 * kept row by row these indexes cost a sixth of the pull's CPU, built once at the end they cost a
 * tenth of that. Being in the database, a mark survives a crash: opening the database re-creates the
 * index before anything else runs.
 */
export const deferredIndexes = sqliteTable('deferred_indexes', {
  name: text().primaryKey(),
  tableName: text().notNull(),
  sql: text().notNull(),
  since: epochMs().notNull(),
});
