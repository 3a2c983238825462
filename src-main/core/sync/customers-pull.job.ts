// Incremental pull of 1C counterparties into customers (architecture §4), the way catalog-pull.job.ts
// pulls catalogs: scan Ref_Key + DataVersion, fetch the changed rows in full (with the contact section),
// re-ask 1C by key about mirrored ones the scan did not see and mark those 1C no longer has. What a row
// means for the customer (a new one, one matched to a local customer by ИНН / e-mail / phone, a change,
// a conflict with an unsent local change) is customer-sync.service.ts's decision. Each page is applied
// in one transaction; events go out only after its commit.
import { type CustomerChange, applyPulledCustomer, hasUnlinkedCustomers } from '../customers/customer-sync.service';
import { customerSelect, fromOnecRow, itemsOnlyFilter } from '../customers/customer-wire';
import { countMirroredCustomers, readCustomerDataVersions, readLiveCustomerRefs } from '../customers/customers.repo';
import { guidLiteral } from '../onec/odata-query';
import { type ODataQuery, type OnecCustomersSpec, type OnecRow } from '../onec/onec';
import { keyFilterBatches, pagesOf, type PullContext } from './pull-context';

export type CustomersPullHooks = {
  /** After each committed page: the customers whose state or data changed. */
  onChanged?: (changes: readonly CustomerChange[]) => void;
};

const keyFields = ['Ref_Key', 'DataVersion', 'DeletionMark'];

/** Does nothing for a profile without counterparties. */
export async function pullCustomers(ctx: PullContext, hooks: CustomersPullHooks = {}): Promise<void> {
  const spec = ctx.profile.customers;
  if (spec === null) return;
  const filter = itemsOnlyFilter(spec);
  const fullQuery: ODataQuery = { select: customerSelect(spec), orderby: 'Ref_Key', ...(filter ? { filter } : {}) };
  const apply = (rows: readonly OnecRow[]): void => applyPage(ctx, spec, rows, hooks);

  if (countMirroredCustomers(ctx.db) === 0) {
    // Nothing mirrored yet: every row is new (or matches a customer made here), so no key scan.
    let done = 0;
    for await (const page of pagesOf(ctx, spec.set, fullQuery)) {
      ctx.counts.fetched += page.rows.length;
      apply(page.rows);
      done += page.rows.length;
      ctx.progress('fetch', done);
    }
    return;
  }

  // 1. Scan keys and versions.
  const seen = new Set<string>();
  const changed: string[] = [];
  for await (const page of pagesOf(ctx, spec.set, { ...fullQuery, select: keyFields })) {
    const refs = page.rows.map((row) => String(row.Ref_Key).toLowerCase());
    const local = readCustomerDataVersions(ctx.db, refs);
    page.rows.forEach((row, i) => {
      const ref = refs[i] as string;
      if (seen.has(ref)) return;
      seen.add(ref);
      const localVersion = local.get(ref);
      if (localVersion === undefined || localVersion === null || localVersion !== row.DataVersion) changed.push(ref);
      else ctx.counts.unchanged += 1;
    });
    ctx.progress('scan', seen.size);
  }

  // 2. Fetch the changed ones in full.
  let done = 0;
  for (const batch of refBatches(ctx, changed, fullQuery, filter)) {
    const page = await ctx.get(spec.set, { select: fullQuery.select, filter: batch });
    ctx.counts.fetched += page.rows.length;
    apply(page.rows);
    done += page.rows.length;
    ctx.progress('fetch', done, changed.length);
  }

  // 3. Mirrored counterparties the scan missed: asked for by key, marked deleted when 1C has none.
  const candidates = readLiveCustomerRefs(ctx.db).filter((ref) => !seen.has(ref));
  if (candidates.length === 0 || candidates.length > ctx.options.maxVerifyRows) return;
  const stillThere = new Set<string>();
  for (const batch of refBatches(ctx, candidates, fullQuery, undefined)) {
    const page = await ctx.get(spec.set, { select: fullQuery.select, filter: batch });
    for (const row of page.rows) stillThere.add(String(row.Ref_Key).toLowerCase());
    // A row the scan missed (the set shifted between pages) is applied like any other; a group is not a customer.
    apply(page.rows.filter((row) => spec.isFolder === null || row[spec.isFolder] !== true));
    ctx.progress('verify', stillThere.size);
  }
  const gone = candidates.filter((ref) => !stillThere.has(ref));
  if (gone.length === 0) return;
  const now = ctx.clock();
  const marked = ctx.db.sqlite.transaction(
    () =>
      ctx.db.sqlite
        .prepare("UPDATE customers SET is_deleted = 1, updated_at = ? WHERE ref_1c IN (SELECT value FROM json_each(?)) AND is_deleted = 0 RETURNING id, sync_state AS syncState")
        .all(now, JSON.stringify(gone)) as CustomerChange[],
  )();
  ctx.counts.deleted += marked.length;
  if (marked.length > 0) hooks.onChanged?.(marked);
}

function refBatches(ctx: PullContext, refs: readonly string[], query: ODataQuery, baseFilter: string | undefined): string[] {
  return keyFilterBatches(refs, 'Ref_Key', guidLiteral, { select: query.select }, ctx.options.maxQueryLength, baseFilter);
}

/** One page in one transaction; counters and events only after the commit. */
function applyPage(ctx: PullContext, spec: OnecCustomersSpec, rows: readonly OnecRow[], hooks: CustomersPullHooks): void {
  if (rows.length === 0) return;
  const now = ctx.clock();
  const result = ctx.db.sqlite.transaction(() => {
    const counts = { inserted: 0, updated: 0, unchanged: 0, skipped: 0 };
    const changes: CustomerChange[] = [];
    const linkedIds = new Set<string>();
    const hasUnlinked = hasUnlinkedCustomers(ctx.db);
    for (const row of rows) {
      const remote = fromOnecRow(spec, row);
      if (remote.isFolder) continue;
      const { outcome, change } = applyPulledCustomer(ctx.db, remote, { now, linkedIds, hasUnlinked });
      counts[outcome] += 1;
      if (change) changes.push(change);
    }
    return { counts, changes };
  })();
  ctx.counts.inserted += result.counts.inserted;
  ctx.counts.updated += result.counts.updated;
  ctx.counts.unchanged += result.counts.unchanged;
  ctx.counts.skipped += result.counts.skipped;
  if (result.counts.skipped > 0) ctx.warn(`${result.counts.skipped} покупателей сейчас отправляются в 1С — их версия из 1С будет загружена при следующей синхронизации`);
  if (result.changes.length > 0) hooks.onChanged?.(result.changes);
}
