// Writes one page of 1C catalog rows into a mirror table. Rows are staged in a temp table and moved
// with set-based statements: the FTS5 triggers on products make row-by-row writes ~10× slower (each
// trigger-fired FTS write runs under its own statement savepoint and flushes a tiny segment, see
// demo-catalog.service.ts). Only rows whose mirrored values differ are written; a row whose 1C
// DataVersion moved but whose values did not gets just the new version (1C bumps it on every write).
import type Database from 'better-sqlite3';
import { type AppDb } from '../db/open';

export type CatalogTable = 'warehouses' | 'units' | 'product_groups' | 'products' | 'characteristics' | 'price_types';

/** How one mirror table is fed from staged 1C values. */
export type CatalogTableSpec = {
  table: CatalogTable;
  /** Staged raw columns besides ref_1c, data_version_1c, is_deleted (values or 1C refs). */
  stageColumns: readonly string[];
  /** Mirrored columns of `table`, computed by `resolveSelect` under the same names. */
  contentColumns: readonly string[];
  /** SELECT-list expressions over `s` (the stage) and the joins, one per content column, in order. */
  resolveSelect: readonly string[];
  resolveJoins: string;
  /** SQL true when a non-empty 1C ref did not resolve to a local row (the row is kept, flagged). */
  unresolvedWhen: string;
  /** Extra columns set on insert, as SQL over `r` (the resolved row) and `:now`. */
  insertExtras?: Readonly<Record<string, string>>;
  /** Extra columns set when content changed, as SQL over the row itself and `:now`. */
  updateExtras?: Readonly<Record<string, string>>;
};

export type ApplyResult = { inserted: number; updated: number; unchanged: number; unresolved: { ref: string; detail: string }[] };

type Prepared = {
  stage: Database.Statement;
  resolve: Database.Statement;
  update: Database.Statement;
  touchVersion: Database.Statement;
  insert: Database.Statement;
  unresolved: Database.Statement;
  clear: () => void;
};

const preparedByDb = new WeakMap<Database.Database, Map<CatalogTable, Prepared>>();

function prepare(db: AppDb, spec: CatalogTableSpec): Prepared {
  let byTable = preparedByDb.get(db.sqlite);
  if (!byTable) {
    byTable = new Map();
    preparedByDb.set(db.sqlite, byTable);
  }
  const found = byTable.get(spec.table);
  if (found) return found;

  const stageName = `temp.sync_stage_${spec.table}`;
  const resolvedName = `temp.sync_resolved_${spec.table}`;
  const { sqlite } = db;
  sqlite.exec(`
    CREATE TEMP TABLE IF NOT EXISTS sync_stage_${spec.table} (
      ref_1c TEXT PRIMARY KEY, data_version_1c TEXT, is_deleted INTEGER${spec.stageColumns.map((c) => `, ${c}`).join('')});
    CREATE TEMP TABLE IF NOT EXISTS sync_resolved_${spec.table} (
      ref_1c TEXT PRIMARY KEY, data_version_1c TEXT, is_deleted INTEGER, unresolved TEXT${spec.contentColumns.map((c) => `, ${c}`).join('')});
  `);
  const content = spec.contentColumns;
  const stageColumns = ['ref_1c', 'data_version_1c', 'is_deleted', ...spec.stageColumns];
  const insertExtras = Object.entries(spec.insertExtras ?? {});
  const updateExtras = Object.entries(spec.updateExtras ?? {});
  const differs = [...content, 'is_deleted'].map((c) => `x.${c} IS NOT r.${c}`).join(' OR ');
  const t = spec.table;

  const prepared: Prepared = {
    // OR REPLACE: paging over a changing set may deliver one ref twice; the later copy wins.
    stage: sqlite.prepare(
      `INSERT OR REPLACE INTO ${stageName} (${stageColumns.join(', ')}) VALUES (${stageColumns.map(() => '?').join(', ')})`,
    ),
    // A row with an unresolved reference keeps NULL as its data version, so the next run fetches it again.
    resolve: sqlite.prepare(
      `INSERT INTO ${resolvedName} (ref_1c, data_version_1c, is_deleted, unresolved${content.map((c) => `, ${c}`).join('')})
       SELECT s.ref_1c, CASE WHEN ${spec.unresolvedWhen} THEN NULL ELSE s.data_version_1c END, s.is_deleted,
         CASE WHEN ${spec.unresolvedWhen} THEN 1 END${spec.resolveSelect.map((e) => `, ${e}`).join('')}
       FROM ${stageName} s ${spec.resolveJoins}`,
    ),
    // `ref_1c IN (…)` rather than UPDATE … FROM: with FROM, SQLite scans the whole mirror table
    // for every page (the target is the outer loop); IN probes the ref index once per staged row.
    update: sqlite.prepare(
      `UPDATE ${t} SET (${[...content, 'is_deleted', 'data_version_1c'].join(', ')}) =
         (SELECT ${[...content, 'is_deleted', 'data_version_1c'].map((c) => `r.${c}`).join(', ')} FROM ${resolvedName} r WHERE r.ref_1c = ${t}.ref_1c),
         seen_at = :now${updateExtras.map(([c, e]) => `, ${c} = ${e}`).join('')}
       WHERE ref_1c IN (SELECT r.ref_1c FROM ${resolvedName} r CROSS JOIN ${t} x ON x.ref_1c = r.ref_1c WHERE ${differs})`,
    ),
    touchVersion: sqlite.prepare(
      `UPDATE ${t} SET data_version_1c = (SELECT r.data_version_1c FROM ${resolvedName} r WHERE r.ref_1c = ${t}.ref_1c)
       WHERE ref_1c IN (SELECT r.ref_1c FROM ${resolvedName} r CROSS JOIN ${t} x ON x.ref_1c = r.ref_1c
         WHERE x.data_version_1c IS NOT r.data_version_1c)`,
    ),
    insert: sqlite.prepare(
      `INSERT INTO ${t} (ref_1c, data_version_1c, is_deleted, seen_at${content.map((c) => `, ${c}`).join('')}${insertExtras.map(([c]) => `, ${c}`).join('')})
       SELECT r.ref_1c, r.data_version_1c, r.is_deleted, :now${content.map((c) => `, r.${c}`).join('')}${insertExtras.map(([, e]) => `, ${e}`).join('')}
       FROM ${resolvedName} r WHERE NOT EXISTS (SELECT 1 FROM ${t} x WHERE x.ref_1c = r.ref_1c)`,
    ),
    unresolved: sqlite.prepare(`SELECT s.ref_1c AS ref FROM ${resolvedName} s WHERE s.unresolved IS NOT NULL LIMIT 1000`),
    clear: () => sqlite.exec(`DELETE FROM ${stageName}; DELETE FROM ${resolvedName};`),
  };
  byTable.set(spec.table, prepared);
  return prepared;
}

