// Pulls of 1C registers that have no DataVersion: barcodes (paged by their key), prices (SliceLast)
// and balances (Balance). Each is read fully and applied with a diff, so unchanged rows are not
// written and rows 1C no longer has are deleted.
import { fromOnecDateTime, guidLiteral, isEmptyRef, stringLiteral } from '../onec/odata-query';
import { type OnecRow } from '../onec/onec';
import { readCursor, writeCursor } from './sync-runs.repo';
import { keyFilterBatches, numberField, pagesOf, type PullContext, textField, toScaledInteger } from './pull-context';
import { createRefIndex, type RefIndex, type RefTable } from './ref-index';
import {
  applyBarcodePage,
  applyPriceSlice,
  applyStockBalance,
  type BarcodeRow,
  deleteBarcodes,
  type DiffResult,
  type PriceRow,
  readBarcodeCodes,
  type StockRow,
} from './register-mirror.repo';

const lowerCaseGuid = /^[0-9a-f-]{36}$/;

/** A ref field as the mirror keeps it: lower case, '' for none. 1C sends lower case already; checked, not copied. */
function ref(row: OnecRow, field: string | null): string {
  if (field === null) return '';
  const value = textField(row, field);
  if (isEmptyRef(value)) return '';
  return lowerCaseGuid.test(value as string) ? (value as string) : (value as string).toLowerCase();
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

export async function pullBarcodes(ctx: PullContext): Promise<void> {
  const spec = ctx.profile.barcodes;
  if (!spec) return;
  const fields = [spec.code, spec.product, spec.characteristic, spec.packageUnit].filter((f): f is string => f !== null);
  const index = createRefIndex(ctx.db);
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
  if (candidates.length === 0) return;
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
  ctx.counts.deleted += ctx.db.sqlite.transaction(() => deleteBarcodes(ctx.db, gone))();
}

// ---------------------------------------------------------------------------------------------

/** The SliceLast path of the profile's price register (recorder-subordinate registers bind to `_RecordType`). */
export function sliceLastPath(profile: PullContext['profile']): string | null {
  const spec = profile.prices;
  if (!spec) return null;
  return `${spec.isRecorderSubordinate ? `${spec.set}_RecordType` : spec.set}/SliceLast()`;
}

export async function pullPrices(ctx: PullContext): Promise<void> {
  const spec = ctx.profile.prices;
  const path = sliceLastPath(ctx.profile);
  if (!spec || !path) return;
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
  const index = createRefIndex(ctx.db);
  let done = 0;
  for (const priceType of priceTypes) {
    // A virtual table: no paging ($skip is refused), so one answer per price type.
    const page = await ctx.get(path, { select, filter: `${priceTypeField} eq ${guidLiteral(priceType.ref)}` });
    ctx.counts.fetched += page.rows.length;
    const resolved: PriceRow[] = [];
    for (const row of page.rows) {
      const price = numberField(row, spec.price);
      const period = fromOnecDateTime(textField(row, 'Period'));
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
      resolved.push({ productId: ids.product as number, characteristicId: ids.characteristic, priceTypeId: priceType.id, price: toScaledInteger(price, 100), period });
    }
    const now = ctx.clock();
    const result = ctx.db.sqlite.transaction(() => applyPriceSlice(ctx.db, resolved, priceType.id, now))();
    account(ctx, result);
    done += 1;
    ctx.progress('apply', done, priceTypes.length);
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * When each warehouse's balance was last taken from 1C (epoch ms), by warehouse ref. Kept in the
 * balances job's cursor, because an unchanged stock row is not rewritten: its own `as_of_1c` is the
 * time its quantity last changed, while this is the time 1C last confirmed it.
 */
export function readBalanceAsOf(ctx: Pick<PullContext, 'db'>): Record<string, number> {
  const raw = readCursor(ctx.db, 'balances');
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return {};
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v;
    return out;
  } catch {
    return {};
  }
}

export async function pullBalances(ctx: PullContext): Promise<void> {
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
  const index = createRefIndex(ctx.db);
  const asOfByWarehouse = readBalanceAsOf(ctx);
  let done = 0;
  for (const warehouse of warehouses) {
    // Per warehouse: each answer is one consistent moment for that warehouse, and a smaller body.
    const asOf = ctx.clock();
    // Only what is stored: the warehouse is known per request, other resources are not mirrored.
    const page = await ctx.get(path, { select: balanceSelect, params: { Condition: `${warehouseField} eq ${guidLiteral(warehouse.ref)}` } });
    ctx.counts.fetched += page.rows.length;
    const resolved: StockRow[] = [];
    for (const row of page.rows) {
      const qty = numberField(row, resourceField);
      if (qty === null) continue;
      const thousandths = toScaledInteger(qty, 1000);
      if (thousandths === 0) continue;
      const ids = resolveRefs(ctx, index, `Остаток товара ${ref(row, productField)}`, {
        product: { table: 'products', ref: ref(row, productField), isRequired: true },
        characteristic: { table: 'characteristics', ref: ref(row, characteristicField) },
      });
      if (!ids) continue;
      resolved.push({ productId: ids.product as number, characteristicId: ids.characteristic, warehouseId: warehouse.id, qty: thousandths });
    }
    const nextAsOf = { ...asOfByWarehouse, [warehouse.ref]: asOf };
    const result = ctx.db.sqlite.transaction(() => {
      const diff = applyStockBalance(ctx.db, resolved, warehouse.id, asOf);
      writeCursor(ctx.db, 'balances', JSON.stringify(nextAsOf));
      return diff;
    })();
    asOfByWarehouse[warehouse.ref] = asOf;
    account(ctx, result);
    done += 1;
    ctx.progress('apply', done, warehouses.length);
  }
}
