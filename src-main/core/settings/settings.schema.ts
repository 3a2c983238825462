import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { epochMs } from '../db/columns';

/** Key → JSON value. Never secrets (those live in the OS keychain). */
export const settings = sqliteTable('settings', {
  key: text().primaryKey(),
  valueJson: text().notNull(),
  updatedAt: epochMs().notNull(),
});
