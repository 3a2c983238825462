import type Database from 'better-sqlite3';
import { type AppDb } from './open';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Prepared statements are reused per connection: preparing costs as much as running a small query. */
export function cachedStatement(db: AppDb, sql: string): Database.Statement {
  let cache = caches.get(db.sqlite);
  if (!cache) {
    cache = new Map();
    caches.set(db.sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.sqlite.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
