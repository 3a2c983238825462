// Test support: the local mirror read back in the shape of the emulator's snapshot (1C's truth), in
// local units, so a test can compare the two exhaustively with one toEqual per kind.
import { type AppDb } from '../db/open';
import { type OnecProfile } from '../onec/onec';
import { type EmulatorSnapshot } from '../../onec-emulator/emulator';
import { toScaledInteger } from './pull-context';

export type MirrorView = {
  warehouses: { ref: string; name: string; deletionMark: boolean }[];
  groups: { ref: string; parentRef: string | null; name: string; deletionMark: boolean }[];
  units: { ref: string; name: string; okei: string | null }[];
  products: { ref: string; code: string; name: string; article: string; unitRef: string | null; parentRef: string | null; isWeighted: boolean; deletionMark: boolean }[];
  characteristics: { ref: string; ownerRef: string | null; name: string; deletionMark: boolean }[];
  barcodes: { code: string; productRef: string; characteristicRef: string | null }[];
  priceTypes: { ref: string; name: string }[];
  /** Kopecks. */
  prices: { productRef: string; characteristicRef: string | null; priceTypeRef: string; price: number; period: number }[];
  /** Thousandths. */
  balances: { productRef: string; characteristicRef: string | null; warehouseRef: string; qty: number }[];
  /** Thousandths, signed. */
  movements: { recorderRef: string; lineNumber: number; period: number; productRef: string; characteristicRef: string | null; warehouseRef: string; qty: number }[];
};

