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

/** Displayed quantity: the 1C balance of the chosen warehouse (or of all), in thousandths. */
const qtyExpr = (hasWarehouse: boolean) =>
  `coalesce((SELECT sum(s.qty_1c) FROM stock s WHERE s.product_id = p.id${hasWarehouse ? ' AND s.warehouse_id = @warehouseId' : ''}), 0)`;
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

export function listProducts(db: AppDb, query: ProductListQuery): ProductPage {
  const hasWarehouse = query.warehouseId !== undefined;
  const fts = query.search === undefined ? null : toFtsQuery(query.search);
  const hasSearchText = query.search !== undefined && query.search.trim().length > 0;
  if (hasSearchText && fts === null) return { rows: [], total: 0 };

  const filters = ['p.is_deleted = 0'];
  if (query.groupId !== undefined) filters.push('p.group_id = @groupId');
  if (query.inStockOnly) filters.push(`${qtyExpr(hasWarehouse)} > 0`);
  const params = {
    fts: fts ?? undefined,
    groupId: query.groupId,
    warehouseId: query.warehouseId,
    priceTypeId: retailPriceTypeId(db),
    limit: query.limit,
    offset: query.offset,
  };
  // better-sqlite3 ignores named parameters a statement does not use, so every statement shares one binding.
  const bound = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const total = countProducts(db, fts, filters, bound);

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
  const rowsSql = `SELECT p.id, p.code, p.article, p.name,
      coalesce(u.name, '') AS unit,
      (SELECT b.code FROM barcodes b WHERE b.product_id = p.id ORDER BY b.id LIMIT 1) AS barcode,
      g.name AS groupName,
      ${priceExpr} AS price,
      ${qtyExpr(hasWarehouse)} AS qty,
      ${asOfExpr(hasWarehouse)} AS asOf
    ${from}
    LEFT JOIN units u ON u.id = p.unit_id
    LEFT JOIN product_groups g ON g.id = p.group_id
    WHERE ${where.join(' AND ')}
    ORDER BY ${sortColumns[query.sort.by]} ${direction}, p.id ${direction}
    LIMIT @limit OFFSET @offset`;
  const rows = cachedStatement(db, rowsSql).all(bound) as ProductRow[];
  return { rows, total };
}

function countProducts(db: AppDb, fts: string | null, filters: string[], bound: Record<string, unknown>): number {
  const isOnlyLiveFilter = filters.length === 1;
  const sql = !fts
    ? `SELECT count(*) AS total FROM products p WHERE ${filters.join(' AND ')}`
    : isOnlyLiveFilter
      ? 'SELECT count(*) AS total FROM products_fts WHERE products_fts MATCH @fts'
      : `SELECT count(*) AS total FROM products_fts f JOIN products p ON p.id = f.rowid
         WHERE products_fts MATCH @fts AND ${filters.join(' AND ')}`;
  return (cachedStatement(db, sql).get(bound) as { total: number }).total;
}

export function getProduct(db: AppDb, id: number, warehouseId?: number): ProductDetail {
  const page = cachedStatement(
    db,
    `SELECT p.id, p.ref_1c AS ref1c, p.code, p.article, p.name, coalesce(u.name, '') AS unit,
      (SELECT b.code FROM barcodes b WHERE b.product_id = p.id ORDER BY b.id LIMIT 1) AS barcode,
      g.name AS groupName, ${priceExpr} AS price, ${qtyExpr(warehouseId !== undefined)} AS qty,
      ${asOfExpr(warehouseId !== undefined)} AS asOf
    FROM products p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN product_groups g ON g.id = p.group_id
    WHERE p.id = @id`,
  ).get(
    warehouseId === undefined
      ? { id, priceTypeId: retailPriceTypeId(db) }
      : { id, priceTypeId: retailPriceTypeId(db), warehouseId },
  ) as (Omit<ProductDetail, 'barcodes' | 'stock' | 'prices'>) | undefined;
  if (!page) throw new AppError('not_found', `Товар ${id} не найден`);

  const barcodes = cachedStatement(
    db,
    `SELECT b.code, c.name AS characteristic FROM barcodes b
     LEFT JOIN characteristics c ON c.id = b.characteristic_id WHERE b.product_id = ? ORDER BY b.id`,
  ).all(id) as ProductDetail['barcodes'];
  const stockRows = cachedStatement(
    db,
    `SELECT w.id AS warehouseId, w.name AS warehouse, sum(s.qty_1c) AS qty, min(s.as_of_1c) AS asOf
     FROM stock s JOIN warehouses w ON w.id = s.warehouse_id
     WHERE s.product_id = ? GROUP BY w.id ORDER BY w.is_home DESC, w.name`,
  ).all(id) as ProductDetail['stock'];
  const prices = cachedStatement(
    db,
    `SELECT t.name AS priceType, pr.price FROM prices pr JOIN price_types t ON t.id = pr.price_type_id
     WHERE pr.product_id = ? AND pr.characteristic_id IS NULL ORDER BY t.is_retail DESC, t.name`,
  ).all(id) as ProductDetail['prices'];
  return { ...page, barcodes, stock: stockRows, prices };
}

/** The price shown in the table: the retail price type (the first one marked retail). */
function retailPriceTypeId(db: AppDb): number {
  const row = cachedStatement(db, 'SELECT id FROM price_types WHERE is_retail = 1 ORDER BY id LIMIT 1').get() as
    | { id: number }
    | undefined;
  return row?.id ?? 0;
}
