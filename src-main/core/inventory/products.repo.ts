import {
  type ProductDetail,
  type ProductListQuery,
  type ProductPage,
  type ProductRow,
} from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { toFtsQuery } from './search-query';
import { cachedStatement } from '../db/statement-cache';
import { retailPriceTypeId } from './retail-price-type';

// Hand-written SQL on purpose: this is the hot path of the stock screen (200,000 products, p95 goal
// 30 ms), it needs FTS5 MATCH and a sort column chosen at run time, and drizzle's query builder
// neither speaks MATCH nor caches prepared statements.

const sortColumns = {
  name: 'p.name_sort',
  code: 'p.code',
  article: 'p.article',
  qty: 'qty',
  price: 'price',
} as const satisfies Record<ProductListQuery['sort']['by'], string>;

/** The 1C balance of the chosen warehouse (or of all), in thousandths. */
const qty1cExpr = (hasWarehouse: boolean) =>
  `coalesce((SELECT sum(s.qty_1c) FROM stock s WHERE s.product_id = p.id${hasWarehouse ? ' AND s.warehouse_id = @warehouseId' : ''}), 0)`;

/** SQL pieces adding the pending local documents to a query over `products p`. */
type PendingSql = { cte: string; join: string; qty: string };

const noPending: PendingSql = { cte: '', join: '', qty: '0' };

/**
 * Displayed quantity = qty_1c + the effect of local documents 1C's balance does not include yet (view
 * pending_stock_effects, migration 0004: queued/sending documents, and posted ones later than the
 * warehouse's balance time). Pending documents are few, so their effect is summed once per statement
 * into a small table and joined per product; `pe.qty` then serves both the displayed quantity and
 * `qty1c` (= qty − pending) without reading stock twice per product. When nothing is pending in the
 * scope (the usual state between documents) the statements are exactly the ones without documents:
 * the per-product join costs ~10 % on queries that compute every product's quantity (qty sort, in-stock).
 */
function pendingSql(db: AppDb, scope: { warehouseId?: number; productId?: number }): PendingSql {
  const filters = [
    ...(scope.warehouseId !== undefined ? ['warehouse_id = @warehouseId'] : []),
    ...(scope.productId !== undefined ? ['product_id = @productId'] : []),
  ];
  const where = filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : '';
  const isAny = cachedStatement(db, `SELECT EXISTS (SELECT 1 FROM pending_stock_effects${where})`)
    .pluck()
    .get(Object.fromEntries(Object.entries(scope).filter(([, v]) => v !== undefined)));
  if (isAny !== 1) return noPending;
  return {
    cte: `WITH pending AS MATERIALIZED (SELECT product_id, sum(qty_delta) AS qty FROM pending_stock_effects${where} GROUP BY product_id)`,
    join: 'LEFT JOIN pending pe ON pe.product_id = p.id',
    qty: 'coalesce(pe.qty, 0)',
  };
}

const qtyExpr = (hasWarehouse: boolean, pending: PendingSql) =>
  pending === noPending ? qty1cExpr(hasWarehouse) : `(${qty1cExpr(hasWarehouse)} + ${pending.qty})`;

const asOfExpr = (hasWarehouse: boolean) =>
  `(SELECT min(s.as_of_1c) FROM stock s WHERE s.product_id = p.id${hasWarehouse ? ' AND s.warehouse_id = @warehouseId' : ''})`;
const priceExpr = `(SELECT pr.price FROM prices pr WHERE pr.product_id = p.id AND pr.characteristic_id IS NULL
  AND pr.price_type_id = @priceTypeId)`;

/** Above this many matches, walking the sort index beats sorting every match (measured, bench/). */
const broadMatchThreshold = 1_500;
const sortIndexes: Partial<Record<ProductListQuery['sort']['by'], string>> = {
  name: 'products_name_sort',
  code: 'products_code',
  article: 'products_article',
};

