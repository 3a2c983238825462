// 1C ref → local id for the mirrored catalogs, loaded once per register job (after the catalog jobs
// committed), except products: 200,000 of them took ~25 MB per job, loaded four times a pull, which
// kept V8's old generation large (D16). Products are looked up per batch of rows instead (one query
// for the batch, through the unique index on ref_1c), or one by one when no batch was prepared.
import { type AppDb } from '../db/open';

export type RefTable = 'products' | 'characteristics' | 'units' | 'warehouses' | 'price_types';

export type RefIndex = {
  /** Local id of a 1C ref; null for '' (no reference); undefined when the mirror lacks it. */
  id(table: RefTable, ref: string): number | null | undefined;
  /** Looks up these product refs (as `id` will be asked for them) in one query; drops the previous batch's. */
  prepareProducts(refs: readonly string[]): void;
};

export function createRefIndex(db: AppDb): RefIndex {
  const maps = new Map<RefTable, Map<string, number>>();
  let products = new Map<string, number>();
  const productsIn = db.sqlite.prepare('SELECT ref_1c, id FROM products WHERE ref_1c IN (SELECT value FROM json_each(?))').raw();
  const productOne = db.sqlite.prepare('SELECT id FROM products WHERE ref_1c = ?').pluck();
  const load = (table: RefTable): Map<string, number> => {
    let map = maps.get(table);
    if (!map) {
      // Row by row: .all() would first build 200,000 two-element arrays, only to drop them.
      map = new Map();
      for (const [ref, id] of db.sqlite.prepare(`SELECT ref_1c, id FROM ${table} WHERE ref_1c IS NOT NULL`).raw().iterate() as IterableIterator<[string, number]>) {
        map.set(ref, id);
      }
      maps.set(table, map);
    }
    return map;
  };
  return {
    id(table, ref) {
      if (ref === '') return null;
      if (table !== 'products') return load(table).get(ref);
      const prepared = products.get(ref);
      if (prepared !== undefined) return prepared;
      const id = productOne.get(ref) as number | undefined;
      return id === undefined ? undefined : Number(id);
    },
    prepareProducts(refs) {
      products = new Map();
      for (const [ref, id] of productsIn.iterate(JSON.stringify(refs)) as IterableIterator<[string, number]>) products.set(ref, id);
    },
  };
}
