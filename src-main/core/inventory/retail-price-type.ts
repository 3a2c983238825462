// Which price the store shows (stock table, product card, price tags, default line prices). 1C has no
// "retail" flag on price types: the one marked retail here (the demo catalog marks one), else the one
// named so («Розничная», «Розничная цена»…), else the first.
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';

export const retailPriceTypeSql = `SELECT id FROM price_types WHERE is_deleted = 0
  ORDER BY is_retail DESC, name LIKE '%озничн%' DESC, id LIMIT 1`;

/** The retail price type's id, or null when no price type is mirrored. */
export function retailPriceTypeId(db: AppDb): number | null {
  const row = cachedStatement(db, retailPriceTypeSql).get() as { id: number } | undefined;
  return row?.id ?? null;
}
