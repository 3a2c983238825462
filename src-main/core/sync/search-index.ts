// The products search index (products_fts) during a first full catalog load. Kept row by row, the
// triggers of migration 0001 made that load ~3× slower (each FTS write runs under its own savepoint
// and flushes a tiny segment; each barcode rewrote its product's whole FTS row). So an empty
// catalog is loaded with the index deferred (the triggers test for the mark), and the index is built
// afterwards in chunks of product ids, each while the run waits on 1C (D33). The mark (and how far
// the build got) is in the database: after a crash the next run goes on from there.
import { type AppDb } from '../db/open';

export function isSearchIndexDeferred(db: AppDb): boolean {
  return db.sqlite.prepare('SELECT 1 FROM search_index_deferred').get() !== undefined;
}

/** Call inside the transaction of the first page written without the index. */
export function deferSearchIndex(db: AppDb, now: number): void {
  db.sqlite.prepare('INSERT OR IGNORE INTO search_index_deferred (id, since) VALUES (1, ?)').run(now);
}

/**
 * Products per chunk: ~15 µs each, so a chunk costs ~150 ms, short enough to fit in the time 1C takes
 * to build one answer (D33). Smaller chunks cost more in all: at 200,000 products 2,000 a chunk took
 * 5.0 s, 4,000 3.7 s, 10,000 3.0 s (as one statement: 3.0 s); every commit writes an FTS segment.
 */
export const searchIndexChunk = 10_000;

/**
 * Indexes the next chunk of product ids in one transaction and moves the mark past it; the last chunk
 * clears the mark. Returns 'more', 'done', or 'idle' when the index was not deferred. Products below
 * the mark are already indexed and kept by the triggers (migration 0012), so a crash between chunks
 * loses nothing and the next call goes on from there.
 */
export function buildSearchIndexChunk(db: AppDb, chunk = searchIndexChunk): 'more' | 'done' | 'idle' {
  return db.sqlite.transaction((): 'more' | 'done' | 'idle' => {
    const from = db.sqlite.prepare('SELECT built_below FROM search_index_deferred').pluck().get() as number | undefined;
    if (from === undefined) return 'idle';
    // From the first product at or above the mark: a gap in the ids costs no empty chunks.
    const first = db.sqlite.prepare('SELECT min(id) FROM products WHERE id >= ?').pluck().get(from) as number | null;
    const below = (first ?? from) + chunk;
    const isLast = db.sqlite.prepare('SELECT 1 FROM products WHERE id >= ? LIMIT 1').get(below) === undefined;
    // The last chunk is open-ended: it also clears index rows of ids no product has any more.
    const upper = isLast ? Number.MAX_SAFE_INTEGER : below;
    db.sqlite.prepare('DELETE FROM products_fts WHERE rowid >= ? AND rowid < ?').run(from, upper);
    db.sqlite
      .prepare(
        `INSERT INTO products_fts (rowid, name, article, code, barcodes)
         SELECT p.id, replace(replace(p.name, 'Ё', 'Е'), 'ё', 'е'), p.article, p.code, coalesce(b.codes, '')
         FROM products p
         LEFT JOIN (SELECT product_id, group_concat(code, ' ') AS codes FROM barcodes
                    WHERE product_id >= :from AND product_id < :upper GROUP BY product_id) b ON b.product_id = p.id
         WHERE p.id >= :from AND p.id < :upper AND p.is_deleted = 0`,
      )
      .run({ from, upper });
    if (isLast) {
      db.sqlite.prepare('DELETE FROM search_index_deferred').run();
      return 'done';
    }
    db.sqlite.prepare('UPDATE search_index_deferred SET built_below = ?').run(below);
    return 'more';
  })();
}

/** Builds what is left of a deferred index, chunk by chunk; false when it was not deferred. */
export function rebuildDeferredSearchIndex(db: AppDb): boolean {
  if (buildSearchIndexChunk(db) === 'idle') return false;
  while (buildSearchIndexChunk(db) === 'more');
  return true;
}
