// The classifier-sized kinds, applied row by row inside the final transaction: warehouses, units,
// price types and groups (hundreds to a few thousand rows). Matching: warehouses, price types and
// groups by their Ид (= 1C's Ref_Key); units by OKEI code, trimmed ('796 '), then by 1C ref, then
// by name, because a product names its unit by code or by text, not by ref (commerceml.md §1.4).
import { type CmlCounts } from '../../../../src-preload/contract/commerceml';
import { type AppDb } from '../../db/open';
import { normalizeCurrency } from '../parse/cml-values';
import { type WarningLog } from './import-report';
import { type ExchangeIndex } from './side-index';
import { type StageDb } from './stage-db';

const zero = (): CmlCounts => ({ added: 0, changed: 0, removed: 0, unchanged: 0 });

type MirrorRow = { id: number; name: string; is_deleted: number };

export function applyWarehouses(db: AppDb, index: ExchangeIndex, now: number): CmlCounts {
  const counts = zero();
  const find = db.sqlite.prepare('SELECT id, name, is_deleted FROM warehouses WHERE ref_1c = ?');
  const insert = db.sqlite.prepare("INSERT INTO warehouses (ref_1c, seen_at, name, kind, is_home, is_deleted) VALUES (?, ?, ?, 'warehouse', 0, 0)");
  const update = db.sqlite.prepare('UPDATE warehouses SET name = ?, is_deleted = 0, data_version_1c = NULL, seen_at = ? WHERE id = ?');
  const remove = db.sqlite.prepare('UPDATE warehouses SET is_deleted = 1, data_version_1c = NULL, seen_at = ? WHERE id = ?');
  for (const w of index.warehouses.values()) {
    const row = find.get(w.ref) as MirrorRow | undefined;
    if (w.isDeleted) {
      if (row && row.is_deleted === 0) {
        remove.run(now, row.id);
        counts.removed += 1;
      } else counts.unchanged += 1;
    } else if (!row) {
      insert.run(w.ref, now, w.name ?? w.ref);
      counts.added += 1;
    } else if (row.is_deleted === 1 || (w.name !== null && w.name !== row.name)) {
      update.run(w.name ?? row.name, now, row.id);
      counts.changed += 1;
    } else counts.unchanged += 1;
  }
  return counts;
}

export function applyPriceTypes(db: AppDb, index: ExchangeIndex, now: number): CmlCounts {
  const counts = zero();
  const find = db.sqlite.prepare('SELECT id, name, currency, is_deleted FROM price_types WHERE ref_1c = ?');
  const insert = db.sqlite.prepare('INSERT INTO price_types (ref_1c, seen_at, name, currency, is_retail, is_deleted) VALUES (?, ?, ?, ?, 0, 0)');
  const update = db.sqlite.prepare('UPDATE price_types SET name = ?, currency = ?, is_deleted = 0, data_version_1c = NULL, seen_at = ? WHERE id = ?');
  const remove = db.sqlite.prepare('UPDATE price_types SET is_deleted = 1, data_version_1c = NULL, seen_at = ? WHERE id = ?');
  for (const t of index.priceTypes.values()) {
    const row = find.get(t.ref) as (MirrorRow & { currency: string }) | undefined;
    const currency = normalizeCurrency(t.currency);
    if (t.isDeleted) {
      if (row && row.is_deleted === 0) {
        remove.run(now, row.id);
        counts.removed += 1;
      } else counts.unchanged += 1;
    } else if (!row) {
      insert.run(t.ref, now, t.name ?? t.ref, currency ?? 'RUB');
      counts.added += 1;
    } else if (row.is_deleted === 1 || (t.name !== null && t.name !== row.name) || (currency !== null && currency !== row.currency)) {
      update.run(t.name ?? row.name, currency ?? row.currency, now, row.id);
      counts.changed += 1;
    } else counts.unchanged += 1;
  }
  return counts;
}

const lower = (text: string): string => text.trim().toLowerCase().replace(/ё/g, 'е');

/**
 * Finds or creates every unit the exchange names, and records key → local id in the stage's
 * unit_map for the products. Units are only added: their names in the mirror come from 1C's
 * catalog (the OData pull), a CommerceML name («Штука» / «шт») must not flip them back and forth.
 */
