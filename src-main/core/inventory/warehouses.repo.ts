import { type Warehouse } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';

export function listWarehouses(db: AppDb): Warehouse[] {
  const rows = cachedStatement(
    db,
    `SELECT id, ref_1c AS ref1c, name, kind, is_home AS isHome FROM warehouses
     WHERE is_deleted = 0 ORDER BY is_home DESC, name`,
  ).all() as Array<Omit<Warehouse, 'isHome'> & { isHome: number }>;
  return rows.map((row) => ({ ...row, isHome: row.isHome === 1 }));
}
