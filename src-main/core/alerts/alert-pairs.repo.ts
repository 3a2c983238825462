// alert_pairs (the displayed quantity and minimum of every pair at the last evaluation, one row per
// pair for all rules) and alert_fired (when a rule last fired for a pair: the cooldown), and the
// counts of pairs a rule matches now, read from them.
import { type AppDb } from '../db/open';
import { forEachMultiRowBatch } from '../db/multi-row';
import { cachedStatement } from '../db/statement-cache';
import { missingCaseError } from '../errors/app-error';
import { type AlertRuleDbRow, alertRuleColumns, type AlertRuleRow, conditionHolds, fromDbRow } from './alert-rule';
import { allPairsSql, type DirtyPair } from './alert-qty.repo';
import { buildRuleIndex, type GroupParents } from './rule-index';

export function readActiveRules(db: AppDb): AlertRuleRow[] {
  const rows = cachedStatement(db, `SELECT ${alertRuleColumns} FROM alert_rules r WHERE r.is_active = 1`).all() as AlertRuleDbRow[];
  return rows.map(fromDbRow);
}

export function hasActiveRule(db: AppDb): boolean {
  return cachedStatement(db, 'SELECT EXISTS (SELECT 1 FROM alert_rules WHERE is_active = 1)').pluck().get() === 1;
}

export function readGroupParents(db: AppDb): GroupParents {
  const rows = cachedStatement(db, 'SELECT id, parent_id FROM product_groups').raw().all() as [number, number | null][];
  return new Map(rows);
}

/**
 * Records the evaluated values of dirty pairs (a chunk of takeDirtyPairs, in key order: the
 * statements walk the primary key forward, over pages just read): a pair known before (its old
 * values were read in this transaction, so its row exists) is updated — one search, where an upsert
 * first tries the insert — and only when a value changed; a new one is inserted. A pair whose
 * product or warehouse is marked deleted is removed, so it counts as first seen (nothing held
 * before) if it comes back. evaluated_at is thus when the values were last written.
 */
export function writeEvaluatedPairs(db: AppDb, pairs: readonly DirtyPair[], now: number): void {
  const update = cachedStatement(db, 'UPDATE alert_pairs SET qty = ?, min_qty = ?, evaluated_at = ? WHERE product_id = ? AND warehouse_id = ?');
  const insert = cachedStatement(db, 'INSERT INTO alert_pairs (product_id, warehouse_id, qty, min_qty, evaluated_at) VALUES (?, ?, ?, ?, ?)');
  const remove = cachedStatement(db, 'DELETE FROM alert_pairs WHERE product_id = ? AND warehouse_id = ?');
  for (const pair of pairs) {
    if (pair.isDeleted) {
      if (pair.oldQty !== null) remove.run(pair.productId, pair.warehouseId);
    } else if (pair.oldQty === null) {
      insert.run(pair.productId, pair.warehouseId, pair.qty, pair.minQty, now);
    } else if (pair.qty !== pair.oldQty || pair.minQty !== pair.oldMinQty) {
      update.run(pair.qty, pair.minQty, now, pair.productId, pair.warehouseId);
    }
  }
}

/** A rule whose condition became true for a pair: it fires unless the pair is inside the rule's cooldown. */
export type FiringCandidate = { rule: Pick<AlertRuleRow, 'id' | 'cooldownMinutes'>; pair: Pick<DirtyPair, 'productId' | 'warehouseId'> };

const firingKey = (ruleId: string, productId: number, warehouseId: number): string => `${ruleId}:${productId}:${warehouseId}`;

/**
 * THE COOLDOWN: which candidates fire (true) and which are inside their rule's cooldown (false),
 * in the candidates' order, recording the firings. alert_fired holds, per rule WITH a cooldown and
 * pair, when the rule last fired for it; it is a copy of what alert_events says (the newest alert of
 * the rule for the pair), kept so the decision needs no search of the history:
 * - a rule with cooldown 0 fires every time and records nothing here (a third of the marks of an
 *   alert storm); should it get a cooldown later, restoreCooldownMarks copies its last alerts from
 *   the history, so they count as they always did;
 * - the others are decided and recorded by one upsert per 50 candidates: a candidate fires when the
 *   rule never fired for the pair, or at least cooldown_minutes passed since it last did; each one
 *   that fires gets `now` (a conflicting row the WHERE keeps is left as it was). The candidates go in
 *   key order (rule, product, warehouse), so the upserts walk the primary key forward (at 6,000
 *   alerts about a third less than in pair order). Candidates are distinct (rule, pair)s, so when the
 *   upsert changed as many rows as it was given, all of them fired — the usual case. Only for a
 *   batch where some were held back is it undone (a savepoint around each batch) and run again with
 *   RETURNING, which names exactly those that fired: RETURNING on every batch cost ~40 % more.
 */