const byKey = <T>(key: (item: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const sortBy = <T>(items: T[], key: (item: T) => string): T[] => [...items].sort(byKey(key));

/** Rows present in 1C (catalog rows gone from 1C are checked separately: they must be is_deleted). */
export function readMirror(db: AppDb, refsIn1c?: ReadonlySet<string>): MirrorView {
  const q = <T>(sql: string): T[] => db.sqlite.prepare(sql).all() as T[];
  const inOnec = <T extends { ref: string }>(rows: T[]): T[] => (refsIn1c ? rows.filter((r) => refsIn1c.has(r.ref)) : rows);
  const bool = <T extends { deletionMark: unknown }>(rows: T[]): T[] => rows.map((r) => ({ ...r, deletionMark: r.deletionMark === 1 }));
  return {
    warehouses: sortBy(bool(inOnec(q<MirrorView['warehouses'][number]>('SELECT ref_1c AS ref, name, is_deleted AS deletionMark FROM warehouses'))), (r) => r.ref),
    groups: sortBy(
      bool(inOnec(q<MirrorView['groups'][number]>(
        'SELECT g.ref_1c AS ref, p.ref_1c AS parentRef, g.name, g.is_deleted AS deletionMark FROM product_groups g LEFT JOIN product_groups p ON p.id = g.parent_id',
      ))),
      (r) => r.ref,
    ),
    units: sortBy(inOnec(q<MirrorView['units'][number]>('SELECT ref_1c AS ref, name, okei FROM units')), (r) => r.ref),
    products: sortBy(
      bool(inOnec(q<MirrorView['products'][number]>(
        `SELECT p.ref_1c AS ref, p.code, p.name, p.article, u.ref_1c AS unitRef, g.ref_1c AS parentRef, p.is_weighted AS isWeighted,
           p.is_deleted AS deletionMark
         FROM products p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN product_groups g ON g.id = p.group_id`,
      ))).map((r) => ({ ...r, isWeighted: (r.isWeighted as unknown) === 1 })),
      (r) => r.ref,
    ),
    characteristics: sortBy(
      bool(inOnec(q<MirrorView['characteristics'][number]>(
        'SELECT c.ref_1c AS ref, p.ref_1c AS ownerRef, c.name, c.is_deleted AS deletionMark FROM characteristics c LEFT JOIN products p ON p.id = c.product_id',
      ))),
      (r) => r.ref,
    ),
    barcodes: sortBy(
      q<MirrorView['barcodes'][number]>(
        `SELECT b.code, p.ref_1c AS productRef, c.ref_1c AS characteristicRef FROM barcodes b JOIN products p ON p.id = b.product_id
         LEFT JOIN characteristics c ON c.id = b.characteristic_id`,
      ),
      (r) => r.code,
    ),
    priceTypes: sortBy(inOnec(q<MirrorView['priceTypes'][number]>('SELECT ref_1c AS ref, name FROM price_types')), (r) => r.ref),
    prices: sortBy(
      q<MirrorView['prices'][number]>(
        `SELECT p.ref_1c AS productRef, c.ref_1c AS characteristicRef, t.ref_1c AS priceTypeRef, x.price, x.period FROM prices x
         JOIN products p ON p.id = x.product_id JOIN price_types t ON t.id = x.price_type_id LEFT JOIN characteristics c ON c.id = x.characteristic_id`,
      ),
      (r) => `${r.productRef}/${r.characteristicRef ?? ''}/${r.priceTypeRef}`,
    ),
    balances: sortBy(
      q<MirrorView['balances'][number]>(
        `SELECT p.ref_1c AS productRef, c.ref_1c AS characteristicRef, w.ref_1c AS warehouseRef, s.qty_1c AS qty FROM stock s
         JOIN products p ON p.id = s.product_id JOIN warehouses w ON w.id = s.warehouse_id LEFT JOIN characteristics c ON c.id = s.characteristic_id`,
      ),
      (r) => `${r.productRef}/${r.characteristicRef ?? ''}/${r.warehouseRef}`,
    ),
    movements: sortBy(
      q<MirrorView['movements'][number]>(
        `SELECT m.recorder_ref_1c AS recorderRef, m.line_number AS lineNumber, m.period, p.ref_1c AS productRef, c.ref_1c AS characteristicRef,
           w.ref_1c AS warehouseRef, m.qty_delta AS qty FROM movements m
         JOIN products p ON p.id = m.product_id JOIN warehouses w ON w.id = m.warehouse_id LEFT JOIN characteristics c ON c.id = m.characteristic_id
         WHERE m.source = '1c'`,
      ),
      (r) => `${r.recorderRef}#${String(r.lineNumber).padStart(6, '0')}`,
    ),
  };
}

/** The emulator's truth converted to what the mirror should hold for this profile (fields it does not read are left as the mirror's defaults). */
export function expectedMirror(snapshot: EmulatorSnapshot, profile: OnecProfile): MirrorView {
  const nullRef = (ref: string | null | undefined): string | null => (ref === null || ref === undefined || ref === '' ? null : ref);
  return {
    warehouses: sortBy(snapshot.warehouses.map((w) => ({ ref: w.ref, name: w.name, deletionMark: w.deletionMark })), (r) => r.ref),
    groups: sortBy(snapshot.groups.map((g) => ({ ref: g.ref, parentRef: nullRef(g.parentRef), name: g.name, deletionMark: g.deletionMark })), (r) => r.ref),
    units: sortBy(snapshot.units.map((u) => ({ ref: u.ref, name: u.name, okei: profile.units.okei ? u.okei : null })), (r) => r.ref),
    products: sortBy(
      snapshot.products.map((p) => ({
        ref: p.ref,
        code: p.code,
        name: p.name,
        article: profile.products.article ? p.article : '',
        unitRef: profile.products.unit ? nullRef(p.unitRef) : null,
        parentRef: nullRef(p.parentRef),
        isWeighted: profile.products.isWeighted ? p.isWeighted : false,
        deletionMark: p.deletionMark,
      })),
      (r) => r.ref,
    ),
    characteristics: sortBy(snapshot.characteristics.map((c) => ({ ref: c.ref, ownerRef: nullRef(c.ownerRef), name: c.name, deletionMark: c.deletionMark })), (r) => r.ref),
    barcodes: sortBy(snapshot.barcodes.map((b) => ({ code: b.code, productRef: b.productRef, characteristicRef: nullRef(b.characteristicRef) })), (r) => r.code),
    priceTypes: sortBy(snapshot.priceTypes.map((t) => ({ ref: t.ref, name: t.name })), (r) => r.ref),
    prices: sortBy(
      snapshot.prices.map((p) => ({
        productRef: p.productRef,
        characteristicRef: nullRef(p.characteristicRef),
        priceTypeRef: p.priceTypeRef,
        price: toScaledInteger(p.price, 100),
        period: p.period,
      })),
      (r) => `${r.productRef}/${r.characteristicRef ?? ''}/${r.priceTypeRef}`,
    ),
    balances: sortBy(
      snapshot.balances.map((b) => ({ productRef: b.productRef, characteristicRef: nullRef(b.characteristicRef), warehouseRef: b.warehouseRef, qty: toScaledInteger(b.qty, 1000) })),
      (r) => `${r.productRef}/${r.characteristicRef ?? ''}/${r.warehouseRef}`,
    ),
    movements: sortBy(
      snapshot.movements.map((m) => ({
        recorderRef: m.recorderRef,
        lineNumber: m.lineNumber,
        period: m.period,
        productRef: m.productRef,
        characteristicRef: nullRef(m.characteristicRef),
        warehouseRef: m.warehouseRef,
        qty: toScaledInteger(m.qty, 1000),
      })),
      (r) => `${r.recorderRef}#${String(r.lineNumber).padStart(6, '0')}`,
    ),
  };
}

/** Every catalog ref 1C still has (any kind). */
export function refsOf(snapshot: EmulatorSnapshot): Set<string> {
  return new Set([
    ...snapshot.warehouses.map((r) => r.ref),
    ...snapshot.groups.map((r) => r.ref),
    ...snapshot.units.map((r) => r.ref),
    ...snapshot.products.map((r) => r.ref),
    ...snapshot.characteristics.map((r) => r.ref),
    ...snapshot.priceTypes.map((r) => r.ref),
  ]);
}

/** Catalog rows mirrored locally whose ref 1C no longer has, and which are NOT marked deleted (must be empty). */
export function goneButLive(db: AppDb, refsIn1c: ReadonlySet<string>): string[] {
  const tables = ['warehouses', 'product_groups', 'units', 'products', 'characteristics', 'price_types'];
  const out: string[] = [];
  for (const table of tables) {
    const rows = db.sqlite.prepare(`SELECT ref_1c FROM ${table} WHERE ref_1c IS NOT NULL AND is_deleted = 0`).pluck().all() as string[];
    for (const ref of rows) if (!refsIn1c.has(ref)) out.push(`${table}:${ref}`);
  }
  return out;
}

/** Row counts of every mirror table, plus a checksum of their content, for "nothing else was touched" checks. */
export function mirrorFingerprint(db: AppDb): Record<string, string> {
  const tables = ['warehouses', 'product_groups', 'units', 'products', 'characteristics', 'barcodes', 'price_types', 'prices', 'stock', 'movements'];
  const out: Record<string, string> = {};
  for (const table of tables) {
    const rows = db.sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
    out[table] = JSON.stringify(rows);
  }
  return out;
}
