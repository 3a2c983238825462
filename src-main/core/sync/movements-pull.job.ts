// Movements of the stock register, pulled incrementally by Period into the append-only `movements`
// ledger. 1C ignores $orderby on register record sets, so `$top`/`$skip` pages are not stable:
// instead each request is one Period window, small enough to be answered whole. The cursor (the
// end of the last committed window) is written in the window's transaction. Every run starts a few
// days before the cursor, because a document can be posted (or re-posted) with a past date;
// (recorder, line) is unique, so the overlap inserts nothing twice.
import { createOnecDateTimeReader, dateTimeLiteral, isEmptyRef } from '../onec/odata-query';
import { type OnecRow } from '../onec/onec';
import { maxPagesPerLoop, numberField, type PullContext, textField, toScaledInteger } from './pull-context';
import { readInTurn, type TurnOptions } from './read-in-turn';
import { type RefIndex } from './ref-index';
import { resolveRefs } from './register-pull.job';
import { applyMovements, createMovementColumns, type MovementColumns, type MovementRow, pushMovement } from './register-mirror.repo';
import { readCursor, writeCursor } from './sync-runs.repo';

/** 1C dates have one-second precision; below a minute a window is taken whole whatever its size. */
const minWindowMs = 60_000;

function windowFilter(from: number, to: number | null): string {
  return `Period ge ${dateTimeLiteral(from)}${to === null ? '' : ` and Period lt ${dateTimeLiteral(to)}`}`;
}

/** A Period window; `to` null is open-ended (up to 1C's own "now"). */
type MovementWindow = { from: number; to: number | null };

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

/**
 * The windows to read, in order, each counted first with a Period-only probe (~40 bytes a row,
 * streamed and only counted, at most limit + 1 rows): a window too dense to take whole (an opening
 * balance entered in one evening) is quartered before any full row is downloaded, never below
 * minWindowMs; quiet periods get wider windows again. The last window is open-ended: it catches
 * everything up to 1C's own "now", whatever our clock says.
 */
async function* plannedWindows(ctx: PullContext, set: string, start: number, now: number): AsyncGenerator<MovementWindow> {
  const limit = ctx.options.movementsMaxRowsPerWindow;
  let from = start;
  let width = ctx.options.movementsWindowMs;
  for (let step = 0; step < maxPagesPerLoop; step += 1) {
    const window: MovementWindow = { from, to: from + width >= now ? null : from + width };
    const span = window.to === null ? Math.max(minWindowMs, now - from) : width;
    // Only counted, nothing applied: may be read before the job's turn (D21).
    const probe = await ctx.each(set, { filter: windowFilter(window.from, window.to), select: ['Period'], top: limit + 1 }, () => undefined, { beforeTurn: true });
    if (probe.rows > limit && span > minWindowMs) {
      width = Math.max(minWindowMs, Math.floor(span / 4));
      continue;
    }
    yield window;
    if (window.to === null) return;
    from = window.to;
    if (probe.rows < limit / 4) width = Math.min(ctx.options.movementsWindowMs, width * 2);
  }
  throw new Error('too many movement windows');
}

type WindowRead = { rows: number; staged: MovementColumns; maxPeriod: number };

export async function pullMovements(ctx: PullContext): Promise<void> {
  const spec = ctx.profile.stock;
  const set = `${spec.register}_RecordType`;
  const productField = `${spec.productDimension}_Key`;
  const characteristicField = spec.characteristicDimension ? `${spec.characteristicDimension}_Key` : null;
  const warehouseField = `${spec.warehouseDimension}_Key`;

  const now = ctx.clock();
  const cursor = parseCursor(readCursor(ctx.db, 'movements'));
  const start = cursor ? cursor.until - ctx.options.movementsOverlapMs : now - ctx.options.movementsHistoryMs;
  let done = 0;
  const index = ctx.refIndex();
  const readPeriod = createOnecDateTimeReader();

  // The recorder is `Recorder_Key` when one document type posts to the register, `Recorder` +
  // `Recorder_Type` when several do (onec-http.md §1.5): one row tells which, so $select can be exact.
  const sample = await ctx.get(set, { top: 1 }, { beforeTurn: true });
  const first = sample.rows[0];
  if (!first) return;
  const recorderFields = 'Recorder_Key' in first ? ['Recorder_Key'] : ['Recorder', ...('Recorder_Type' in first ? ['Recorder_Type'] : [])];
  const select = [...recorderFields, 'Period', 'LineNumber', 'Active', 'RecordType', productField, ...(characteristicField ? [characteristicField] : []), warehouseField, spec.resource];

  // Streamed (D16): only the resolved movements of the window are kept until it is applied whole.
  const readWindow = async (window: MovementWindow, turn: TurnOptions): Promise<WindowRead> => {
    const staged = createMovementColumns();
    let maxPeriod = window.from;
    const read = await ctx.each(set, { filter: windowFilter(window.from, window.to), select }, (rows) => {
      for (const row of rows) {
        const movement = toMovement(ctx, index, readPeriod, row, productField, characteristicField, warehouseField, spec.resource);
        if (!movement) {
          ctx.counts.skipped += 1;
          ctx.warn(`Движение ${String(row.Recorder ?? row.Recorder_Key ?? '?')} №${String(row.LineNumber ?? '?')} пропущено: не разобраны период, количество или регистратор`);
          continue;
        }
        if (movement === 'inactive' || movement === 'unresolved') continue;
        pushMovement(staged, movement);
        maxPeriod = Math.max(maxPeriod, movement.period);
      }
    }, turn);
    return { rows: read.rows, staged, maxPeriod };
  };

  // Window k+1 is probed and asked for while window k is read and applied (readInTurn).
  await readInTurn(ctx, plannedWindows(ctx, set, start, now), readWindow, (window, result) => {
    ctx.counts.fetched += result.rows;
    // Open-ended window: the cursor stops at the newest movement seen (1C's clock), never at ours.
    const until = window.to ?? Math.max(window.from, result.maxPeriod + 1_000);
    const applied = ctx.db.sqlite.transaction(() => {
      const diff = applyMovements(ctx.db, result.staged, ctx.clock());
      writeCursor(ctx.db, 'movements', JSON.stringify({ until } satisfies MovementsCursor));
      return diff;
    })();
    ctx.counts.inserted += applied.inserted;
    ctx.counts.unchanged += applied.unchanged;
    done += result.rows;
    ctx.progress('fetch', done);
  });
}

function toMovement(
  ctx: PullContext,
  index: RefIndex,
  readPeriod: (text: string | null) => number | null,
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
  const period = readPeriod(textField(row, 'Period'));
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
