import Database from 'better-sqlite3';

// Expected values are computed here, in Node, straight from the SQLite file — not through the
// host's repo code — so a wrong query in the app cannot make its own test pass.

export type SeedProduct = {
  id: number;
  name: string;
  code: string;
  article: string;
  barcodes: string[];
};

export type SeedWarehouse = { id: number; name: string; isHome: boolean };

/** A product a scan finds by a barcode of its own (no characteristic), with its 1C stock at one warehouse. */
export type ScannableProduct = { id: number; name: string; ref1c: string | null; barcode: string; qty: number };

export type SeedDb = ReturnType<typeof openSeed>;

/** Lower case with ё folded to е, as a store clerk expects "ежик" to find "Ёжик". */
export function fold(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е');
}

/** Word-prefix matching over name, article, code and barcodes: what "search" means to the user. */
export function matchesWordPrefix(product: SeedProduct, fragment: string): boolean {
  const wanted = fold(fragment);
  const words = [product.name, product.article, product.code, ...product.barcodes]
    .flatMap((field) => fold(field).split(/[^\p{L}\p{N}]+/u))
    .filter(Boolean);
  return words.some((word) => word.startsWith(wanted));
}

/** SQLite's BINARY collation compares UTF-8 bytes; for BMP text that is code-point order. */
function compareBinary(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function openSeed(path: string) {
  const db = new Database(path, { readonly: true, fileMustExist: true });

  const products: SeedProduct[] = (
    db
      .prepare(
        `SELECT p.id, p.name, p.code, p.article, coalesce(group_concat(b.code, ' '), '') AS barcodes
         FROM products p LEFT JOIN barcodes b ON b.product_id = p.id
         WHERE p.is_deleted = 0 GROUP BY p.id ORDER BY p.id`,
      )
      .all() as Array<Omit<SeedProduct, 'barcodes'> & { barcodes: string }>
  ).map((row) => ({ ...row, barcodes: row.barcodes ? row.barcodes.split(' ') : [] }));

  const warehouses: SeedWarehouse[] = (
    db.prepare('SELECT id, name, is_home AS isHome FROM warehouses WHERE is_deleted = 0 ORDER BY id').all() as Array<{
      id: number;
      name: string;
      isHome: number;
    }>
  ).map((w) => ({ ...w, isHome: w.isHome === 1 }));

  /** Quantity per product in thousandths: one warehouse, or the sum over all of them. */
  function quantities(warehouseId?: number): Map<number, number> {
    const rows = db
      .prepare(
        `SELECT product_id AS productId, sum(qty_1c) AS qty FROM stock
         ${warehouseId === undefined ? '' : 'WHERE warehouse_id = ?'} GROUP BY product_id`,
      )
      .all(...(warehouseId === undefined ? [] : [warehouseId])) as Array<{ productId: number; qty: number }>;
    return new Map(rows.map((r) => [r.productId, r.qty]));
  }

  /** One product's stock rows, per warehouse, in thousandths. */
  function stockOf(productId: number): Array<{ warehouseId: number; qty: number }> {
    return db
      .prepare('SELECT warehouse_id AS warehouseId, qty_1c AS qty FROM stock WHERE product_id = ? ORDER BY warehouse_id')
      .all(productId) as Array<{ warehouseId: number; qty: number }>;
  }

  /**
   * Products without characteristics that have a barcode of their own, in id order, with the 1C
   * balance at one warehouse in thousandths: what a clerk can scan into a document.
   */
  function scannable(warehouseId: number): ScannableProduct[] {
    return db
      .prepare(
        `SELECT p.id, p.name, p.ref_1c AS ref1c, min(b.code) AS barcode,
                coalesce((SELECT sum(s.qty_1c) FROM stock s
                          WHERE s.product_id = p.id AND s.characteristic_id IS NULL AND s.warehouse_id = ?), 0) AS qty
         FROM products p JOIN barcodes b ON b.product_id = p.id AND b.characteristic_id IS NULL
         WHERE p.is_deleted = 0 AND NOT EXISTS (SELECT 1 FROM characteristics c WHERE c.product_id = p.id)
         GROUP BY p.id ORDER BY p.id`,
      )
      .all(warehouseId) as ScannableProduct[];
  }

  return {
    products,
    warehouses,
    scannable,
    quantities,
    stockOf,
    /**
     * Product ids in the order the stock table must show them: Russian alphabetical (case-insensitive,
     * ё sorted as е), ties broken by id.
     */
    orderByName(desc: boolean): number[] {
      const sign = desc ? -1 : 1;
      const key = (name: string) => name.toLocaleLowerCase('ru-RU').replaceAll('ё', 'е');
      return [...products].sort((a, b) => sign * (compareBinary(key(a.name), key(b.name)) || a.id - b.id)).map((p) => p.id);
    },
    orderByQty(desc: boolean, warehouseId?: number): Array<{ id: number; qty: number }> {
      const qty = quantities(warehouseId);
      const sign = desc ? -1 : 1;
      return products
        .map((p) => ({ id: p.id, qty: qty.get(p.id) ?? 0 }))
        .sort((a, b) => sign * (a.qty - b.qty || a.id - b.id));
    },
    close: () => db.close(),
  };
}
