// The displayed quantity of one product variant at one warehouse (architecture §4): the last 1C
// balance plus what local documents 1C's balance does not include yet (view pending_stock_effects,
// migration 0004, which explains which documents count). products.repo uses the same view for the
// stock table; this is the per-variant form the documents service checks shipments against.
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';

export type StockKey = { productId: number; characteristicId: number | null; warehouseId: number };

/** Thousandths: `qty1c` (1C's balance), `pending` (local documents), `displayed` = their sum. */
export type DisplayedQty = { qty1c: number; pending: number; displayed: number };

export function readDisplayedQty(db: AppDb, key: StockKey): DisplayedQty {
  const row = cachedStatement(
    db,
    `SELECT
       coalesce((SELECT sum(s.qty_1c) FROM stock s WHERE s.product_id = @productId AND s.warehouse_id = @warehouseId
         AND s.characteristic_id IS @characteristicId), 0) AS qty1c,
       coalesce((SELECT sum(e.qty_delta) FROM pending_stock_effects e WHERE e.product_id = @productId
         AND e.warehouse_id = @warehouseId AND e.characteristic_id IS @characteristicId), 0) AS pending`,
  ).get(key) as { qty1c: number; pending: number };
  return { ...row, displayed: row.qty1c + row.pending };
}
