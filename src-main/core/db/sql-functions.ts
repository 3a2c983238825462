import type Database from 'better-sqlite3';
import { productSortKey } from '../inventory/product-sort-key';

/**
 * Functions our triggers and migrations call. Registered on every connection before migrating;
 * a tool that opens the file without them can read it but not insert products.
 */
export function registerSqlFunctions(sqlite: Database.Database): void {
  sqlite.function('ru_sort_key', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? productSortKey(value) : null,
  );
}
