// Stock totals for the dashboard and the daily snapshots: total displayed quantity, its value at the
// retail price, products in stock and products running low. Aggregate statements over every stock
// row (200,000 products × a few warehouses): nothing is looped over per product in JS.
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { retailPriceTypeId } from '../inventory/retail-price-type';
import { displayedQtySql, pendingByProductCte } from '../replenishment/displayed-qty.sql';
import { hasActiveLowRule, ruleLowCtes } from './low-rule-pairs.sql';

export type StockTotals = {
  /** Null for the all-warehouses total. */
  warehouseId: number | null;
  totalQty: number;
  /** Kopecks. */
  stockValue: number;
  productsInStock: number;
  lowCount: number;
};

/** `perWarehouse`: one row per warehouse; a number: that warehouse; `all`: one overall row. */
export type TotalsScope = 'perWarehouse' | 'all' | number;

/** The retail price of a stock or pending row `r` (with product_id, characteristic_id): the variant's own where 1C has one. */
function rowPriceSql(r: string): string {
  const productPrice = `(SELECT pr.price FROM prices pr WHERE pr.product_id = ${r}.product_id AND pr.characteristic_id IS NULL AND pr.price_type_id = @priceTypeId)`;
  // Most rows have no variant: they skip the variant lookup (half the cost at 200,000 products).
  return `CASE WHEN ${r}.characteristic_id IS NULL THEN ${productPrice} ELSE coalesce(
    (SELECT pr.price FROM prices pr WHERE pr.product_id = ${r}.product_id AND pr.characteristic_id = ${r}.characteristic_id AND pr.price_type_id = @priceTypeId),
    ${productPrice}) END`;
}

/**
 * Quantity, value and products in stock, per product then summed: for one warehouse (@warehouseId)
 * or all. Stock is grouped by product along stock_product (no sort); value is qty × price per row
 * (variant prices), one price lookup per row. total(): a float sum cannot overflow where sum() of
 * qty × price (thousandths × kopecks) would throw on absurd data. Pending documents (few) are summed
 * once into a small table and added per product; when none are pending in the scope (the usual state
 * between documents) the statement does not mention them.
 */
function stockSql(isOne: boolean, hasPending: boolean): string {
  const stockWhere = isOne ? 'WHERE s.warehouse_id = @warehouseId' : '';
  const perProduct = `pp AS (
    SELECT s.product_id, sum(s.qty_1c) AS qty, total(s.qty_1c * ${rowPriceSql('s')}) AS value
    FROM stock s ${stockWhere} GROUP BY s.product_id)`;
  const tail = `SELECT coalesce(sum(qty), 0) AS totalQty, CAST(round(total(value) / 1000.0) AS INTEGER) AS stockValue,
      coalesce(sum(qty > 0), 0) AS productsInStock FROM p`;
  if (!hasPending) return `WITH ${perProduct}, p AS (SELECT * FROM pp) ${tail}`;
  return `WITH pending AS MATERIALIZED (
      SELECT e.product_id, sum(e.qty_delta) AS qty, total(e.qty_delta * ${rowPriceSql('e')}) AS value
      FROM pending_stock_effects e ${isOne ? 'WHERE e.warehouse_id = @warehouseId' : ''} GROUP BY e.product_id),
    ${perProduct},
    p AS (
      SELECT pp.product_id, pp.qty + coalesce(pe.qty, 0) AS qty, pp.value + coalesce(pe.value, 0) AS value
      FROM pp LEFT JOIN pending pe ON pe.product_id = pp.product_id
      UNION ALL
      SELECT pe.product_id, pe.qty, pe.value FROM pending pe
      WHERE NOT EXISTS (SELECT 1 FROM stock s WHERE s.product_id = pe.product_id ${isOne ? 'AND s.warehouse_id = @warehouseId' : ''}))
    ${tail}`;
}

/**
 * (product, warehouse) pairs running low: below their minimum (no stock row: quantity 0), or matching
 * an active low-stock alert rule (low-rule-pairs.sql.ts). Driven by stock_levels and alert_pairs,
 * each with index lookups, never by every product.
 */
function lowSql(scope: TotalsScope, hasRules: boolean): string {
  const isOne = typeof scope === 'number';
  const low = `WITH ${pendingByProductCte}, ${hasRules ? `${ruleLowCtes(isOne)},` : ''}
    low AS (
      SELECT l.product_id, l.warehouse_id FROM stock_levels l
      WHERE l.min_qty IS NOT NULL ${isOne ? 'AND l.warehouse_id = @warehouseId' : ''}
        AND ${displayedQtySql('l.product_id', 'l.warehouse_id')} < l.min_qty
      ${hasRules ? 'UNION SELECT product_id, warehouse_id FROM rule_low' : ''})`;
  if (scope === 'perWarehouse') return `${low} SELECT warehouse_id AS warehouseId, count(*) AS lowCount FROM low GROUP BY warehouse_id`;
  // A product low at two stores is one product running low.
  return `${low} SELECT count(DISTINCT product_id) AS lowCount FROM low`;
}

/** Totals in the scope; `perWarehouse`: every live warehouse and any other with stock, one statement each (warehouses are few). */
export function readStockTotals(db: AppDb, scope: TotalsScope): StockTotals[] {
  const priceTypeId = retailPriceTypeId(db) ?? -1;
  const hasRules = hasActiveLowRule(db);
  if (scope === 'perWarehouse') {
    const ids = cachedStatement(db, 'SELECT id FROM warehouses WHERE is_deleted = 0 OR id IN (SELECT DISTINCT warehouse_id FROM stock) ORDER BY id').pluck().all() as number[];
    const low = new Map(
      (cachedStatement(db, lowSql('perWarehouse', hasRules)).all() as Array<{ warehouseId: number; lowCount: number }>).map((row) => [row.warehouseId, row.lowCount]),
    );
    return ids.map((warehouseId) => ({ ...readStock(db, warehouseId, priceTypeId), warehouseId, lowCount: low.get(warehouseId) ?? 0 }));
  }
  const isOne = typeof scope === 'number';
  const params = isOne ? { warehouseId: scope } : {};
  const lowCount = cachedStatement(db, lowSql(scope, hasRules)).pluck().get(params) as number;
  return [{ ...readStock(db, isOne ? scope : null, priceTypeId), warehouseId: isOne ? scope : null, lowCount }];
}

function readStock(db: AppDb, warehouseId: number | null, priceTypeId: number): Omit<StockTotals, 'warehouseId' | 'lowCount'> {
  const isOne = warehouseId !== null;
  const hasPending =
    cachedStatement(db, `SELECT EXISTS (SELECT 1 FROM pending_stock_effects${isOne ? ' WHERE warehouse_id = ?' : ''})`)
      .pluck()
      .get(...(isOne ? [warehouseId] : [])) === 1;
  return cachedStatement(db, stockSql(isOne, hasPending)).get({ priceTypeId, ...(isOne ? { warehouseId } : {}) }) as Omit<StockTotals, 'warehouseId' | 'lowCount'>;
}
