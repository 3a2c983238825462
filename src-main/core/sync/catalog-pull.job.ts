// Incremental pull of one 1C catalog into its mirror table (architecture §4; issue #3).
//
// 1. Scan: page `Ref_Key, DataVersion, DeletionMark` of the whole set and compare each version with
//    the local `data_version_1c`. A fresh mirror skips the scan and pages the full rows at once.
// 2. Fetch: full rows of new/changed refs in `Ref_Key eq guid'…' or …` batches that keep the query
//    string under IIS's limit, or, when most of the set changed, page the full rows instead.
// 3. Gone: refs mirrored locally but not seen by the scan are asked for again by key (a row can be
//    missed when the set changes between two `$skip` pages); those 1C no longer has are marked
//    `is_deleted = 1`, never hard-deleted (documents and history reference them).
// Every page (or batch) is applied in one transaction; nothing else is remembered across pages but
// the refs seen, which only matter once the scan is complete.
import { guidLiteral } from '../onec/odata-query';
import { type ODataQuery, type OnecRow } from '../onec/onec';
import {
  applyCatalogPage,
  type CatalogTableSpec,
  countMirrored,
  markGone,
  readDataVersions,
  readLiveRefs,
  type StagedCatalogRow,
} from './catalog-mirror.repo';
import { boolField, keyFilterBatches, pagesOf, type PullContext } from './pull-context';
import { deferSearchIndex } from './search-index';
import { deferIndexesWhileEmpty } from '../db/deferred-indexes';

export type CatalogKind = {
  /** Russian, for warnings: "товар", "группа товаров"… */
  noun: string;
  spec: CatalogTableSpec;
  set: string;
  /** `$filter` that selects this kind's rows in the set (e.g. `IsFolder eq false`). */
  filter?: string;
  /** Wire fields of a full row besides Ref_Key, DataVersion, DeletionMark. */
  fields: readonly string[];
  /** Values in `spec.stageColumns` order, from a full 1C row. */
  toValues(row: OnecRow): unknown[];
  /** Why a staged row did not resolve, for the warning. */
  describeUnresolved(values: readonly unknown[]): string;
  /** Parents before children, for self-referencing tables (groups); the rows are then applied in one go. */
  orderForApply?: (rows: StagedCatalogRow[]) => StagedCatalogRow[][];
};

const keyFields = ['Ref_Key', 'DataVersion', 'DeletionMark'] as const;