export type StagedCatalogRow = {
  ref: string;
  dataVersion: string | null;
  isDeleted: boolean;
  /** In `stageColumns` order. */
  values: readonly unknown[];
};

/**
 * Upserts one page into `spec.table`. Call inside the page's transaction: the staging tables are
 * emptied before returning, so nothing leaks into the next page even when a statement throws.
 */
export function applyCatalogPage(db: AppDb, spec: CatalogTableSpec, rows: readonly StagedCatalogRow[], now: number): ApplyResult {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, unresolved: [] };
  const p = prepare(db, spec);
  try {
    for (const row of rows) {
      p.stage.run(row.ref, row.dataVersion, row.isDeleted ? 1 : 0, ...row.values.map(toSqlValue));
    }
    p.resolve.run();
    const unresolved = (p.unresolved.all() as { ref: string }[]).map((r) => ({ ref: r.ref, detail: '' }));
    const updated = p.update.run({ now }).changes;
    p.touchVersion.run();
    const inserted = p.insert.run({ now }).changes;
    const staged = new Set(rows.map((r) => r.ref)).size;
    return { inserted, updated, unchanged: staged - inserted - updated, unresolved };
  } finally {
    p.clear();
  }
}

/** Local (ref → data version) for the given refs; refs not mirrored are absent from the map. */
export function readDataVersions(db: AppDb, table: CatalogTable, refs: readonly string[]): Map<string, string | null> {
  const rows = db.sqlite
    .prepare(`SELECT ref_1c AS ref, data_version_1c AS dv FROM ${table} WHERE ref_1c IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(refs)) as { ref: string; dv: string | null }[];
  return new Map(rows.map((r) => [r.ref, r.dv]));
}

export function countMirrored(db: AppDb, table: CatalogTable): number {
  return Number(db.sqlite.prepare(`SELECT count(*) FROM ${table} WHERE ref_1c IS NOT NULL`).pluck().get());
}

/** Refs of live (not deleted) mirrored rows. */
export function readLiveRefs(db: AppDb, table: CatalogTable): string[] {
  return db.sqlite.prepare(`SELECT ref_1c FROM ${table} WHERE ref_1c IS NOT NULL AND is_deleted = 0`).pluck().all() as string[];
}

/** Marks rows gone from 1C as deleted (never a hard delete: documents and history may reference them). */
export function markGone(db: AppDb, table: CatalogTable, refs: readonly string[], now: number): number {
  if (refs.length === 0) return 0;
  const extra = table === 'products' ? ', updated_at = ?' : '';
  const params: unknown[] = table === 'products' ? [now, now, JSON.stringify(refs)] : [now, JSON.stringify(refs)];
  return db.sqlite
    .prepare(
      `UPDATE ${table} SET is_deleted = 1, data_version_1c = NULL, seen_at = ?${extra}
       WHERE is_deleted = 0 AND ref_1c IN (SELECT value FROM json_each(?))`,
    )
    .run(...params).changes;
}

function toSqlValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}
