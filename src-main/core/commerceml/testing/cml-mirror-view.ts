// Test support: one product as the mirror holds it and as a generated exchange says it should be, in
// the same shape, so a test compares them field by field with one toEqual.
import { type AppDb } from '../../db/open';
import { type CmlTruth } from './cml-generated-truth';

export type ProductView = {
  name: string;
  article: string;
  groupRef: string | null;
  unit: { okei: string | null; name: string } | null;
  vat: string | null;
  isDeleted: boolean;
  barcodes: { code: string; charRef: string | null }[];
  variants: { ref: string; name: string; isDeleted: boolean }[];
  /** Kopecks. */
  prices: { charRef: string | null; typeRef: string; price: number }[];
  /** Thousandths; warehouseRef '' = this store's warehouse when it has no ref. */
  stock: { charRef: string | null; warehouseRef: string; qty: number }[];
};

const byJson = <T>(rows: T[]): T[] => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** The product as mirrored; null when the mirror has no row with that ref. */
export function readProductView(db: AppDb, ref: string): ProductView | null {
  const q = db.sqlite;
  const row = q
    .prepare(
      `SELECT p.id, p.name, p.article, g.ref_1c AS groupRef, u.okei, u.name AS unitName, p.vat_rate AS vat, p.is_deleted AS isDeleted
       FROM products p LEFT JOIN product_groups g ON g.id = p.group_id LEFT JOIN units u ON u.id = p.unit_id WHERE p.ref_1c = ?`,
    )
    .get(ref) as { id: number; name: string; article: string; groupRef: string | null; okei: string | null; unitName: string | null; vat: string | null; isDeleted: number } | undefined;
  if (!row) return null;
  return {
    name: row.name,
    article: row.article,
    groupRef: row.groupRef,
    unit: row.unitName === null ? null : { okei: row.okei, name: row.unitName },
    vat: row.vat,
    isDeleted: row.isDeleted === 1,
    barcodes: byJson(q.prepare('SELECT b.code, c.ref_1c AS charRef FROM barcodes b LEFT JOIN characteristics c ON c.id = b.characteristic_id WHERE b.product_id = ?').all(row.id) as ProductView['barcodes']),
    variants: byJson(
      (q.prepare('SELECT ref_1c AS ref, name, is_deleted AS isDeleted FROM characteristics WHERE product_id = ?').all(row.id) as { ref: string; name: string; isDeleted: number }[]).map((v) => ({
        ...v,
        isDeleted: v.isDeleted === 1,
      })),
    ),
    prices: byJson(
      q
        .prepare(
          `SELECT c.ref_1c AS charRef, t.ref_1c AS typeRef, x.price FROM prices x JOIN price_types t ON t.id = x.price_type_id
           LEFT JOIN characteristics c ON c.id = x.characteristic_id WHERE x.product_id = ?`,
        )
        .all(row.id) as ProductView['prices'],
    ),
    stock: byJson(
      q
        .prepare(
          `SELECT c.ref_1c AS charRef, coalesce(w.ref_1c, '') AS warehouseRef, s.qty_1c AS qty FROM stock s JOIN warehouses w ON w.id = s.warehouse_id
           LEFT JOIN characteristics c ON c.id = s.characteristic_id WHERE s.product_id = ?`,
        )
        .all(row.id) as ProductView['stock'],
    ),
  };
}

/**
 * What a fresh import of the generated exchange must leave for product `index`; null for one that
 * must not be mirrored (deleted before it was ever seen, or not in the exchange).
 */
export function expectedProductView(t: CmlTruth, index: number, homeWarehouseRef = ''): ProductView | null {
  const p = t.product(index);
  if (!p.isListed || p.isDeleted) return null;
  const o = t.options;
  const unit = o.unitForm === 'name' ? { okei: null, name: 'шт' } : { okei: '796', name: o.unitForm === 'code' ? 'Штука' : 'шт' };
  return {
    name: p.name,
    article: p.article,
    groupRef: p.groupRef,
    unit,
    vat: p.vat,
    isDeleted: false,
    barcodes: byJson([
      ...(p.barcode === null ? [] : [{ code: p.barcode, charRef: null }]),
      ...p.variants.filter((v) => v.barcode !== null).map((v) => ({ code: v.barcode as string, charRef: v.ref })),
    ]),
    variants: byJson(p.variants.map((v) => ({ ref: v.ref, name: v.name, isDeleted: false }))),
    prices: byJson(t.prices(index).map((r) => ({ charRef: r.charRef, typeRef: r.typeRef, price: r.kopecks }))),
    stock: byJson(t.stock(index).filter((r) => r.qty !== 0).map((r) => ({ charRef: r.charRef, warehouseRef: r.warehouseRef === '' ? homeWarehouseRef : r.warehouseRef, qty: r.qty }))),
  };
}
