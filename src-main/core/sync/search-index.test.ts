// The deferred search index: a first full pull builds products_fts in one go, and the result is the
// same index the row-by-row triggers keep afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { startOnecEmulator } from '../../onec-emulator/emulator';
import { type AppDb, openDatabase } from '../db/open';
import { silentLogger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { getProfile } from '../onec/profiles';
import { join } from 'node:path';
import { openTempDb, repoMigrationsFolder } from '../testing/temp-db';
import { buildSearchIndexChunk, deferSearchIndex, isSearchIndexDeferred, rebuildDeferredSearchIndex } from './search-index';
import { createSyncService } from './sync.service';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Rewrites the whole index through the row-by-row triggers (each live product goes through
 * products_fts_au: is_deleted 0 → 2 → 0, 2 being only a passing mark): what they would have written.
 */
function indexByTriggers(db: AppDb): Map<number, string> {
  db.sqlite.exec(`DELETE FROM products_fts;
                  UPDATE products SET is_deleted = 2 WHERE is_deleted = 0;
                  UPDATE products SET is_deleted = 0 WHERE is_deleted = 2;`);
  return indexOf(db);
}

/** The index as (product id → its indexed text, barcodes as a sorted set), for comparing two builds. */
function indexOf(db: AppDb): Map<number, string> {
  const rows = db.sqlite.prepare('SELECT rowid AS id, name, article, code, barcodes FROM products_fts ORDER BY rowid').all() as {
    id: number;
    name: string;
    article: string | null;
    code: string | null;
    barcodes: string;
  }[];
  return new Map(rows.map((r) => [r.id, JSON.stringify([r.name, r.article, r.code, r.barcodes.split(' ').filter(Boolean).sort()])]));
}

const findByFts = (db: AppDb, query: string): number[] =>
  db.sqlite.prepare('SELECT rowid FROM products_fts WHERE products_fts MATCH ? ORDER BY rowid').pluck().all(query) as number[];

async function pulledOnce(): Promise<{ db: AppDb; dir: string; emulator: Awaited<ReturnType<typeof startOnecEmulator>>; run: () => Promise<unknown> }> {
  const emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 400, password: 'п' });
  cleanups.push(() => emulator.close());
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const client = createOnecClient({ baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password }, { logger: silentLogger });
  cleanups.push(() => client.close());
  const service = createSyncService({ db: temp.db, client, profile: getProfile('ut11'), logger: silentLogger, clock: Date.now });
  expect((await service.runNow()).status).toBe('ok');
  return { db: temp.db, dir: temp.dir, emulator, run: () => service.runNow() };
}

