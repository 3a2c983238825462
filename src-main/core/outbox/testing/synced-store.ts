// Test support: a store database filled from a running 1C emulator by the real pull, as
// `prilavok sync` fills it, for tests and benchmarks of documents and the outbox.
import { type AppDb, openDatabase } from '../../db/open';
import { silentLogger } from '../../logging/logger';
import { type OnecProfileId } from '../../onec/onec';
import { createOnecClient } from '../../onec/onec-client';
import { getProfile } from '../../onec/profiles';
import { createSyncService } from '../../sync/sync.service';

export type SyncSource = { baseUrl: string; user: string; password: string; profile: OnecProfileId };

/** Opens (creating and migrating) the database at `path` and runs every pull job once; throws if one fails. */
export async function openSyncedStore(source: SyncSource, path: string, migrationsFolder: string): Promise<AppDb> {
  const db = openDatabase({ path, migrationsFolder });
  const client = createOnecClient({ baseUrl: source.baseUrl, user: source.user, password: source.password }, { logger: silentLogger });
  try {
    const service = createSyncService({ db, client, profile: getProfile(source.profile), logger: silentLogger, clock: Date.now });
    const summary = await service.runNow();
    await service.shutdown();
    if (summary.status !== 'ok') {
      const failed = summary.jobs.find((j) => j.error);
      throw new Error(`sync from the emulator failed: ${failed?.job ?? '?'}: ${failed?.error?.message ?? summary.status}`);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  } finally {
    await client.close();
  }
}

/** Products with a barcode and a plain (no characteristic) balance of at least `minQty` thousandths at `warehouseId`. */
export function stockedProducts(db: AppDb, warehouseId: number, minQty: number): { productId: number; barcode: string; code: string; qty: number }[] {
  return db.sqlite
    .prepare(
      `SELECT p.id AS productId, (SELECT min(b.code) FROM barcodes b WHERE b.product_id = p.id AND b.characteristic_id IS NULL AND b.package_qty = 1000) AS barcode,
         p.code, s.qty_1c AS qty
       FROM stock s JOIN products p ON p.id = s.product_id
       WHERE s.warehouse_id = ? AND s.characteristic_id IS NULL AND s.qty_1c >= ? AND p.is_deleted = 0
         AND EXISTS (SELECT 1 FROM barcodes b WHERE b.product_id = p.id AND b.characteristic_id IS NULL AND b.package_qty = 1000)
       ORDER BY p.id`,
    )
    .all(warehouseId, minQty) as { productId: number; barcode: string; code: string; qty: number }[];
}
