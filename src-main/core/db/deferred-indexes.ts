// Secondary indexes put off while a mirror table is loaded from empty (decisions D32). A first pull
// inserts ~2 million rows whose product, name, code and warehouse keys come in random order; every
// non-unique index then takes a random B-tree insert per row, which at 200,000 products cost ~5 s of
// the pull's CPU. Built once after the load (a sort), the same indexes cost ~1.7 s. Unique indexes
// stay: writes rely on them (INSERT OR IGNORE, ON CONFLICT, lookups by 1C ref or code).
//
// The index's own SQL is read back from sqlite_master and kept in `deferred_indexes`, so the
// migrations stay the one definition, and the mark survives a crash: opening the database re-creates
// what a crashed load left out (open.ts), before any migration could trip over a missing index.
import type Database from 'better-sqlite3';

/** Mirror tables a pull loads in bulk; no other table is ever touched here. */
export type DeferrableTable = 'products' | 'barcodes' | 'prices' | 'stock' | 'movements';
const deferrableTables: ReadonlySet<string> = new Set<DeferrableTable>(['products', 'barcodes', 'prices', 'stock', 'movements']);

/** `tables` as a JSON array for json_each; every deferrable table when omitted (no other is ever marked). */
const tablesJson = (tables: readonly DeferrableTable[] | undefined): string => JSON.stringify(tables ?? [...deferrableTables]);

type IndexListRow = { name: string; unique: number; origin: string; partial: number };

function hasMarksTable(sqlite: Database.Database): boolean {
  return sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deferred_indexes'").get() !== undefined;
}

/**
 * When `table` has no rows, drops its non-unique indexes (those made by CREATE INDEX) and remembers
 * them. Call inside the transaction of the first page written into the table, so a rolled-back page
 * takes the drop back with it. Returns how many indexes were put off (0 when the table has rows).
 */
export function deferIndexesWhileEmpty(sqlite: Database.Database, table: DeferrableTable, now: number): number {
  if (!deferrableTables.has(table)) throw new Error(`deferIndexesWhileEmpty: ${table} is not a bulk-loaded mirror table`);
  if (sqlite.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined) return 0;
  const indexes = (sqlite.prepare(`PRAGMA index_list(${table})`).all() as IndexListRow[]).filter((i) => i.origin === 'c' && i.unique === 0);
  const readSql = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck();
  const mark = sqlite.prepare('INSERT OR REPLACE INTO deferred_indexes (name, table_name, sql, since) VALUES (?, ?, ?, ?)');
  for (const index of indexes) {
    const sql = readSql.get(index.name);
    if (typeof sql !== 'string') continue;
    mark.run(index.name, table, sql, now);
    sqlite.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
  }
  return indexes.length;
}

/** Whether any index of `tables` (of any table when omitted) is put off. */
export function hasDeferredIndexes(sqlite: Database.Database, tables?: readonly DeferrableTable[]): boolean {
  if (!hasMarksTable(sqlite)) return false;
  return sqlite.prepare('SELECT 1 FROM deferred_indexes WHERE table_name IN (SELECT value FROM json_each(?)) LIMIT 1').get(tablesJson(tables)) !== undefined;
}

/**
 * Re-creates one put-off index of `tables` (any when omitted) and clears its mark, in one transaction;
 * returns its name, or null when none is left. An index that exists again (made by hand, say) only
 * loses its mark. One at a time, so the run can fit each into a wait on 1C (D33).
 */
export function restoreNextDeferredIndex(sqlite: Database.Database, tables?: readonly DeferrableTable[]): string | null {
  if (!hasMarksTable(sqlite)) return null;
  return sqlite.transaction((): string | null => {
    const mark = sqlite
      .prepare('SELECT name, sql FROM deferred_indexes WHERE table_name IN (SELECT value FROM json_each(?)) ORDER BY table_name, name LIMIT 1')
      .get(tablesJson(tables)) as { name: string; sql: string } | undefined;
    if (!mark) return null;
    if (sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(mark.name) === undefined) sqlite.exec(mark.sql);
    sqlite.prepare('DELETE FROM deferred_indexes WHERE name = ?').run(mark.name);
    return mark.name;
  })();
}

/** Re-creates every put-off index of `tables` (all when omitted); returns their names. */
export function restoreDeferredIndexes(sqlite: Database.Database, tables?: readonly DeferrableTable[]): string[] {
  const names: string[] = [];
  for (let name = restoreNextDeferredIndex(sqlite, tables); name !== null; name = restoreNextDeferredIndex(sqlite, tables)) names.push(name);
  return names;
}