export function decideCooldown(db: AppDb, candidates: readonly FiringCandidate[], now: number): boolean[] {
  const fires = new Array<boolean>(candidates.length).fill(true);
  const rows: [string, number, number, number][] = [];
  for (const { rule, pair } of candidates) if (rule.cooldownMinutes !== 0) rows.push([rule.id, pair.productId, pair.warehouseId, now]);
  if (rows.length === 0) return fires;
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
  const upsertTail = `ON CONFLICT (rule_id, product_id, warehouse_id) DO UPDATE SET last_fired_at = excluded.last_fired_at
     WHERE (SELECT r.cooldown_minutes = 0 OR excluded.last_fired_at - alert_fired.last_fired_at >= r.cooldown_minutes * 60000 FROM alert_rules r WHERE r.id = excluded.rule_id)`;
  const savepoint = cachedStatement(db, 'SAVEPOINT alert_cooldown_batch');
  const release = cachedStatement(db, 'RELEASE alert_cooldown_batch');
  const undo = cachedStatement(db, 'ROLLBACK TO alert_cooldown_batch');
  const heldBack = new Set<string>();
  forEachMultiRowBatch(db, 'INSERT INTO alert_fired (rule_id, product_id, warehouse_id, last_fired_at)', '(?, ?, ?, ?)', rows, upsertTail, (statement, params, start, end) => {
    savepoint.run();
    if (statement.run(params).changes === end - start) {
      release.run();
      return;
    }
    undo.run();
    release.run();
    const fired = new Set(
      (cachedStatement(db, `${statement.source} RETURNING rule_id, product_id, warehouse_id`).raw().all(params) as [string, number, number][]).map(([ruleId, productId, warehouseId]) =>
        firingKey(ruleId, productId, warehouseId),
      ),
    );
    for (let i = start; i < end; i += 1) {
      const [ruleId, productId, warehouseId] = rows[i] as [string, number, number, number];
      const key = firingKey(ruleId, productId, warehouseId);
      if (!fired.has(key)) heldBack.add(key);
    }
  });
  if (heldBack.size === 0) return fires;
  for (let i = 0; i < candidates.length; i += 1) {
    const { rule, pair } = candidates[i] as FiringCandidate;
    if (rule.cooldownMinutes !== 0) fires[i] = !heldBack.has(firingKey(rule.id, pair.productId, pair.warehouseId));
  }
  return fires;
}

/**
 * A rule's cooldown changed (rules.service): its marks become its newest alert per pair from the
 * history that is still inside the new cooldown — what the evaluator would have recorded had the
 * rule always had it (it records nothing for a rule without a cooldown, and pruneCooldownMarks
 * drops marks the old cooldown no longer needed). Scans alert_events (no index by rule: a few
 * thousand rows a year, and cooldowns are seldom changed).
 */
export function restoreCooldownMarks(db: AppDb, ruleId: string, cooldownMinutes: number, now: number): void {
  cachedStatement(db, 'DELETE FROM alert_fired WHERE rule_id = ?').run(ruleId);
  if (cooldownMinutes === 0) return;
  // The joins keep out alerts of a product or warehouse that is gone (their ids are set null then,
  // unless the row was removed with the checks off).
  cachedStatement(
    db,
    `INSERT INTO alert_fired (rule_id, product_id, warehouse_id, last_fired_at)
     SELECT e.rule_id, e.product_id, e.warehouse_id, max(e.fired_at)
     FROM alert_events e
     JOIN products p ON p.id = e.product_id
     JOIN warehouses w ON w.id = e.warehouse_id
     WHERE e.rule_id = @ruleId
     GROUP BY e.product_id, e.warehouse_id
     HAVING max(e.fired_at) > @now - @cooldownMs`,
  ).run({ ruleId, now, cooldownMs: cooldownMinutes * 60_000 });
}

/**
 * Drops the marks whose cooldown is over at `now` (and those of rules with none): a missing mark
 * and an expired one decide the same (the candidate fires and the mark becomes `now`), so this only
 * keeps alert_fired from growing with every alert ever fired; a later change of the cooldown
 * restores from the history what the new one needs (restoreCooldownMarks). Returns the count.
 */
export function pruneCooldownMarks(db: AppDb, now: number): number {
  return cachedStatement(
    db,
    `DELETE FROM alert_fired
     WHERE last_fired_at <= @now - coalesce((SELECT r.cooldown_minutes FROM alert_rules r WHERE r.id = alert_fired.rule_id), 0) * 60000`,
  ).run({ now }).changes;
}

/**
 * Where the counts read pairs from. While a rule is active, alert_pairs: kept current by every
 * evaluation (up to the marks of the last fraction of a second), and holding only pairs whose
 * product and warehouse were live when last evaluated. While none is, alert_pairs is stale (the
 * triggers mark nothing), so the pairs are computed from the stock as it is (slower; no rule is
 * active, so only the rules screen asks).
 */
function pairSourceSql(db: AppDb): { sql: string; isLive: boolean } {
  if (hasActiveRule(db)) return { sql: 'alert_pairs', isLive: false };
  return { sql: `(${allPairsSql})`, isLive: true };
}