describe('search index after a first full pull', () => {
  it('is built whole, equals what the triggers would have written, and is kept row by row afterwards', async () => {
    const { db, emulator, run } = await pulledOnce();
    expect(isSearchIndexDeferred(db)).toBe(false);
    const built = indexOf(db);
    const live = Number(db.sqlite.prepare('SELECT count(*) FROM products WHERE is_deleted = 0').pluck().get());
    expect(built.size).toBe(live);

    // The same rows written one by one through the triggers give the same index.
    expect(indexByTriggers(db)).toEqual(built);

    // A product found by a barcode and by a word of its name.
    const snapshot = emulator.snapshot();
    const barcode = snapshot.barcodes.find((b) => snapshot.products.some((p) => p.ref === b.productRef && !p.deletionMark)) ?? snapshot.barcodes[0];
    const productId = db.sqlite.prepare('SELECT id FROM products WHERE ref_1c = ?').pluck().get(barcode?.productRef) as number;
    expect(findByFts(db, `"${barcode?.code ?? ''}"`)).toContain(productId);

    // Later pulls keep it row by row (nothing deferred): a renamed product is found by its new name.
    const product = snapshot.products.find((p) => !p.deletionMark);
    emulator.mutate.changeProduct(product?.ref as string, { name: 'Кефирный Уникальнейший напиток 1 л' });
    await run();
    expect(isSearchIndexDeferred(db)).toBe(false);
    expect(findByFts(db, 'уникальнейший')).toEqual([db.sqlite.prepare('SELECT id FROM products WHERE ref_1c = ?').pluck().get(product?.ref)]);
  });

  it('takes in a page of 100+ new barcodes after the first load (the bulk insert without the trigger)', async () => {
    const { db, emulator, run } = await pulledOnce();
    const products = emulator.snapshot().products.filter((p) => !p.deletionMark).slice(0, 150);
    products.forEach((p, i) => emulator.mutate.addBarcode({ code: `29${String(i).padStart(10, '0')}`, productRef: p.ref }));
    // A catalog change, so the barcodes are read again before their daily full read (D15).
    emulator.mutate.changeProduct(products[1]?.ref as string, { article: 'НОВ-2' });
    await run();
    const added = db.sqlite.prepare("SELECT count(*) FROM barcodes WHERE code LIKE '29%'").pluck().get();
    expect(added).toBe(150);
    const built = indexOf(db);
    expect(indexByTriggers(db)).toEqual(built);
    const first = db.sqlite.prepare('SELECT id FROM products WHERE ref_1c = ?').pluck().get(products[0]?.ref);
    expect(findByFts(db, '"290000000000"')).toEqual([first]);
    expect(db.sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'barcodes_fts_ai'").pluck().get()).toBe(1);
  });

  it('skips per-row index writes while deferred and catches up on the rebuild (as after a crash mid-load)', async () => {
    const { db } = await pulledOnce();
    const before = indexOf(db);
    const someone = db.sqlite.prepare('SELECT id FROM products WHERE is_deleted = 0 LIMIT 1').pluck().get() as number;
    db.sqlite.transaction(() => deferSearchIndex(db, Date.now()))();
    db.sqlite.prepare("UPDATE products SET name = 'Ряженка отложенная' WHERE id = ?").run(someone);
    db.sqlite.prepare("INSERT INTO barcodes (code, product_id) VALUES ('2999999999993', ?)").run(someone);
    expect(findByFts(db, 'отложенная')).toEqual([]);
    expect(indexOf(db)).toEqual(before);

    expect(rebuildDeferredSearchIndex(db)).toBe(true);
    expect(isSearchIndexDeferred(db)).toBe(false);
    expect(findByFts(db, 'отложенная')).toEqual([someone]);
    expect(findByFts(db, '"2999999999993"')).toEqual([someone]);
    expect(rebuildDeferredSearchIndex(db)).toBe(false);
  });
  it('is built chunk by chunk, goes on after the database is reopened, and keeps the products already indexed current in between', async () => {
    const first = await pulledOnce();
    let db = first.db;
    const ids = db.sqlite.prepare('SELECT id FROM products WHERE is_deleted = 0 ORDER BY id').pluck().all() as number[];
    const chunk = Math.ceil(ids.length / 4);
    // As a first load leaves it: nothing indexed, the mark at the start.
    db.sqlite.transaction(() => {
      db.sqlite.exec('DELETE FROM products_fts');
      deferSearchIndex(db, Date.now());
    })();
    expect(buildSearchIndexChunk(db, chunk)).toBe('more');
    const builtBelow = db.sqlite.prepare('SELECT built_below FROM search_index_deferred').pluck().get() as number;
    expect(builtBelow).toBe((ids[0] as number) + chunk);
    const indexed = ids.find((id) => id < builtBelow) as number;
    const notYet = ids.find((id) => id >= builtBelow) as number;
    expect(indexOf(db).has(indexed)).toBe(true);
    expect(indexOf(db).has(notYet)).toBe(false);

    // Between chunks the triggers keep the indexed part and leave the rest to its chunk.
    db.sqlite.prepare("UPDATE products SET name = 'Простокваша проиндексированная' WHERE id = ?").run(indexed);
    db.sqlite.prepare("INSERT INTO barcodes (code, product_id) VALUES ('2999999999986', ?)").run(indexed);
    db.sqlite.prepare("UPDATE products SET name = 'Варенец непроиндексированный' WHERE id = ?").run(notYet);
    db.sqlite.prepare("INSERT INTO barcodes (code, product_id) VALUES ('2999999999979', ?)").run(notYet);
    expect(findByFts(db, 'проиндексированная')).toEqual([indexed]);
    expect(findByFts(db, '"2999999999986"')).toEqual([indexed]);
    expect(findByFts(db, 'непроиндексированный')).toEqual([]);
    // A product far above the rest (ids need not be dense): indexed by the last chunk, no empty chunks between.
    db.sqlite.prepare("INSERT INTO products (id, name, updated_at) VALUES (5000000, 'Ряженка далёкая', 1)").run();

    // A crash here: the progress is in the database, the next build goes on from it.
    const path = join(first.dir, 'test.db');
    db.close();
    db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
    cleanups.push(() => db.close());
    expect(db.sqlite.prepare('SELECT built_below FROM search_index_deferred').pluck().get()).toBe(builtBelow);
    let chunks = 1;
    for (let outcome = buildSearchIndexChunk(db, chunk); outcome !== 'done'; outcome = buildSearchIndexChunk(db, chunk)) {
      expect(outcome).toBe('more');
      chunks += 1;
      expect(chunks).toBeLessThan(10);
    }
    expect(chunks).toBeGreaterThanOrEqual(4);
    expect(isSearchIndexDeferred(db)).toBe(false);
    expect(buildSearchIndexChunk(db, chunk)).toBe('idle');
    expect(findByFts(db, 'непроиндексированный')).toEqual([notYet]);
    expect(findByFts(db, '"2999999999979"')).toEqual([notYet]);
    expect(findByFts(db, 'далекая')).toEqual([5000000]);
    const built = indexOf(db);
    expect(built.size).toBe(ids.length + 1);
    expect(indexByTriggers(db)).toEqual(built);
  });
});
