// 1C ref → local id for the mirrored catalogs, loaded once per register job (after the catalog jobs
// committed, so nothing changes them while the job runs). Products go into a RefIdMap (packed
// GUIDs, outside V8's heap: D16); the small catalogs into plain Maps.
import { type AppDb } from '../db/open';
import { createRefIdMap, type RefIdMap } from './ref-id-map';

export type RefTable = 'products' | 'characteristics' | 'units' | 'warehouses' | 'price_types';

export type RefIndex = {
  /** Local id of a 1C ref; null for '' (no reference); undefined when the mirror lacks it. */
  id(table: RefTable, ref: string): number | null | undefined;
};

export function createRefIndex(db: AppDb): RefIndex {
  const maps = new Map<RefTable, Map<string, number>>();
  let products: RefIdMap | null = null;
  const rows = (table: RefTable): IterableIterator<[string, number]> =>
    // Row by row: .all() would first build 200,000 two-element arrays, only to drop them.
    db.sqlite.prepare(`SELECT ref_1c, id FROM ${table} WHERE ref_1c IS NOT NULL`).raw().iterate() as IterableIterator<[string, number]>;
  const load = (table: Exclude<RefTable, 'products'>): Map<string, number> => {
    let map = maps.get(table);
    if (!map) {
      map = new Map(rows(table));
      maps.set(table, map);
    }
    return map;
  };
  const loadProducts = (): RefIdMap => {
    if (!products) {
      const count = Number(db.sqlite.prepare('SELECT count(*) FROM products WHERE ref_1c IS NOT NULL').pluck().get());
      products = createRefIdMap(count);
      for (const [ref, id] of rows('products')) products.set(ref, id);
    }
    return products;
  };
  return {
    id(table, ref) {
      if (ref === '') return null;
      return table === 'products' ? loadProducts().get(ref) : load(table).get(ref);
    },
  };
}
