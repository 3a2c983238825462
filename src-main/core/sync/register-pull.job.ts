// Pulls of 1C registers that have no DataVersion: barcodes (paged by their key), prices (SliceLast)
// and balances (Balance). A read is full and applied with a diff, so unchanged rows are not written
// and rows 1C no longer has are deleted. A read is skipped when cheap evidence says the register
// cannot have changed since the last one, and forced at least every `fullRefreshMs` (decisions D15).
import { createHash } from 'node:crypto';
import { createOnecDateTimeReader, dateTimeLiteral, fromOnecDateTime, guidLiteral, isEmptyRef, stringLiteral } from '../onec/odata-query';
import { type OnecRow } from '../onec/onec';
import { readCursor, writeCursor } from './sync-runs.repo';
import { keyFilterBatches, numberField, pagesOf, type PullContext, textField, toScaledInteger } from './pull-context';
import { type RefIndex, type RefTable } from './ref-index';
import { readInTurn, type TurnOptions } from './read-in-turn';
import { isFullReadDue, type RunSoFar } from './sync';
import {
  applyBarcodePage,
  applyPriceSlice,
  applyStockBalance,
  type BarcodeRow,
  createVariantTable,
  deleteBarcodes,
  type DiffResult,
  putVariant,
  readBarcodeCodes,
} from './register-mirror.repo';

/**
 * A ref field as the mirror keeps it: lower case, '' for none. 1C sends lower case already, and
 * lower-casing ASCII that has no capital is V8's fast path: 30 ms a million GUIDs, where testing them
 * with /^[0-9a-f-]{36}$/ first took 110–125 ms (a pull resolves ~4 million ref fields).
 */
function ref(row: OnecRow, field: string | null): string {
  if (field === null) return '';
  const value = textField(row, field);
  if (isEmptyRef(value)) return '';
  return (value as string).toLowerCase();
}

const refNouns: Record<RefTable, string> = {
  products: 'товара',
  characteristics: 'характеристики',
  units: 'упаковки',
  warehouses: 'склада',
  price_types: 'вида цены',
};

/**
 * Resolves the refs of one register row to local ids; on the first one the mirror lacks, counts the
 * row as skipped with a warning and returns null. `required` refs may not be empty.
 */
export function resolveRefs<K extends string>(
  ctx: PullContext,
  index: RefIndex,
  what: string,
  refs: Record<K, { table: RefTable; ref: string; isRequired?: boolean }>,
): Record<K, number | null> | null {
  const out = {} as Record<K, number | null>;
  for (const key of Object.keys(refs) as K[]) {
    const { table, ref: value, isRequired } = refs[key];
    const id = index.id(table, value);
    if (id === undefined || (id === null && isRequired)) {
      ctx.counts.skipped += 1;
      ctx.warn(`${what} пропущен(а): ${value ? `${refNouns[table]} ${value} нет в зеркале` : `не указан(а) ссылка ${refNouns[table]}`}`);
      return null;
    }
    out[key] = id;
  }
  return out;
}

/** Adds a committed diff to the job counters. */
function account(ctx: PullContext, result: DiffResult): void {
  ctx.counts.inserted += result.inserted;
  ctx.counts.updated += result.updated;
  ctx.counts.deleted += result.deleted;
  ctx.counts.unchanged += result.unchanged;
}

// ---------------------------------------------------------------------------------------------

