// The products search index (products_fts) during a first full catalog load. Kept row by row, the
// triggers of migration 0001 made that load ~3× slower (each FTS write runs under its own savepoint
// and flushes a tiny segment; each barcode rewrote its product's whole FTS row). So an empty
// catalog is loaded with the index deferred (the triggers test for the mark), and the index is built
// in one statement when the run ends. The mark is in the database: after a crash the next run's
// end builds it.
import { type AppDb } from '../db/open';

export function isSearchIndexDeferred(db: AppDb): boolean {
  return db.sqlite.prepare('SELECT 1 FROM search_index_deferred').get() !== undefined;
}

/** Call inside the transaction of the first page written without the index. */
export function deferSearchIndex(db: AppDb, now: number): void {
  db.sqlite.prepare('INSERT OR IGNORE INTO search_index_deferred (id, since) VALUES (1, ?)').run(now);
}

/** Builds the whole index in one transaction and clears the mark; false when it was not deferred. */
export function rebuildDeferredSearchIndex(db: AppDb): boolean {
  return db.sqlite.transaction(() => {
    if (!isSearchIndexDeferred(db)) return false;
    db.sqlite.exec(`
      DELETE FROM products_fts;
      INSERT INTO products_fts (rowid, name, article, code, barcodes)
      SELECT p.id, replace(replace(p.name, 'Ё', 'Е'), 'ё', 'е'), p.article, p.code, coalesce(b.codes, '')
      FROM products p
      LEFT JOIN (SELECT product_id, group_concat(code, ' ') AS codes FROM barcodes GROUP BY product_id) b ON b.product_id = p.id
      WHERE p.is_deleted = 0;
      DELETE FROM search_index_deferred;
    `);
    return true;
  })();
}
