// ABC analysis by turnover (issue #6): consumption (sales and write-offs, not transfers; see
// consumptionFilterSql) over abcWindowDays × today's retail price, classes cut by cumulative share.
import { type AbcClass, type InvokeOutput } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { retailPriceTypeId } from '../inventory/retail-price-type';
import { retailPriceSql } from './displayed-qty.sql';
import { abcClassOf, consumptionFilterSql, dayMs } from './replenishment';
import { readReplenishmentSettings } from './replenishment-settings.service';

export type AbcReport = InvokeOutput<'replenishment.abc'>;
type AbcRow = AbcReport['items'][number];

/**
 * Every product with a positive turnover, largest first (ties by id), for one warehouse or all (null).
 * A product without a retail price has no turnover and is left out: ranking it by quantity alone
 * would mix units with roubles. `share` and `cumulativeShare` are PERCENT (0–100), like the
 * abcAPercent/abcBPercent thresholds they are compared with.
 */
export function computeAbc(db: AppDb, warehouseId: number | null, now: number): AbcReport {
  const settings = readReplenishmentSettings(db);
  const isOne = warehouseId !== null;
  // Walks movements_warehouse_period per warehouse: only the window of the ledger is read.
  const rows = cachedStatement(
    db,
    `WITH c AS MATERIALIZED (
       SELECT m.product_id, -sum(m.qty_delta) AS consumed
       FROM warehouses w CROSS JOIN movements m ON m.warehouse_id = w.id
       WHERE ${isOne ? 'w.id = @warehouseId' : '1'} AND ${consumptionFilterSql('m')}
       GROUP BY m.product_id),
     t AS (SELECT c.product_id, CAST(round(c.consumed * coalesce(${retailPriceSql('c.product_id')}, 0) / 1000.0) AS INTEGER) AS turnover FROM c)
     SELECT p.id AS productId, p.name, nullif(p.code, '') AS code, t.turnover
     FROM t JOIN products p ON p.id = t.product_id
     WHERE t.turnover > 0 ORDER BY t.turnover DESC, p.id`,
  ).all({
    since: now - settings.abcWindowDays * dayMs,
    until: now,
    priceTypeId: retailPriceTypeId(db) ?? -1,
    ...(isOne ? { warehouseId } : {}),
  }) as Array<{ productId: number; name: string; code: string | null; turnover: number }>;

  const total = rows.reduce((sum, row) => sum + row.turnover, 0);
  const counts: Record<AbcClass, number> = { A: 0, B: 0, C: 0 };
  let cumulative = 0;
  const items = rows.map((row, i): AbcRow => {
    cumulative += row.turnover;
    const abcClass = abcClassOf(cumulative, total, i === 0, settings);
    counts[abcClass] += 1;
    return { ...row, share: (row.turnover * 100) / total, cumulativeShare: (cumulative * 100) / total, abcClass };
  });
  return { items, counts };
}

/** Product id → class, for the replenishment list. */
export function abcClassesByProduct(db: AppDb, warehouseId: number | null, now: number): Map<number, AbcClass> {
  return new Map(computeAbc(db, warehouseId, now).items.map((row) => [row.productId, row.abcClass]));
}
