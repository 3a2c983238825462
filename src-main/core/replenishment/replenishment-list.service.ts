// The replenishment list of a warehouse (issue #6): what is below its minimum, how much to order, and
// where another store (a warehouse in 1C) could give it without going below its own minimum.
import { type ReplenishmentRow } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { abcClassesByProduct } from './abc.service';
import { displayedQtySql, pendingByProductCte } from './displayed-qty.sql';
import {
  ceilToUnits,
  floorToUnits,
  otherStoreText,
  productConsumptionSql,
  suggestionParams,
  suggestionSql,
  supplierText,
} from './replenishment';
import { readReplenishmentSettings } from './replenishment-settings.service';
import { requireWarehouse } from './stock-levels.service';

type LowRow = {
  productId: number;
  name: string;
  code: string | null;
  unitName: string | null;
  isWeighted: number;
  qty: number;
  minQty: number;
  maxQty: number | null;
  avgDailySales: number;
};

type SourceRow = { productId: number; warehouseId: number; warehouseName: string; qty: number; minQty: number | null };

const classOrder = { A: 0, B: 1, C: 2 } as const;

/**
 * Products whose displayed quantity is below the minimum set for the warehouse. orderQty fills up to
 * the maximum (to the minimum when no maximum is set), in whole units unless sold by weight. Sources:
 * other live warehouses whose displayed quantity exceeds their own minimum (available = qty − min,
 * or qty when they have no minimum), largest first. Sorted by ABC class (A first, unclassed last),
 * then by name.
 */
export function buildReplenishmentList(db: AppDb, warehouseId: number, now: number): { items: ReplenishmentRow[]; generatedAt: number } {
  return db.sqlite.transaction(() => {
    requireWarehouse(db, warehouseId);
    const settings = readReplenishmentSettings(db);
    const s = suggestionSql('low.consumed', 'low.is_weighted');
    // stock_levels rows of this warehouse only; quantity and sales by index per row.
    const low = cachedStatement(
      db,
      `WITH ${pendingByProductCte},
       levels AS MATERIALIZED (
         SELECT l.product_id, l.min_qty, l.max_qty, ${displayedQtySql('l.product_id', '@warehouseId')} AS qty
         FROM stock_levels l WHERE l.warehouse_id = @warehouseId AND l.min_qty IS NOT NULL),
       low AS MATERIALIZED (
         SELECT levels.*, p.name, p.code, p.is_weighted, u.name AS unit_name, ${productConsumptionSql('levels.product_id')} AS consumed
         FROM levels JOIN products p ON p.id = levels.product_id LEFT JOIN units u ON u.id = p.unit_id
         WHERE levels.qty < levels.min_qty AND p.is_deleted = 0)
       SELECT low.product_id AS productId, low.name, nullif(low.code, '') AS code, low.unit_name AS unitName, low.is_weighted AS isWeighted,
         low.qty, low.min_qty AS minQty, low.max_qty AS maxQty, ${s.avg} AS avgDailySales
       FROM low`,
    ).all({ ...suggestionParams(settings, now), warehouseId }) as LowRow[];
    if (low.length === 0) return { items: [], generatedAt: now };

    const sources = new Map<number, SourceRow[]>();
    for (const source of readSources(db, warehouseId, low.map((row) => row.productId))) {
      const list = sources.get(source.productId) ?? [];
      list.push(source);
      sources.set(source.productId, list);
    }
    const classes = abcClassesByProduct(db, warehouseId, now);
    const items = low.map((row): ReplenishmentRow => {
      const isWeighted = row.isWeighted === 1;
      const own = (sources.get(row.productId) ?? [])
        .map((source) => ({
          warehouseId: source.warehouseId,
          warehouseName: source.warehouseName,
          available: floorToUnits(source.qty - (source.minQty ?? 0), isWeighted),
        }))
        .filter((source) => source.available > 0)
        .sort((a, b) => b.available - a.available || a.warehouseId - b.warehouseId);
      const isElsewhere = own.length > 0;
      return {
        productId: row.productId,
        name: row.name,
        code: row.code,
        unitName: row.unitName,
        qty: row.qty,
        minQty: row.minQty,
        maxQty: row.maxQty,
        orderQty: ceilToUnits((row.maxQty ?? row.minQty) - row.qty, isWeighted),
        abcClass: classes.get(row.productId) ?? null,
        avgDailySales: row.avgDailySales,
        sources: own,
        availability: isElsewhere ? 'other_store' : 'supplier',
        availabilityText: isElsewhere ? otherStoreText(settings.transferEtaDays) : supplierText,
      };
    });
    items.sort(
      (a, b) =>
        (a.abcClass === null ? 3 : classOrder[a.abcClass]) - (b.abcClass === null ? 3 : classOrder[b.abcClass]) ||
        a.name.localeCompare(b.name, 'ru') ||
        a.productId - b.productId,
    );
    return { items, generatedAt: now };
  })();
}

/** Displayed quantity and minimum of the low products at every other live warehouse (one statement). */
function readSources(db: AppDb, warehouseId: number, productIds: readonly number[]): SourceRow[] {
  return cachedStatement(
    db,
    `WITH ${pendingByProductCte},
     wanted AS (SELECT value AS product_id FROM json_each(@productIds)),
     q AS MATERIALIZED (
       SELECT wanted.product_id, w.id AS warehouse_id, w.name AS warehouse_name, ${displayedQtySql('wanted.product_id', 'w.id')} AS qty
       FROM wanted CROSS JOIN warehouses w WHERE w.id <> @warehouseId AND w.is_deleted = 0)
     SELECT q.product_id AS productId, q.warehouse_id AS warehouseId, q.warehouse_name AS warehouseName, q.qty, l.min_qty AS minQty
     FROM q LEFT JOIN stock_levels l ON l.product_id = q.product_id AND l.warehouse_id = q.warehouse_id
     WHERE q.qty > coalesce(l.min_qty, 0)`,
  ).all({ warehouseId, productIds: JSON.stringify(productIds) }) as SourceRow[];
}