export async function pullCatalog(ctx: PullContext, kind: CatalogKind): Promise<void> {
  const table = kind.spec.table;
  const fullQuery: ODataQuery = {
    select: [...keyFields, ...kind.fields.filter((f) => !(keyFields as readonly string[]).includes(f))],
    orderby: 'Ref_Key',
    ...(kind.filter ? { filter: kind.filter } : {}),
  };
  const collected: StagedCatalogRow[] = [];
  const apply = (rows: StagedCatalogRow[]): void => {
    if (kind.orderForApply) collected.push(...rows);
    else applyInTransaction(ctx, kind, [rows]);
  };

  if (countMirrored(ctx.db, table) === 0) {
    // A fresh mirror: every row is new, so the key scan would only double the requests.
    if (table === 'products') {
      const now = ctx.clock();
      ctx.db.sqlite.transaction(() => {
        deferSearchIndex(ctx.db, now);
        deferIndexesWhileEmpty(ctx.db.sqlite, 'products', now);
      })();
    }
    // Each page in its own transaction. (Pages were once grouped by 10,000 rows: each commit wrote
    // out every index page it touched. With the secondary indexes put off during the load, D32,
    // per-page commits measured the same.)
    let done = 0;
    for await (const page of pagesOf(ctx, kind.set, fullQuery)) {
      ctx.counts.fetched += page.rows.length;
      apply(page.rows.map((row) => stage(kind, row)));
      done += page.rows.length;
      ctx.progress('fetch', done);
    }
    flushCollected(ctx, kind, collected);
    return;
  }

  // 1. Scan keys and versions.
  const seen = new Set<string>();
  const changed: string[] = [];
  const scanQuery: ODataQuery = { ...fullQuery, select: [...keyFields] };
  for await (const page of pagesOf(ctx, kind.set, scanQuery)) {
    const refs = page.rows.map((row) => String(row.Ref_Key));
    const local = readDataVersions(ctx.db, table, refs);
    for (const row of page.rows) {
      const ref = String(row.Ref_Key);
      if (seen.has(ref)) continue;
      seen.add(ref);
      ctx.counts.fetched += 1;
      const localVersion = local.get(ref);
      if (localVersion === undefined || localVersion === null || localVersion !== row.DataVersion) changed.push(ref);
      else ctx.counts.unchanged += 1;
    }
    ctx.progress('scan', seen.size);
  }

  // 2. Fetch what changed.
  if (changed.length > 0 && changed.length > seen.size * ctx.options.fullRefetchShare) {
    const wanted = new Set(changed);
    let done = 0;
    for await (const page of pagesOf(ctx, kind.set, fullQuery)) {
      apply(page.rows.filter((row) => wanted.delete(String(row.Ref_Key))).map((row) => stage(kind, row)));
      done += page.rows.length;
      ctx.progress('fetch', done, seen.size);
    }
  } else if (changed.length > 0) {
    let done = 0;
    for (const filter of refBatches(ctx, changed, fullQuery, kind.filter)) {
      const page = await ctx.get(kind.set, { select: fullQuery.select, filter });
      apply(page.rows.map((row) => stage(kind, row)));
      done += page.rows.length;
      ctx.progress('fetch', done, changed.length);
    }
  }

  // 3. Rows gone from 1C.
  const candidates = readLiveRefs(ctx.db, table).filter((ref) => !seen.has(ref));
  if (candidates.length > 0) {
    const stillThere = new Set<string>();
    if (candidates.length <= ctx.options.maxVerifyRows) {
      let done = 0;
      for (const filter of refBatches(ctx, candidates, fullQuery, kind.filter)) {
        const page = await ctx.get(kind.set, { select: fullQuery.select, filter });
        for (const row of page.rows) stillThere.add(String(row.Ref_Key));
        // A row the scan missed (the set shifted between pages) is applied like any other.
        apply(page.rows.map((row) => stage(kind, row)));
        done += 1;
        ctx.progress('verify', done);
      }
    }
    flushCollected(ctx, kind, collected);
    const gone = candidates.filter((ref) => !stillThere.has(ref));
    const now = ctx.clock();
    ctx.counts.deleted += ctx.db.sqlite.transaction(() => markGone(ctx.db, table, gone, now))();
  } else {
    flushCollected(ctx, kind, collected);
  }
}

function refBatches(ctx: PullContext, refs: readonly string[], query: ODataQuery, baseFilter: string | undefined): string[] {
  return keyFilterBatches(refs, 'Ref_Key', guidLiteral, { select: query.select }, ctx.options.maxQueryLength, baseFilter);
}

function stage(kind: CatalogKind, row: OnecRow): StagedCatalogRow {
  return {
    ref: String(row.Ref_Key),
    dataVersion: typeof row.DataVersion === 'string' ? row.DataVersion : null,
    isDeleted: boolField(row, 'DeletionMark'),
    values: kind.toValues(row),
  };
}

function flushCollected(ctx: PullContext, kind: CatalogKind, collected: StagedCatalogRow[]): void {
  if (!kind.orderForApply || collected.length === 0) return;
  applyInTransaction(ctx, kind, kind.orderForApply(collected.splice(0)));
}

/** One transaction for the given row groups (applied in order); counters change only after the commit. */
function applyInTransaction(ctx: PullContext, kind: CatalogKind, groups: StagedCatalogRow[][]): void {
  const rows = groups.flat();
  if (rows.length === 0) return;
  const now = ctx.clock();
  const byRef = new Map(rows.map((r) => [r.ref, r]));
  const totals = ctx.db.sqlite.transaction(() => {
    const sum = { inserted: 0, updated: 0, unchanged: 0, unresolved: [] as string[] };
    for (const group of groups) {
      const result = applyCatalogPage(ctx.db, kind.spec, group, now);
      sum.inserted += result.inserted;
      sum.updated += result.updated;
      sum.unchanged += result.unchanged;
      sum.unresolved.push(...result.unresolved.map((u) => u.ref));
    }
    return sum;
  })();
  // Commit-then-mutate: the counters describe committed rows only.
  ctx.counts.inserted += totals.inserted;
  ctx.counts.updated += totals.updated;
  ctx.counts.unchanged += totals.unchanged;
  for (const ref of totals.unresolved) {
    const row = byRef.get(ref);
    ctx.warn(`${kind.noun} ${ref}: ${row ? kind.describeUnresolved(row.values) : 'ссылка не найдена'}; загружен без неё, повторим при следующей синхронизации`);
  }
}
