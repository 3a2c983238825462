// What 1C says NOW about one warehouse: its Balance (streamed, as the balances pull reads it) and the
// register records after a given Period (the ones the movements pull has not reached yet). Read
// only: nothing here touches the mirror.
import { dateTimeLiteral, fromOnecDateTime, guidLiteral, isEmptyRef } from '../onec/odata-query';
import { type OnecClient, type OnecProfile, type OnecRow } from '../onec/onec';
import { type AppDb } from '../db/open';
import { numberField, textField, toScaledInteger } from '../sync/pull-context';
import { createRefIndex } from '../sync/ref-index';

export type OnecStockSource = { db: AppDb; client: OnecClient; profile: OnecProfile; signal?: AbortSignal };

export type OnecBalance = {
  /** Product id → quantity (thousandths), variants summed. */
  byProduct: Map<number, number>;
  /** Rows whose product the mirror does not have (a catalog pull is due): not comparable. */
  unknownProducts: number;
};

const refOf = (row: OnecRow, field: string): string => (textField(row, field) ?? '').toLowerCase();

/** 1C's balance of the warehouse per product (Balance with a Condition on the warehouse). */
export async function readOnecBalance(source: OnecStockSource, warehouseRef: string): Promise<OnecBalance> {
  const spec = source.profile.stock;
  const dims = [spec.productDimension, ...(spec.characteristicDimension ? [spec.characteristicDimension] : []), spec.warehouseDimension];
  const productField = `${spec.productDimension}_Key`;
  const resourceField = `${spec.resource}Balance`;
  const index = createRefIndex(source.db);
  const byProduct = new Map<number, number>();
  let unknownProducts = 0;
  // Streamed: ~30 MB at 200,000 products is folded into numbers batch by batch (D16).
  await source.client.forEachRow(
    `${spec.register}/Balance(Dimensions='${dims.join(',')}')`,
    { select: [productField, resourceField], params: { Condition: `${spec.warehouseDimension}_Key eq ${guidLiteral(warehouseRef)}` } },
    (rows) => {
      for (const row of rows) {
        const qty = numberField(row, resourceField);
        if (qty === null) continue;
        const productId = index.id('products', refOf(row, productField));
        if (productId === undefined || productId === null) {
          unknownProducts += 1;
          continue;
        }
        byProduct.set(productId, (byProduct.get(productId) ?? 0) + toScaledInteger(qty, 1000));
      }
    },
    source.signal ? { signal: source.signal } : undefined,
  );
  return { byProduct, unknownProducts };
}

export type OnecRecord = { recorderRef: string; productId: number; qtyDelta: number; period: number };

/**
 * Active register records of the warehouse with Period ≥ `since` (signed: Expense negative), as the
 * movements pull would store them. Records of products the mirror lacks are counted, not returned.
 */
export async function readOnecRecordsSince(source: OnecStockSource, warehouseRef: string, since: number): Promise<{ records: OnecRecord[]; unknownProducts: number }> {
  const spec = source.profile.stock;
  const set = `${spec.register}_RecordType`;
  const productField = `${spec.productDimension}_Key`;
  const filter = `${spec.warehouseDimension}_Key eq ${guidLiteral(warehouseRef)} and Period ge ${dateTimeLiteral(since)}`;
  // The recorder is Recorder_Key when one document type posts to the register, Recorder (+ _Type)
  // when several do (onec-http.md §1.5): one row tells which, as in the movements pull.
  const sample = await source.client.getCollection(set, { top: 1 }, source.signal ? { signal: source.signal } : undefined);
  const first = sample.rows[0];
  if (!first) return { records: [], unknownProducts: 0 };
  const recorderField = 'Recorder_Key' in first ? 'Recorder_Key' : 'Recorder';
  const select = [recorderField, 'Period', 'Active', 'RecordType', productField, spec.resource];
  const index = createRefIndex(source.db);
  const records: OnecRecord[] = [];
  let unknownProducts = 0;
  await source.client.forEachRow(
    set,
    { filter, select },
    (rows) => {
      for (const row of rows) {
        // Inactive records do not count in 1C's balance either.
        if (row.Active === false) continue;
        const recorder = textField(row, recorderField);
        const qty = numberField(row, spec.resource);
        const period = fromOnecDateTime(textField(row, 'Period'));
        if (isEmptyRef(recorder) || qty === null || period === null) continue;
        const productId = index.id('products', refOf(row, productField));
        if (productId === undefined || productId === null) {
          unknownProducts += 1;
          continue;
        }
        const sign = row.RecordType === 'Expense' ? -1 : 1;
        records.push({ recorderRef: (recorder as string).toLowerCase(), productId, qtyDelta: sign * toScaledInteger(Math.abs(qty), 1000), period });
      }
    },
    source.signal ? { signal: source.signal } : undefined,
  );
  return { records, unknownProducts };
}
