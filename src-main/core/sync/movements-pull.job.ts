// Movements of the stock register, pulled incrementally by Period into the append-only `movements`
// ledger. 1C ignores $orderby on register record sets, so `$top`/`$skip` pages are not stable:
// instead each request is one Period window, small enough to be answered whole. The cursor (the
// end of the last committed window) is written in the window's transaction. Every run starts a few
// days before the cursor, because a document can be posted (or re-posted) with a past date;
// (recorder, line) is unique, so the overlap inserts nothing twice.
import { dateTimeLiteral, fromOnecDateTime, isEmptyRef } from '../onec/odata-query';
import { type OnecRow } from '../onec/onec';
import { maxPagesPerLoop, numberField, type PullContext, textField, toScaledInteger } from './pull-context';
import { createRefIndex, type RefIndex } from './ref-index';
import { resolveRefs } from './register-pull.job';
import { applyMovements, clearMovementColumns, createMovementColumns, type MovementRow, pushMovement } from './register-mirror.repo';
import { readCursor, writeCursor } from './sync-runs.repo';

/** Most rows taken in one answer (about 10 MB of JSON, streamed; the resolved rows are kept until the window is applied); a denser window is split. */
const maxRowsPerWindow = 20_000;
/** 1C dates have one-second precision; below a minute a window is taken whole whatever its size. */
const minWindowMs = 60_000;

function windowFilter(from: number, to: number | null): string {
  return `Period ge ${dateTimeLiteral(from)}${to === null ? '' : ` and Period lt ${dateTimeLiteral(to)}`}`;
}

/**
 * Null when the window from `from` (`width` wide, or open-ended) holds at most maxRowsPerWindow
 * rows, or cannot be split any more; otherwise a narrower width (quartered until a probe fits, never
 * below minWindowMs). For an open-ended window `width` is the span up to our "now".
 */
async function fittingWidth(ctx: PullContext, set: string, from: number, width: number, isOpenEnded: boolean): Promise<number | null> {
  if (width <= minWindowMs) return null;
  // Streamed and only counted: a probe is up to 20,001 rows, and held whole it is one more ~1 MB text per window.
  const countRows = async (to: number | null): Promise<number> =>
    (await ctx.each(set, { filter: windowFilter(from, to), select: ['Period'], top: maxRowsPerWindow + 1 }, () => undefined)).rows;
  if ((await countRows(isOpenEnded ? null : from + width)) <= maxRowsPerWindow) return null;
  let current = Math.max(minWindowMs, Math.floor(width / 4));
  while (current > minWindowMs) {
    if ((await countRows(from + current)) <= maxRowsPerWindow) return current;
    current = Math.max(minWindowMs, Math.floor(current / 4));
  }
  return minWindowMs;
}

type MovementsCursor = { until: number };

function parseCursor(raw: string | null): MovementsCursor | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<MovementsCursor>;
    return typeof value.until === 'number' && Number.isFinite(value.until) ? { until: value.until } : null;
  } catch {
    return null;
  }
}