/** A stock table row: `qty` is the displayed quantity, `qty1c` the last 1C balance (shown both when they differ). */
export type StockProductRow = ProductRow & { qty1c: number };
export type StockProductPage = Omit<ProductPage, 'rows'> & { rows: StockProductRow[] };
export type StockProductDetail = Omit<ProductDetail, 'stock'> & {
  qty1c: number;
  stock: Array<ProductDetail['stock'][number] & { qty1c: number }>;
};

type RawRow = ProductRow & { pendingQty: number };

export function listProducts(db: AppDb, query: ProductListQuery): StockProductPage {
  const hasWarehouse = query.warehouseId !== undefined;
  const fts = query.search === undefined ? null : toFtsQuery(query.search);
  const hasSearchText = query.search !== undefined && query.search.trim().length > 0;
  if (hasSearchText && fts === null) return { rows: [], total: 0 };

  const pending = pendingSql(db, { warehouseId: query.warehouseId });
  const filters = ['p.is_deleted = 0'];
  if (query.groupId !== undefined) filters.push('p.group_id = @groupId');
  if (query.inStockOnly) filters.push(`${qtyExpr(hasWarehouse, pending)} > 0`);
  const params = {
    fts: fts ?? undefined,
    groupId: query.groupId,
    warehouseId: query.warehouseId,
    priceTypeId: retailPriceTypeId(db) ?? 0,
    limit: query.limit,
    offset: query.offset,
  };
  // better-sqlite3 ignores named parameters a statement does not use, so every statement shares one binding.
  const bound = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const total = countProducts(db, fts, filters, bound, query.inStockOnly === true ? pending : noPending);

  // Deleted products are not in the FTS index (migration 0001), so MATCH alone finds live ones.
  // Few matches: start from FTS and sort them. Many matches sorted by an indexed column: walk that
  // index in order and keep the rows FTS matched, stopping at the page end instead of sorting all.
  const sortIndex = sortIndexes[query.sort.by];
  let from = 'FROM products p';
  // Unary + keeps SQLite from choosing products_active (nearly every row is live) over the sort
  // index for the row query; the count still uses it. Without it the first page sorted 200,000 rows.
  const where = ['+p.is_deleted = 0', ...filters.slice(1)];
  if (fts && sortIndex && total > broadMatchThreshold) {
    from = `FROM products p INDEXED BY ${sortIndex}`;
    where.push('p.id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH @fts)');
  } else if (fts) {
    from = 'FROM products_fts f JOIN products p ON p.id = f.rowid';
    where.push('products_fts MATCH @fts');
  }

  const direction = query.sort.desc ? 'DESC' : 'ASC';
  const rowsSql = `${pending.cte}
    SELECT p.id, p.code, p.article, p.name,
      coalesce(u.name, '') AS unit,
      (SELECT b.code FROM barcodes b WHERE b.product_id = p.id ORDER BY b.id LIMIT 1) AS barcode,
      g.name AS groupName,
      ${priceExpr} AS price,
      ${qtyExpr(hasWarehouse, pending)} AS qty,
      ${pending.qty} AS pendingQty,
      ${asOfExpr(hasWarehouse)} AS asOf
    ${from}
    ${pending.join}
    LEFT JOIN units u ON u.id = p.unit_id
    LEFT JOIN product_groups g ON g.id = p.group_id
    WHERE ${where.join(' AND ')}
    ORDER BY ${sortColumns[query.sort.by]} ${direction}, p.id ${direction}
    LIMIT @limit OFFSET @offset`;
  const rows = (cachedStatement(db, rowsSql).all(bound) as RawRow[]).map(withQty1c);
  return { rows, total };
}

function withQty1c({ pendingQty, ...row }: RawRow): StockProductRow {
  return { ...row, qty1c: row.qty - pendingQty };
}

