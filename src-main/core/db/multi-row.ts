// Thousands of rows through one statement shape, `… VALUES (row), (row), … [tail]`, 50 rows per run:
// a better-sqlite3 run per row costs more than the row's own work in SQLite (binding, stepping and
// resetting a statement from JS), so the alert evaluator writes its 10,000s of rows this way.
// Multi-row VALUES rather than one JSON argument: SQLite would parse the JSON once per column.
import type Database from 'better-sqlite3';
import { type AppDb } from './open';
import { cachedStatement } from './statement-cache';

/** Rows per run: 50 rows of up to a dozen columns stay far below SQLite's 32,766 parameters. */
export const multiRowBatch = 50;

/**
 * Runs `head VALUES rowSql, rowSql, … tail` over `rows` in order, `multiRowBatch` rows per run (the
 * rest one by one); `run` gets the statement, its parameters and the batch's rows as [start, end).
 */
export function forEachMultiRowBatch(
  db: AppDb,
  head: string,
  rowSql: string,
  rows: readonly (readonly unknown[])[],
  tail: string,
  run: (statement: Database.Statement, params: unknown[], start: number, end: number) => void,
): void {
  const suffix = tail === '' ? '' : ` ${tail}`;
  let start = 0;
  if (rows.length >= multiRowBatch) {
    const full = cachedStatement(db, `${head} VALUES ${Array.from({ length: multiRowBatch }, () => rowSql).join(', ')}${suffix}`);
    // One parameter array, refilled for every run (the statement reads it synchronously): slicing
    // and flattening the rows per run cost a tenth of the inserts themselves.
    const params: unknown[] = [];
    for (; start + multiRowBatch <= rows.length; start += multiRowBatch) {
      let at = 0;
      for (let i = start; i < start + multiRowBatch; i += 1) {
        const row = rows[i] ?? [];
        for (let c = 0; c < row.length; c += 1) params[at++] = row[c];
      }
      params.length = at;
      run(full, params, start, start + multiRowBatch);
    }
  }
  if (start < rows.length) {
    const one = cachedStatement(db, `${head} VALUES ${rowSql}${suffix}`);
    for (; start < rows.length; start += 1) run(one, [...(rows[start] ?? [])], start, start + 1);
  }
}

/** Runs `head VALUES rowSql, rowSql, … tail` over `rows` in order (statements prepared once per connection). */
export function runMultiRow(db: AppDb, head: string, rowSql: string, rows: readonly (readonly unknown[])[], tail = ''): void {
  forEachMultiRowBatch(db, head, rowSql, rows, tail, (statement, params) => statement.run(params));
}