export function applyUnits(db: AppDb, stage: StageDb, index: ExchangeIndex, now: number): CmlCounts {
  const counts = zero();
  const mirror = db.sqlite.prepare('SELECT id, ref_1c AS ref, name, okei FROM units WHERE is_deleted = 0 ORDER BY id').all() as { id: number; ref: string | null; name: string; okei: string | null }[];
  const byOkei = new Map<string, number>();
  const byRef = new Map<string, number>();
  const byName = new Map<string, number>();
  for (const u of mirror) {
    if (u.okei && !byOkei.has(u.okei.trim())) byOkei.set(u.okei.trim(), u.id);
    if (u.ref) byRef.set(u.ref, u.id);
    if (!byName.has(lower(u.name))) byName.set(lower(u.name), u.id);
  }
  const insert = db.sqlite.prepare('INSERT INTO units (ref_1c, seen_at, name, okei, is_deleted) VALUES (?, ?, ?, ?, 0)');
  const map = db.sqlite.prepare(`INSERT OR REPLACE INTO ${stage.schema}.unit_map (key, id) VALUES (?, ?)`);
  for (const spec of index.units.values()) {
    let id = (spec.ref ? byRef.get(spec.ref) : undefined) ?? (spec.okei ? byOkei.get(spec.okei) : undefined);
    if (id === undefined && !spec.okei && !spec.ref) id = byName.get(lower(spec.name));
    if (id === undefined) {
      // A ref already used by a deleted unit cannot be inserted again (unique): the unit is new without it.
      const refTaken = spec.ref !== null && db.sqlite.prepare('SELECT 1 FROM units WHERE ref_1c = ?').get(spec.ref) !== undefined;
      id = Number(insert.run(refTaken ? null : spec.ref, now, spec.name || spec.okei || '?', spec.okei).lastInsertRowid);
      if (spec.okei) byOkei.set(spec.okei, id);
      byName.set(lower(spec.name), id);
      counts.added += 1;
    } else counts.unchanged += 1;
    map.run(spec.key, id);
  }
  return counts;
}

/**
 * Groups, parents before children (the index keeps them in file order, children may come first).
 * A group whose parent is neither in the exchange nor in the mirror is kept at the top, with a warning.
 */
export function applyGroups(db: AppDb, index: ExchangeIndex, log: WarningLog, now: number): CmlCounts {
  const counts = zero();
  const depth = new Map<string, number>();
  const depthOf = (ref: string, guard: number): number => {
    const known = depth.get(ref);
    if (known !== undefined) return known;
    const parent = index.groups.get(ref)?.parentRef;
    const d = parent && parent !== ref && index.groups.has(parent) && guard < 64 ? depthOf(parent, guard + 1) + 1 : 0;
    depth.set(ref, d);
    return d;
  };
  const ordered = [...index.groups.values()].map((g) => ({ g, d: depthOf(g.ref, 0) })).sort((a, b) => a.d - b.d).map((x) => x.g);
  const find = db.sqlite.prepare('SELECT id, name, parent_id, is_deleted FROM product_groups WHERE ref_1c = ?');
  const insert = db.sqlite.prepare('INSERT INTO product_groups (ref_1c, seen_at, name, parent_id, is_deleted) VALUES (?, ?, ?, ?, 0)');
  const update = db.sqlite.prepare('UPDATE product_groups SET name = ?, parent_id = ?, is_deleted = 0, data_version_1c = NULL, seen_at = ? WHERE id = ?');
  const remove = db.sqlite.prepare('UPDATE product_groups SET is_deleted = 1, data_version_1c = NULL, seen_at = ? WHERE id = ?');
  for (const g of ordered) {
    const row = find.get(g.ref) as (MirrorRow & { parent_id: number | null }) | undefined;
    if (g.isDeleted) {
      if (row && row.is_deleted === 0) {
        remove.run(now, row.id);
        counts.removed += 1;
      } else counts.unchanged += 1;
      continue;
    }
    let parentId: number | null = null;
    if (g.parentRef !== null) {
      const parent = find.get(g.parentRef) as MirrorRow | undefined;
      if (parent) parentId = parent.id;
      else log.warn(g.at, `родительская группа ${g.parentRef} группы «${g.name ?? g.ref}» не найдена: группа загружена без неё`);
    }
    if (!row) {
      insert.run(g.ref, now, g.name ?? g.ref, parentId);
      counts.added += 1;
    } else if (row.is_deleted === 1 || (g.name !== null && g.name !== row.name) || parentId !== row.parent_id) {
      update.run(g.name ?? row.name, parentId, now, row.id);
      counts.changed += 1;
    } else counts.unchanged += 1;
  }
  return counts;
}