function countProducts(
  db: AppDb,
  fts: string | null,
  filters: string[],
  bound: Record<string, unknown>,
  /** Only the in-stock filter reads the displayed quantity, so only it passes the pending documents. */
  pending: PendingSql,
): number {
  const isOnlyLiveFilter = filters.length === 1;
  const sql = !fts
    ? `${pending.cte} SELECT count(*) AS total FROM products p ${pending.join} WHERE ${filters.join(' AND ')}`
    : isOnlyLiveFilter
      ? 'SELECT count(*) AS total FROM products_fts WHERE products_fts MATCH @fts'
      : `${pending.cte} SELECT count(*) AS total FROM products_fts f JOIN products p ON p.id = f.rowid ${pending.join}
         WHERE products_fts MATCH @fts AND ${filters.join(' AND ')}`;
  return (cachedStatement(db, sql).get(bound) as { total: number }).total;
}

export function getProduct(db: AppDb, id: number, warehouseId?: number): StockProductDetail {
  const hasWarehouse = warehouseId !== undefined;
  const pending = pendingSql(db, { warehouseId, productId: id });
  const raw = cachedStatement(
    db,
    `${pending.cte}
    SELECT p.id, p.ref_1c AS ref1c, p.code, p.article, p.name, coalesce(u.name, '') AS unit,
      (SELECT b.code FROM barcodes b WHERE b.product_id = p.id ORDER BY b.id LIMIT 1) AS barcode,
      g.name AS groupName, ${priceExpr} AS price, ${qtyExpr(hasWarehouse, pending)} AS qty, ${pending.qty} AS pendingQty,
      ${asOfExpr(hasWarehouse)} AS asOf
    FROM products p ${pending.join} LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN product_groups g ON g.id = p.group_id
    WHERE p.id = @id`,
  ).get(
    warehouseId === undefined
      ? { id, productId: id, priceTypeId: retailPriceTypeId(db) }
      : { id, productId: id, priceTypeId: retailPriceTypeId(db) ?? 0, warehouseId },
  ) as (Omit<ProductDetail, 'barcodes' | 'stock' | 'prices'> & { pendingQty: number }) | undefined;
  if (!raw) throw new AppError('not_found', `Товар ${id} не найден`);
  const { pendingQty, ...page } = raw;

  const barcodes = cachedStatement(
    db,
    `SELECT b.code, c.name AS characteristic FROM barcodes b
     LEFT JOIN characteristics c ON c.id = b.characteristic_id WHERE b.product_id = ? ORDER BY b.id`,
  ).all(id) as ProductDetail['barcodes'];
  // Every warehouse with a 1C balance row or a pending local effect: a receipt of a product 1C has no
  // balance for shows up before 1C confirms it.
  const stockRows = cachedStatement(
    db,
    `WITH q1c AS (SELECT warehouse_id, sum(qty_1c) AS qty, min(as_of_1c) AS asOf FROM stock WHERE product_id = @id GROUP BY warehouse_id),
      pending AS MATERIALIZED (SELECT warehouse_id, sum(qty_delta) AS qty FROM pending_stock_effects WHERE product_id = @id GROUP BY warehouse_id)
     SELECT w.id AS warehouseId, w.name AS warehouse, coalesce(q.qty, 0) + coalesce(pe.qty, 0) AS qty,
       coalesce(q.qty, 0) AS qty1c, q.asOf AS asOf
     FROM warehouses w LEFT JOIN q1c q ON q.warehouse_id = w.id LEFT JOIN pending pe ON pe.warehouse_id = w.id
     WHERE q.warehouse_id IS NOT NULL OR pe.warehouse_id IS NOT NULL
     ORDER BY w.is_home DESC, w.name`,
  ).all({ id }) as StockProductDetail['stock'];
  const prices = cachedStatement(
    db,
    `SELECT t.name AS priceType, pr.price FROM prices pr JOIN price_types t ON t.id = pr.price_type_id
     WHERE pr.product_id = ? AND pr.characteristic_id IS NULL ORDER BY t.is_retail DESC, t.name`,
  ).all(id) as ProductDetail['prices'];
  return { ...page, qty1c: page.qty - pendingQty, barcodes, stock: stockRows, prices };
}

