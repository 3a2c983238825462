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
