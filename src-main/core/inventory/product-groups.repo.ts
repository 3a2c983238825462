import { type ProductGroup } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';

/** Live product groups with their full path, in path order (for pickers: a group rule covers its subgroups). */
export function listProductGroups(db: AppDb): ProductGroup[] {
  // The recursive walk stops at 64 levels: a parent cycle written by a broken import cannot loop.
  return cachedStatement(
    db,
    `WITH RECURSIVE tree (id, name, parent_id, path, depth) AS (
       SELECT id, name, parent_id, name, 0 FROM product_groups WHERE parent_id IS NULL AND is_deleted = 0
       UNION ALL
       SELECT g.id, g.name, g.parent_id, t.path || ' / ' || g.name, t.depth + 1
       FROM product_groups g JOIN tree t ON g.parent_id = t.id
       WHERE g.is_deleted = 0 AND t.depth < 64
     )
     SELECT id, name, parent_id AS parentId, path FROM tree ORDER BY path`,
  ).all() as ProductGroup[];
}
