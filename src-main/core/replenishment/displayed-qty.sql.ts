// SQL fragments for the displayed quantity (architecture §4: qty_1c + local documents 1C has not
// counted yet) of a product at a warehouse, summed over its variants. Shared by the replenishment
// reports and the dashboard so both show the number the stock table shows.
//
// The view pending_stock_effects parses the balances cursor per warehouse on every evaluation, so it
// is read ONCE per statement into a small MATERIALIZED table (pending documents are few) and looked
// up per row from there; SQLite builds an automatic index on it for the correlated lookups.

/** A CTE named `pending` (product_id, warehouse_id, qty): put it first in a WITH list. */
export const pendingByProductCte = `pending AS MATERIALIZED (
  SELECT product_id, warehouse_id, sum(qty_delta) AS qty FROM pending_stock_effects GROUP BY product_id, warehouse_id
)`;

/** The displayed quantity (thousandths) of product `p` at warehouse `w`; needs `pendingByProductCte`. */
export function displayedQtySql(p: string, w: string): string {
  return `(coalesce((SELECT sum(s.qty_1c) FROM stock s WHERE s.product_id = ${p} AND s.warehouse_id = ${w}), 0)
    + coalesce((SELECT pe.qty FROM pending pe WHERE pe.product_id = ${p} AND pe.warehouse_id = ${w}), 0))`;
}

/** The retail price (kopecks, variant-less row) of product `p` under price type `@priceTypeId`, or NULL. */
export function retailPriceSql(p: string): string {
  return `(SELECT pr.price FROM prices pr WHERE pr.product_id = ${p} AND pr.characteristic_id IS NULL AND pr.price_type_id = @priceTypeId)`;
}