/** A JSON cursor object, or null when absent or unreadable (the next read is then full). */
function readJsonCursor(ctx: Pick<PullContext, 'db'>, job: 'barcodes' | 'prices' | 'balances'): Record<string, unknown> | null {
  const raw = readCursor(ctx.db, job);
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function pullBarcodes(ctx: PullContext, run?: RunSoFar): Promise<void> {
  const spec = ctx.profile.barcodes;
  if (!spec) return;
  // The register has no DataVersion and no period: the only cheap evidence of a change is a change of
  // the catalogs its rows point to. A barcode added to an unchanged product waits for the next full read.
  const readAt = ctx.clock();
  const lastReadAt = readJsonCursor(ctx, 'barcodes')?.readAt;
  if (run && !isFullReadDue(lastReadAt as number | undefined, readAt, run.fullRefreshMs) && run.isUnchanged(['units', 'catalog', 'characteristics'])) return;
  const fields = [spec.code, spec.product, spec.characteristic, spec.packageUnit].filter((f): f is string => f !== null);
  const index = ctx.refIndex();
  const toRow = (row: OnecRow): BarcodeRow | null => {
    const code = textField(row, spec.code)?.trim() ?? '';
    if (code === '') return null;
    const ids = resolveRefs(ctx, index, `Штрихкод ${code}`, {
      product: { table: 'products', ref: ref(row, spec.product), isRequired: true },
      characteristic: { table: 'characteristics', ref: ref(row, spec.characteristic) },
      packageUnit: { table: 'units', ref: ref(row, spec.packageUnit) },
    });
    return ids ? { code, productId: ids.product as number, characteristicId: ids.characteristic, packageUnitId: ids.packageUnit } : null;
  };
  const seen = new Set<string>();
  const applyRows = (rows: OnecRow[]): void => {
    const resolved = rows.map(toRow).filter((r): r is BarcodeRow => r !== null);
    const now = ctx.clock();
    const result = ctx.db.sqlite.transaction(() => applyBarcodePage(ctx.db, resolved, now))();
    account(ctx, result);
  };

  // An independent register keyed by the code: paged in key order.
  for await (const page of pagesOf(ctx, spec.set, { select: fields, orderby: spec.code })) {
    const fresh = page.rows.filter((row) => {
      const code = textField(row, spec.code)?.trim() ?? '';
      if (seen.has(code)) return false;
      seen.add(code);
      return true;
    });
    ctx.counts.fetched += fresh.length;
    applyRows(fresh);
    ctx.progress('fetch', seen.size);
  }

  // Codes gone from 1C. A code the paging missed (rows shifted between two pages) is asked for again.
  const candidates = readBarcodeCodes(ctx.db).filter((code) => !seen.has(code));
  const done = (): void => writeCursor(ctx.db, 'barcodes', JSON.stringify({ readAt }));
  if (candidates.length === 0) {
    done();
    return;
  }
  const stillThere = new Set<string>();
  if (candidates.length <= ctx.options.maxVerifyRows) {
    const batches = keyFilterBatches(candidates, spec.code, stringLiteral, { select: fields }, ctx.options.maxQueryLength);
    for (const filter of batches) {
      const page = await ctx.get(spec.set, { select: fields, filter });
      for (const row of page.rows) stillThere.add(textField(row, spec.code)?.trim() ?? '');
      applyRows(page.rows);
      ctx.progress('verify', stillThere.size, candidates.length);
    }
  }
  const gone = candidates.filter((code) => !stillThere.has(code));
  ctx.counts.deleted += ctx.db.sqlite.transaction(() => {
    const deleted = deleteBarcodes(ctx.db, gone);
    done();
    return deleted;
  })();
}

// ---------------------------------------------------------------------------------------------

/** The SliceLast path of the profile's price register (recorder-subordinate registers bind to `_RecordType`). */
export function sliceLastPath(profile: PullContext['profile']): string | null {
  const spec = profile.prices;
  if (!spec) return null;
  return `${spec.isRecorderSubordinate ? `${spec.set}_RecordType` : spec.set}/SliceLast()`;
}

/** The record-level set of the price register: `_RecordType` for a recorder-subordinate one (onec-http.md §2.4). */
function priceRecordsPath(spec: NonNullable<PullContext['profile']['prices']>): string {
  return spec.isRecorderSubordinate ? `${spec.set}_RecordType` : spec.set;
}

type PriceState = { readAt: number; since: number; probe: string; hadSkipped: boolean };

function readPriceState(ctx: PullContext): PriceState | null {
  const v = readJsonCursor(ctx, 'prices');
  if (!v || typeof v.readAt !== 'number' || typeof v.since !== 'number' || typeof v.probe !== 'string') return null;
  return { readAt: v.readAt, since: v.since, probe: v.probe, hadSkipped: v.hadSkipped === true };
}

/** Periods (epoch ms) of every price record later than `since`: Period only, ~40 bytes a record. */
async function pricePeriodsAfter(ctx: PullContext, path: string, since: number): Promise<number[]> {
  const page = await ctx.get(path, { select: ['Period'], filter: `Period gt ${dateTimeLiteral(since)}` });
  return page.rows.map((row) => fromOnecDateTime(textField(row, 'Period')) ?? 0);
}

function fingerprint(periods: readonly number[]): string {
  return createHash('sha256').update([...periods].sort((a, b) => a - b).join(',')).digest('base64url');
}

export async function pullPrices(ctx: PullContext, run?: RunSoFar): Promise<void> {
  const spec = ctx.profile.prices;
  const path = sliceLastPath(ctx.profile);
  if (!spec || !path) return;
  // SliceLast() without Period is the latest record per key, future-dated ones included, so its answer
  // changes only when records are added, changed or removed, never because time passes. The probe
  // lists the periods of the records after the newest past one seen at the last read: normally the
  // few future-dated ones. A new price document dated now or later changes that list.
  const readAt = ctx.clock();
  const state = readPriceState(ctx);
  const recordsPath = priceRecordsPath(spec);
  const before = state ? await pricePeriodsAfter(ctx, recordsPath, state.since) : null;
  if (
    run &&
    state &&
    before &&
    !isFullReadDue(state.readAt, readAt, run.fullRefreshMs) &&
    run.isUnchanged(['priceTypes']) &&
    (!state.hadSkipped || run.isUnchanged(['catalog', 'characteristics'])) &&
    fingerprint(before) === state.probe
  ) {
    return;
  }
  let newest = -1;
  const productField = `${spec.product}_Key`;
  const characteristicField = spec.characteristic ? `${spec.characteristic}_Key` : null;
  const priceTypeField = `${spec.priceType}_Key`;
  // The price type is known per request: not selected (a fifth fewer bytes).
  const select = ['Period', productField, ...(characteristicField ? [characteristicField] : []), spec.price];

  // One SliceLast per price type keeps each answer (and the memory to parse it) to one row per
  // product. Types marked deleted in 1C are read too: 1C still has their prices.
  const priceTypes = ctx.db.sqlite
    .prepare('SELECT id, ref_1c AS ref FROM price_types WHERE ref_1c IS NOT NULL ORDER BY id')
    .all() as { id: number; ref: string }[];
  const index = ctx.refIndex();
  const readPeriod = createOnecDateTimeReader();
  let done = 0;
  // A virtual table: no paging ($skip is refused), so one answer per price type, streamed (D16): each
  // batch is resolved into numbers as it arrives; the diff is applied once the answer is complete.
  // The next type's answer is prepared by 1C while this one is applied (readInTurn).
  const readType = async (priceType: { ref: string }, turn: TurnOptions) => {
    const wanted = createVariantTable();
    const read = await ctx.each(path, { select, filter: `${priceTypeField} eq ${guidLiteral(priceType.ref)}` }, (rows) => {
      for (const row of rows) {
        const price = numberField(row, spec.price);
        const period = readPeriod(textField(row, 'Period'));
        if (price === null || period === null) {
          ctx.counts.skipped += 1;
          ctx.warn(`Цена товара ${ref(row, productField)} пропущена: нет суммы или периода`);
          continue;
        }
        const ids = resolveRefs(ctx, index, `Цена товара ${ref(row, productField)}`, {
          product: { table: 'products', ref: ref(row, productField), isRequired: true },
          characteristic: { table: 'characteristics', ref: ref(row, characteristicField) },
        });
        if (!ids) continue;
        if (period <= readAt) newest = Math.max(newest, period);
        putVariant(wanted, ids.product as number, ids.characteristic, toScaledInteger(price, 100), period, 'replace');
      }
    }, turn);
    return { rows: read.rows, wanted };
  };
  await readInTurn(ctx, priceTypes, readType, (priceType, { rows, wanted }) => {
    ctx.counts.fetched += rows;
    const now = ctx.clock();
    const result = ctx.db.sqlite.transaction(() => applyPriceSlice(ctx.db, wanted, priceType.id, now))();
    account(ctx, result);
    done += 1;
    ctx.progress('apply', done, priceTypes.length);
  });
  // The baseline for the next probe. Taken from the probe made before the read where it covers the new
  // mark, so a record posted during the read changes the next probe's answer; otherwise probed now.
  const since = newest >= 0 ? newest : (state?.since ?? 0);
  const after = state && before && since >= state.since ? before.filter((p) => p > since) : await pricePeriodsAfter(ctx, recordsPath, since);
  const next: PriceState = { readAt, since, probe: fingerprint(after), hadSkipped: ctx.counts.skipped > 0 };
  writeCursor(ctx.db, 'prices', JSON.stringify(next));
}

// ---------------------------------------------------------------------------------------------

/**
 * Per warehouse ref: `asOf`, when 1C last confirmed its balance (a Balance call, or a movements pull
 * that found nothing new for it); `readAt`, the last Balance call; `upTo`, the highest local movement
 * id already reflected; `hadSkipped`, whether that call left rows out for unknown references.
 */
type BalanceState = { asOf: number; readAt: number; upTo: number; hadSkipped: boolean };

function readBalanceStates(ctx: Pick<PullContext, 'db'>): Record<string, BalanceState> {
  const raw = readJsonCursor(ctx, 'balances');
  const out: Record<string, BalanceState> = {};
  for (const [ref, v] of Object.entries(raw ?? {})) {
    // A cursor from before D15 held only the time: upTo -1 forces the next Balance call.
    if (typeof v === 'number') out[ref] = { asOf: v, readAt: v, upTo: -1, hadSkipped: true };
    else if (typeof v === 'object' && v !== null) {
      const s = v as Partial<BalanceState>;
      if (typeof s.asOf === 'number' && typeof s.readAt === 'number' && typeof s.upTo === 'number') {
        out[ref] = { asOf: s.asOf, readAt: s.readAt, upTo: s.upTo, hadSkipped: s.hadSkipped === true };
      }
    }
  }
  return out;
}

/**
 * When each warehouse's balance was last confirmed by 1C (epoch ms), by warehouse ref. Kept in the
 * balances job's cursor, because an unchanged stock row is not rewritten: its own `as_of_1c` is the
 * time its quantity last changed, while this is the time 1C last confirmed it.
 */
export function readBalanceAsOf(ctx: Pick<PullContext, 'db'>): Record<string, number> {
  return Object.fromEntries(Object.entries(readBalanceStates(ctx)).map(([ref, s]) => [ref, s.asOf]));
}

export async function pullBalances(ctx: PullContext, run?: RunSoFar): Promise<void> {
  const spec = ctx.profile.stock;
  const dims = [spec.productDimension, ...(spec.characteristicDimension ? [spec.characteristicDimension] : []), spec.warehouseDimension];
  const path = `${spec.register}/Balance(Dimensions='${dims.join(',')}')`;
  const productField = `${spec.productDimension}_Key`;
  const characteristicField = spec.characteristicDimension ? `${spec.characteristicDimension}_Key` : null;
  const warehouseField = `${spec.warehouseDimension}_Key`;
  const resourceField = `${spec.resource}Balance`;
  const balanceSelect = [productField, ...(characteristicField ? [characteristicField] : []), resourceField];

  // Warehouses marked deleted in 1C are read too: 1C still has their balances (a gone one answers empty).
  const warehouses = ctx.db.sqlite
    .prepare('SELECT id, ref_1c AS ref FROM warehouses WHERE ref_1c IS NOT NULL ORDER BY id')
    .all() as { id: number; ref: string }[];
  const index = ctx.refIndex();
  const states = readBalanceStates(ctx);
  // The movements job ran just before (same run): every 1C movement up to now that is not older than
  // its overlap is in the ledger. Local ids only grow (INTEGER PRIMARY KEY, ledger rows are never deleted).
  const upTo = Number(ctx.db.sqlite.prepare('SELECT coalesce(max(id), 0) FROM movements').pluck().get());
  const hasNewMovements = ctx.db.sqlite.prepare("SELECT 1 FROM movements WHERE id > ? AND warehouse_id = ? AND source = '1c' LIMIT 1").pluck();
  const isMovementsFresh = run?.hasSucceeded('movements') === true;
  const isCatalogUnchanged = run?.isUnchanged(['catalog', 'characteristics']) === true;
  let done = 0;
  const toRead: { id: number; ref: string }[] = [];
  for (const warehouse of warehouses) {
    const asOf = ctx.clock();
    const state = states[warehouse.ref];
    const canSkip =
      run !== undefined &&
      state !== undefined &&
      isMovementsFresh &&
      state.upTo >= 0 &&
      !isFullReadDue(state.readAt, asOf, run.fullRefreshMs) &&
      (!state.hadSkipped || isCatalogUnchanged) &&
      hasNewMovements.get(state.upTo, warehouse.id) === undefined;
    if (!canSkip) {
      toRead.push(warehouse);
      continue;
    }
    // Nothing posted to this warehouse since its last Balance: 1C's balance is what the mirror has,
    // as of when the movements job asked 1C (not now: a document posted since then is not in the
    // mirror yet, and the displayed stock must keep counting it, see pending_stock_effects).
    states[warehouse.ref] = { ...state, asOf: Math.min(asOf, run.startedAt('movements') ?? asOf), upTo };
    writeCursor(ctx.db, 'balances', JSON.stringify(states));
    done += 1;
    ctx.progress('apply', done, warehouses.length);
  }
  // Per warehouse: each answer is one consistent moment for that warehouse, and a smaller body.
  // Only what is stored: the warehouse is known per request, other resources are not mirrored.
  // Streamed (D16): ~30 MB per warehouse at 200,000 products, folded into numbers batch by batch;
  // 1C prepares the next warehouse's answer while this one is applied (readInTurn).
  const readWarehouse = async (warehouse: { ref: string }, turn: TurnOptions) => {
    // When the request went out: the answer is 1C's balance at some moment after this.
    const asOf = ctx.clock();
    // Counted inside the callbacks: the request goes out before the previous answer is applied.
    let skipped = 0;
    const wanted = createVariantTable();
    const condition = { Condition: `${warehouseField} eq ${guidLiteral(warehouse.ref)}` };
    const read = await ctx.each(path, { select: balanceSelect, params: condition }, (rows) => {
      const skippedBefore = ctx.counts.skipped;
      for (const row of rows) {
        const qty = numberField(row, resourceField);
        if (qty === null) continue;
        const thousandths = toScaledInteger(qty, 1000);
        if (thousandths === 0) continue;
        const ids = resolveRefs(ctx, index, `Остаток товара ${ref(row, productField)}`, {
          product: { table: 'products', ref: ref(row, productField), isRequired: true },
          characteristic: { table: 'characteristics', ref: ref(row, characteristicField) },
        });
        if (!ids) continue;
        putVariant(wanted, ids.product as number, ids.characteristic, thousandths, 0, 'sum');
      }
      skipped += ctx.counts.skipped - skippedBefore;
    }, turn);
    return { asOf, rows: read.rows, wanted, hadSkipped: skipped > 0 };
  };
  await readInTurn(ctx, toRead, readWarehouse, (warehouse, { asOf, rows, wanted, hadSkipped }) => {
    ctx.counts.fetched += rows;
    // A movement this answer already counts but the ledger lacks gets an id above upTo when it is
    // pulled: the next run then calls Balance again, needlessly but safely.
    const next: BalanceState = { asOf, readAt: asOf, upTo, hadSkipped };
    const result = ctx.db.sqlite.transaction(() => {
      const diff = applyStockBalance(ctx.db, wanted, warehouse.id, asOf);
      writeCursor(ctx.db, 'balances', JSON.stringify({ ...states, [warehouse.ref]: next }));
      return diff;
    })();
    states[warehouse.ref] = next;
    account(ctx, result);
    done += 1;
    ctx.progress('apply', done, warehouses.length);
  });
}
