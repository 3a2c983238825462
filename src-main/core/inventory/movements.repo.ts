import { type MovementRow } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';

/** The product's ledger, newest first: what 1C moved and what this PC's documents did. */
export function listProductMovements(db: AppDb, productId: number, limit: number): MovementRow[] {
  return cachedStatement(
    db,
    `SELECT m.id, m.period, w.name AS warehouse, m.qty_delta AS qtyDelta, m.source, m.recorder_type AS recorderType
     FROM movements m JOIN warehouses w ON w.id = m.warehouse_id
     WHERE m.product_id = ? ORDER BY m.period DESC, m.id DESC LIMIT ?`,
  ).all(productId, limit) as MovementRow[];
}
