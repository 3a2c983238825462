// 1C ref → local id for the mirrored catalogs, loaded once per register job (after the catalog jobs
// committed). 200,000 products take ~20 MB here; in exchange a register row resolves without a query.
import { type AppDb } from '../db/open';

export type RefTable = 'products' | 'characteristics' | 'units' | 'warehouses' | 'price_types';

export type RefIndex = {
  /** Local id of a 1C ref; null for '' (no reference); undefined when the mirror lacks it. */
  id(table: RefTable, ref: string): number | null | undefined;
};

export function createRefIndex(db: AppDb): RefIndex {
  const maps = new Map<RefTable, Map<string, number>>();
  const load = (table: RefTable): Map<string, number> => {
    let map = maps.get(table);
    if (!map) {
      const rows = db.sqlite.prepare(`SELECT ref_1c, id FROM ${table} WHERE ref_1c IS NOT NULL`).raw().all() as [string, number][];
      map = new Map(rows);
      maps.set(table, map);
    }
    return map;
  };
  return {
    id(table, ref) {
      if (ref === '') return null;
      return load(table).get(ref);
    },
  };
}