/** The condition as SQL over p.qty and p.min_qty; must agree with conditionHolds (a test compares them). */
function conditionSql(rule: Pick<AlertRuleRow, 'condition'>): string {
  switch (rule.condition) {
    case 'below':
      return 'p.qty < @threshold';
    case 'above':
      return 'p.qty > @threshold';
    case 'equals':
      return 'p.qty = @threshold';
    case 'zero':
      return 'p.qty <= 0';
    case 'below_min':
      return 'p.min_qty IS NOT NULL AND p.qty < p.min_qty';
    default:
      throw missingCaseError(rule.condition);
  }
}

/**
 * How many pairs in the rule's scope its condition holds for now: one count in SQL, for the one
 * rule a create, update or get returns (a store-wide rule counts 600,000 pairs in tens of ms).
 */
export function countMatchingPairs(db: AppDb, rule: AlertRuleRow): number {
  const params: Record<string, number> = {};
  if (rule.condition === 'below' || rule.condition === 'above' || rule.condition === 'equals') {
    // conditionHolds: a threshold condition without a threshold never holds.
    if (rule.threshold === null) return 0;
    params.threshold = rule.threshold;
  }
  const filters = [conditionSql(rule)];
  if (rule.scope === 'product') {
    filters.push('p.product_id = @productId');
    params.productId = rule.productId ?? -1;
  }
  if (rule.scope === 'group') {
    // From the group's products (products_group index) to their pairs, not a scan of every pair.
    filters.push('p.product_id IN (SELECT pr.id FROM products pr WHERE pr.group_id IN (SELECT id FROM subtree))');
    params.groupId = rule.groupId ?? -1;
  }
  if (rule.warehouseId !== null) {
    filters.push('p.warehouse_id = @warehouseId');
    params.warehouseId = rule.warehouseId;
  }
  // Same depth cap as the rule index (a cycle in hand-edited groups must not hang).
  const subtree =
    rule.scope === 'group' ? 'WITH RECURSIVE subtree(id, depth) AS (SELECT @groupId, 0 UNION SELECT g.id, t.depth + 1 FROM product_groups g JOIN subtree t ON g.parent_id = t.id WHERE t.depth < 63) ' : '';
  return cachedStatement(db, `${subtree}SELECT count(*) FROM ${pairSourceSql(db).sql} p WHERE ${filters.join(' AND ')}`)
    .pluck()
    .get(params) as number;
}

/**
 * How many pairs each rule matches now (active or not), for the rules list, through the rule index
 * and the same conditionHolds the evaluator uses (a query per rule would scan all pairs for every
 * wide rule). The pairs are read once, and for the rules that are not per product SQL first folds
 * them into (warehouse, group, quantity, minimum) buckets with a count: those rules cannot tell two
 * pairs of a bucket apart, and 670,000 pairs make some 10,000s of buckets, so JS handles far fewer
 * rows. The rules per product read only their products' pairs.
 */
export function countMatchingByRule(db: AppDb, rules: readonly AlertRuleRow[]): Map<string, number> {
  const counts = new Map<string, number>(rules.map((rule) => [rule.id, 0]));
  const add = (list: readonly AlertRuleRow[], qty: number, minQty: number | null, n: number): void => {
    for (const rule of list) if (conditionHolds(rule, qty, minQty)) counts.set(rule.id, (counts.get(rule.id) ?? 0) + n);
  };
  const source = pairSourceSql(db);
  const perProduct = rules.filter((rule) => rule.scope === 'product');
  const wide = rules.filter((rule) => rule.scope !== 'product');
  const groupParents = wide.length + perProduct.length > 0 ? readGroupParents(db) : new Map<number, number | null>();

  if (wide.length > 0) {
    const index = buildRuleIndex(wide, groupParents);
    const isGrouped = wide.some((rule) => rule.scope === 'group');
    const from = source.isLive ? `${source.sql} p` : `alert_pairs p${isGrouped ? ' JOIN products pr ON pr.id = p.product_id' : ''}`;
    const groupColumn = !isGrouped ? 'NULL' : source.isLive ? 'p.group_id' : 'pr.group_id';
    const buckets = cachedStatement(db, `SELECT p.warehouse_id, ${groupColumn}, p.qty, p.min_qty, count(*) FROM ${from} GROUP BY 1, 2, 3, 4`)
      .raw()
      .all() as [number, number | null, number, number | null, number][];
    for (const [warehouseId, groupId, qty, minQty, n] of buckets) add(index.candidates(-1, groupId, warehouseId), qty, minQty, n);
  }
  if (perProduct.length > 0) {
    const index = buildRuleIndex(perProduct, groupParents);
    const productIds = [...new Set(perProduct.map((rule) => rule.productId))];
    const pairs = cachedStatement(db, `SELECT p.product_id, p.warehouse_id, p.qty, p.min_qty FROM ${source.sql} p WHERE p.product_id IN (SELECT value FROM json_each(?))`)
      .raw()
      .all(JSON.stringify(productIds)) as [number, number, number, number | null][];
    for (const [productId, warehouseId, qty, minQty] of pairs) add(index.candidates(productId, null, warehouseId), qty, minQty, 1);
  }
  return counts;
}
