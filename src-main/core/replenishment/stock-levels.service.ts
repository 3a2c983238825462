// Min/max per product and warehouse: the list with each product's sales and suggestion, setting one
// product's levels by hand, and accepting suggestions (issue #6).
import { type StockLevelRow } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { AppError } from '../errors/app-error';
import { productSortKey } from '../inventory/product-sort-key';
import { displayedQtySql, pendingByProductCte } from './displayed-qty.sql';
import { consumptionFilterSql, productConsumptionSql, suggestionParams, suggestionSql } from './replenishment';
import { readReplenishmentSettings } from './replenishment-settings.service';

export type LevelsQuery = {
  warehouseId: number;
  search?: string;
  isSetOnly: boolean;
  limit: number;
  offset: number;
};

type Filter = { where: string; params: Record<string, unknown> };

function levelFilter(query: Pick<LevelsQuery, 'search' | 'isSetOnly'> & { productId?: number }): Filter {
  // Unary +: the page walks products_name_sort in order instead of sorting every live product.
  const where = ['+p.is_deleted = 0'];
  const params: Record<string, unknown> = {};
  const term = query.search?.trim() ?? '';
  if (term !== '') {
    // The name by its sort key (case- and ё-insensitive), the 1C code and article exactly.
    where.push(`(coalesce(p.name_sort, lower(p.name)) LIKE @like ESCAPE '\\' OR p.code = @term OR p.article = @term)`);
    params.like = `%${productSortKey(term).replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    params.term = term;
  }
  if (query.isSetOnly) where.push('EXISTS (SELECT 1 FROM stock_levels l WHERE l.product_id = p.id AND l.warehouse_id = @warehouseId)');
  if (query.productId !== undefined) {
    where.push('p.id = @productId');
    params.productId = query.productId;
  }
  return { where: where.join(' AND '), params };
}

function rowsSql(where: string): string {
  const s = suggestionSql('page.consumed', 'page.is_weighted');
  // Consumption and quantity only for the page's rows (index lookups), never for every product.
  return `WITH ${pendingByProductCte},
    base AS (SELECT p.id, p.name, p.code, p.is_weighted, p.name_sort FROM products p WHERE ${where}
      ORDER BY p.name_sort, p.id LIMIT @limit OFFSET @offset),
    page AS MATERIALIZED (SELECT base.*, ${productConsumptionSql('base.id')} AS consumed, ${displayedQtySql('base.id', '@warehouseId')} AS qty FROM base)
    SELECT page.id AS productId, page.name, nullif(page.code, '') AS code, page.qty,
      l.min_qty AS minQty, l.max_qty AS maxQty, l.source,
      ${s.avg} AS avgDailySales, ${s.min} AS suggestedMin, ${s.max} AS suggestedMax
    FROM page LEFT JOIN stock_levels l ON l.product_id = page.id AND l.warehouse_id = @warehouseId
    ORDER BY page.name_sort, page.id`;
}

/** A page of products (by name) with their quantity, levels, average daily sales and suggestion at the warehouse. */
export function listStockLevels(db: AppDb, query: LevelsQuery, now: number): { items: StockLevelRow[]; total: number } {
  requireWarehouse(db, query.warehouseId);
  const filter = levelFilter(query);
  const params = {
    ...filter.params,
    ...suggestionParams(readReplenishmentSettings(db), now),
    warehouseId: query.warehouseId,
    limit: query.limit,
    offset: query.offset,
  };
  const items = cachedStatement(db, rowsSql(filter.where)).all(params) as StockLevelRow[];
  const total = cachedStatement(db, `SELECT count(*) FROM products p WHERE ${filter.where}`)
    .pluck()
    .get({ ...filter.params, ...(query.isSetOnly ? { warehouseId: query.warehouseId } : {}) }) as number;
  return { items, total };
}

function readOne(db: AppDb, warehouseId: number, productId: number, now: number): StockLevelRow {
  const filter = levelFilter({ isSetOnly: false, productId });
  const row = cachedStatement(db, rowsSql(filter.where)).get({
    ...filter.params,
    ...suggestionParams(readReplenishmentSettings(db), now),
    warehouseId,
    limit: 1,
    offset: 0,
  }) as StockLevelRow | undefined;
  if (!row) throw new AppError('not_found', `Товар ${productId} не найден или помечен в 1С на удаление`);
  return row;
}

export type SetLevelInput = { warehouseId: number; productId: number; minQty: number | null; maxQty: number | null; now: number };

/** Sets levels by hand (source 'manual'); both null removes them. */
export function setStockLevel(db: AppDb, input: SetLevelInput): StockLevelRow {
  if (input.minQty !== null && input.maxQty !== null && input.maxQty < input.minQty) {
    throw new AppError('validation', 'Максимум меньше минимума: укажите максимум не меньше минимума.');
  }
  return db.sqlite
    .transaction((): StockLevelRow => {
      requireWarehouse(db, input.warehouseId);
      readOne(db, input.warehouseId, input.productId, input.now);
      if (input.minQty === null && input.maxQty === null) {
        cachedStatement(db, 'DELETE FROM stock_levels WHERE product_id = ? AND warehouse_id = ?').run(input.productId, input.warehouseId);
      } else {
        cachedStatement(
          db,
          `INSERT INTO stock_levels (product_id, warehouse_id, min_qty, max_qty, source, updated_at) VALUES (?, ?, ?, ?, 'manual', ?)
           ON CONFLICT (product_id, warehouse_id) DO UPDATE SET min_qty = excluded.min_qty, max_qty = excluded.max_qty,
             source = excluded.source, updated_at = excluded.updated_at`,
        ).run(input.productId, input.warehouseId, input.minQty, input.maxQty, input.now);
      }
      return readOne(db, input.warehouseId, input.productId, input.now);
    })
    .immediate();
}

export type AcceptInput = { warehouseId: number; productIds?: readonly number[]; now: number };

/**
 * Writes the suggested min/max (source 'suggested'). Only products that sold in the window: without
 * sales the suggestion is 0/0, which would only erase what is there. Without `productIds`: every
 * such product except those set by hand (a manager's numbers win over arithmetic); with them: those
 * products, hand-set ones included (the manager picked them). One statement, no per-product loop.
 */
export function acceptSuggestedLevels(db: AppDb, input: AcceptInput): { updated: number } {
  const s = suggestionSql('c.consumed', 'p.is_weighted');
  const isPicked = input.productIds !== undefined;
  const sql = `WITH c AS MATERIALIZED (
      SELECT m.product_id, -sum(m.qty_delta) AS consumed FROM movements m
      WHERE m.warehouse_id = @warehouseId AND ${consumptionFilterSql('m')}
      ${isPicked ? 'AND m.product_id IN (SELECT value FROM json_each(@productIds))' : ''}
      GROUP BY m.product_id)
    INSERT INTO stock_levels (product_id, warehouse_id, min_qty, max_qty, source, updated_at)
    SELECT c.product_id, @warehouseId, ${s.min}, ${s.max}, 'suggested', @now
    FROM c JOIN products p ON p.id = c.product_id
    WHERE c.consumed > 0 AND p.is_deleted = 0
      ${isPicked ? '' : "AND NOT EXISTS (SELECT 1 FROM stock_levels l WHERE l.product_id = c.product_id AND l.warehouse_id = @warehouseId AND l.source = 'manual')"}
    ON CONFLICT (product_id, warehouse_id) DO UPDATE SET min_qty = excluded.min_qty, max_qty = excluded.max_qty,
      source = excluded.source, updated_at = excluded.updated_at`;
  return db.sqlite
    .transaction(() => {
      requireWarehouse(db, input.warehouseId);
      const result = cachedStatement(db, sql).run({
        ...suggestionParams(readReplenishmentSettings(db), input.now),
        warehouseId: input.warehouseId,
        now: input.now,
        ...(isPicked ? { productIds: JSON.stringify(input.productIds) } : {}),
      });
      return { updated: result.changes };
    })
    .immediate();
}

export function requireWarehouse(db: AppDb, warehouseId: number): { id: number; name: string; isDeleted: boolean } {
  const row = cachedStatement(db, 'SELECT id, name, is_deleted AS isDeleted FROM warehouses WHERE id = ?').get(warehouseId) as
    | { id: number; name: string; isDeleted: number }
    | undefined;
  if (!row) throw new AppError('not_found', `Склад ${warehouseId} не найден`);
  return { ...row, isDeleted: row.isDeleted === 1 };
}