export async function pullMovements(ctx: PullContext): Promise<void> {
  const spec = ctx.profile.stock;
  const set = `${spec.register}_RecordType`;
  const productField = `${spec.productDimension}_Key`;
  const characteristicField = spec.characteristicDimension ? `${spec.characteristicDimension}_Key` : null;
  const warehouseField = `${spec.warehouseDimension}_Key`;

  const now = ctx.clock();
  const cursor = parseCursor(readCursor(ctx.db, 'movements'));
  let from = cursor ? cursor.until - ctx.options.movementsOverlapMs : now - ctx.options.movementsHistoryMs;
  let width = ctx.options.movementsWindowMs;
  let done = 0;
  const index = createRefIndex(ctx.db);
  const staged = createMovementColumns();

  // The recorder is `Recorder_Key` when one document type posts to the register, `Recorder` +
  // `Recorder_Type` when several do (onec-http.md §1.5): one row tells which, so $select can be exact.
  const sample = await ctx.get(set, { top: 1 });
  const first = sample.rows[0];
  if (!first) return;
  const recorderFields = 'Recorder_Key' in first ? ['Recorder_Key'] : ['Recorder', ...('Recorder_Type' in first ? ['Recorder_Type'] : [])];
  const select = [...recorderFields, 'Period', 'LineNumber', 'Active', 'RecordType', productField, ...(characteristicField ? [characteristicField] : []), warehouseField, spec.resource];

  for (let step = 0; step < maxPagesPerLoop; step += 1) {
    // The last window is open-ended: it catches everything up to 1C's own "now", whatever our clock says.
    const isLast = from + width >= now;
    const to = isLast ? null : from + width;
    // Count first with a Period-only probe (~40 bytes a row): a window too dense to take whole (an
    // opening balance entered in one evening) is narrowed before any full row is downloaded.
    const fitting = await fittingWidth(ctx, set, from, to === null ? Math.max(minWindowMs, now - from) : width, to === null);
    if (fitting !== null) {
      width = fitting;
      continue;
    }
    // Streamed (D16): only the resolved movements of the window are kept until it is applied whole.
    let maxPeriod = from;
    clearMovementColumns(staged);
    const read = await ctx.each(set, { filter: windowFilter(from, to), select }, (rows) => {
      index.prepareProducts(rows.map((row) => (textField(row, productField) ?? '').toLowerCase()));
      for (const row of rows) {
      const movement = toMovement(ctx, index, row, productField, characteristicField, warehouseField, spec.resource);
      if (!movement) {
        ctx.counts.skipped += 1;
        ctx.warn(`Движение ${String(row.Recorder ?? row.Recorder_Key ?? '?')} №${String(row.LineNumber ?? '?')} пропущено: не разобраны период, количество или регистратор`);
        continue;
      }
      if (movement === 'inactive') continue;
      if (movement === 'unresolved') continue;
      pushMovement(staged, movement);
      maxPeriod = Math.max(maxPeriod, movement.period);
      }
    });
    ctx.counts.fetched += read.rows;
    // Open-ended window: the cursor stops at the newest movement seen (1C's clock), never at ours.
    const until = to ?? Math.max(from, maxPeriod + 1_000);
    const result = ctx.db.sqlite.transaction(() => {
      const diff = applyMovements(ctx.db, staged, ctx.clock());
      writeCursor(ctx.db, 'movements', JSON.stringify({ until } satisfies MovementsCursor));
      return diff;
    })();
    ctx.counts.inserted += result.inserted;
    ctx.counts.unchanged += result.unchanged;
    done += read.rows;
    ctx.progress('fetch', done);

    if (isLast) return;
    from = to as number;
    // Quiet periods get wider windows again (the probe keeps this from overshooting).
    if (read.rows < maxRowsPerWindow / 4) width = Math.min(ctx.options.movementsWindowMs, width * 2);
  }
  throw new Error('too many movement windows');
}

function toMovement(
  ctx: PullContext,
  index: RefIndex,
  row: OnecRow,
  productField: string,
  characteristicField: string | null,
  warehouseField: string,
  resource: string,
): MovementRow | 'inactive' | 'unresolved' | null {
  // Inactive records do not count in 1C's balances either.
  if (row.Active === false) return 'inactive';
  const recorder = textField(row, 'Recorder_Key') ?? textField(row, 'Recorder');
  const recorderType = textField(row, 'Recorder_Type') ?? '';
  const line = numberField(row, 'LineNumber');
  const period = fromOnecDateTime(textField(row, 'Period'));
  const qty = numberField(row, resource);
  const product = textField(row, productField);
  const warehouse = textField(row, warehouseField);
  if (isEmptyRef(recorder) || line === null || period === null || qty === null || isEmptyRef(product) || isEmptyRef(warehouse)) return null;
  const characteristic = characteristicField ? textField(row, characteristicField) : null;
  const ids = resolveRefs(ctx, index, `Движение ${String(recorder)} №${line}`, {
    product: { table: 'products', ref: (product as string).toLowerCase(), isRequired: true },
    characteristic: { table: 'characteristics', ref: isEmptyRef(characteristic) ? '' : (characteristic as string).toLowerCase() },
    warehouse: { table: 'warehouses', ref: (warehouse as string).toLowerCase(), isRequired: true },
  });
  if (!ids) return 'unresolved';
  const sign = row.RecordType === 'Expense' ? -1 : 1;
  return {
    recorderRef: (recorder as string).toLowerCase(),
    recorderType,
    lineNumber: line,
    period,
    productId: ids.product as number,
    characteristicId: ids.characteristic,
    warehouseId: ids.warehouse as number,
    qtyDelta: sign * toScaledInteger(Math.abs(qty), 1000),
  };
}
