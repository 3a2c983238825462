// Test support: a process that bulk-inserts products in transactions of `batch` rows until killed.
// Used to prove a kill -9 mid-insert leaves a database that opens and passes integrity_check, and
// (with `defer`) that indexes put off for the load come back when the database is opened again.
import { deferIndexesWhileEmpty } from '../db/deferred-indexes';
import { openDatabase } from '../db/open';

const [dbPath, migrationsFolder, batchText, mode] = process.argv.slice(2);
if (!dbPath || !migrationsFolder) throw new Error('usage: bulk-insert-child DB MIGRATIONS [BATCH]');
const batch = Number(batchText ?? '500');
const db = openDatabase({ path: dbPath, migrationsFolder });
const insertProduct = db.sqlite.prepare('INSERT INTO products (code, article, name, updated_at) VALUES (?, ?, ?, ?)');
const insertBarcode = db.sqlite.prepare('INSERT INTO barcodes (code, product_id) VALUES (?, ?)');
const insertBatch = db.sqlite.transaction((start: number) => {
  if (mode === 'defer' && start === 0) {
    deferIndexesWhileEmpty(db.sqlite, 'products', Date.now());
    deferIndexesWhileEmpty(db.sqlite, 'barcodes', Date.now());
  }
  for (let i = start; i < start + batch; i += 1) {
    const { lastInsertRowid } = insertProduct.run(`C-${i}`, `A-${i}`, `Товар номер ${i}`, Date.now());
    insertBarcode.run(String(2_000_000_000_000 + i), lastInsertRowid);
  }
});
for (let n = 0; ; n += batch) {
  insertBatch(n);
  if (n === 0) process.stdout.write('committed-first-batch\n');
}
