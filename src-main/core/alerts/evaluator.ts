// Evaluation after stock changes (issue #6): the (product, warehouse) pairs that triggers marked in
// alert_dirty are taken with their displayed quantities and the values alert_pairs holds from the
// previous evaluation, matched against the active rules in memory, and the alerts (each with the
// channels it goes out through), the cooldown marks and the new pair values are written in ONE
// transaction with the removal of the marks, so a crash either evaluates a change fully or leaves it
// marked. The alerts' delivery rows are made from their channels after the commit, once the alerts
// are announced (alert-deliveries.repo: the controller calls createDeliveries; a crash in between is
// repaired at the next start).
//
// Alerts are edge-triggered: a rule fires for a pair when its condition is true for the new values
// and was false for the previous ones (conditions are pure functions of quantity and minimum, so
// "was true" needs no per-rule state), and not again within the rule's cooldown after its last alert
// for that pair (alert_fired). A true condition that arrives inside the cooldown passes without an
// alert; it fires again only after it has become false and then true once more.
//
// An alert fires only when a condition becomes true AFTER the rule exists: the previous values are
// those of the last evaluation, or of the silent baseline taken when the first rule became active
// (rules.service). A pair missing from alert_pairs (a product stocked at a warehouse for the first
// time) had no quantity, so no condition held for it: a new product arriving at zero fires 'zero'
// (the event's old quantity is null).
import { type AlertChannel } from '../../../src-preload/contract/alerts';
import { type AppDb } from '../db/open';
import { runMultiRow } from '../db/multi-row';
import { cachedStatement } from '../db/statement-cache';
import { idsAt } from './alert-ids';
import { alertMessage, type AlertSubject } from './alert-message';
import { decideCooldown, readActiveRules, readGroupParents, writeEvaluatedPairs } from './alert-pairs.repo';
import { type DirtyPair, takeDirtyPairs } from './alert-qty.repo';
import { type AlertRuleRow, conditionBecameTrue } from './alert-rule';
import { buildRuleIndex } from './rule-index';

/** One alert created by an evaluation (committed; its delivery rows are made by createDeliveries). */
export type FiredAlert = {
  id: string;
  ruleId: string;
  ruleName: string;
  productId: number;
  warehouseId: number;
  oldQty: number | null;
  newQty: number;
  message: string;
  firedAt: number;
  channels: AlertChannel[];
};

type Firing = { rule: AlertRuleRow; pair: DirtyPair };

/**
 * Evaluates every dirty pair against the active rules and returns the alerts it created. Synchronous
 * (better-sqlite3): callers serialize it by construction; the controller only decides when to call.
 */
export function evaluateAlerts(db: AppDb, clock: () => number): FiredAlert[] {
  // Writing 10,000 remembered pairs dirties ~4,000 pages; with the default auto-checkpoint the commit
  // would copy them into the database file (~100 ms) before the alerts are announced. The controller
  // checkpoints right after announcing (checkpointAfterEvaluation), off the alert's path.
  const previousAutocheckpoint = Number(db.sqlite.pragma('wal_autocheckpoint', { simple: true }));
  // The evaluation writes only child rows whose parents it has just read in its own transaction
  // (the pairs' products and warehouses through takeDirtyPairs' inner joins, the active rules, the
  // events it inserted before their deliveries) and deletes no parent row, so foreign key checks can
  // find nothing and cascade nothing here: at 6,000 alerts they cost ~20 ms, mostly a random read of
  // the products table per cooldown mark. Off for this transaction only (a statement or a
  // transaction around the call keeps them on: SQLite ignores the pragma inside one); back on
  // before anything else runs on the connection (better-sqlite3 is synchronous). Switching makes
  // SQLite re-prepare the connection's statements at their next run, well under a millisecond here.
  const previousForeignKeys = Number(db.sqlite.pragma('foreign_keys', { simple: true }));
  db.sqlite.pragma('wal_autocheckpoint = 0');
  db.sqlite.pragma('foreign_keys = OFF');
  try {
    return evaluateInTransaction(db, clock);
  } finally {
    db.sqlite.pragma(`foreign_keys = ${previousForeignKeys === 1 ? 'ON' : 'OFF'}`);
    db.sqlite.pragma(`wal_autocheckpoint = ${previousAutocheckpoint}`);
  }
}

/** A passive WAL checkpoint (never waits for readers); evaluateAlerts leaves it to its caller. */
export function checkpointAfterEvaluation(db: AppDb): void {
  db.sqlite.pragma('wal_checkpoint(PASSIVE)');
}

function evaluateInTransaction(db: AppDb, clock: () => number): FiredAlert[] {
  return db.sqlite
    .transaction((): FiredAlert[] => {
      const now = clock();
      const rules = readActiveRules(db);
      if (rules.length === 0) {
        // The triggers mark nothing without an active rule; marks left from before the last rule was
        // switched off mean nothing now (the rule switched on next takes a fresh baseline).
        cachedStatement(db, 'DELETE FROM alert_dirty').run();
        return [];
      }
      // The new values are remembered chunk by chunk as they are read (takeDirtyPairs says why).
      const pairs = takeDirtyPairs(db, (chunk) => writeEvaluatedPairs(db, chunk, now));
      if (pairs.length === 0) return [];
      const index = buildRuleIndex(rules, readGroupParents(db));

      // Became true for the new values, was false for the previous ones; the cooldown is decided
      // for all of these at once while recording them (decideCooldown).
      const candidates: Firing[] = [];
      for (const pair of pairs) {
        if (pair.isDeleted) continue;
        const { qty, minQty, oldQty, oldMinQty } = pair;
        for (const rule of index.candidates(pair.productId, pair.groupId, pair.warehouseId)) {
          if (conditionBecameTrue(rule, qty, minQty, oldQty, oldMinQty)) candidates.push({ rule, pair });
        }
      }
      const fires = decideCooldown(db, candidates, now);
      const firings = candidates.filter((_, i) => fires[i]);
      return insertAlerts(db, firings, now);
    })
    .immediate();
}

function insertAlerts(db: AppDb, firings: readonly Firing[], now: number): FiredAlert[] {
  if (firings.length === 0) return [];
  const names = readNames(db);
  const ids = idsAt(now, firings.length);
  // The rules' channels as stored with each alert (alert_events.channels_json), once per rule.
  const channelsJson = new Map<AlertRuleRow, string>();
  const fired: FiredAlert[] = new Array<FiredAlert>(firings.length);
  const events: unknown[][] = new Array<unknown[]>(firings.length);
  for (let i = 0; i < firings.length; i += 1) {
    const { rule, pair } = firings[i] as Firing;
    const subject: AlertSubject = {
      productName: pair.productName,
      unitName: (pair.unitId === null ? undefined : names.units.get(pair.unitId)) ?? '',
      warehouseName: names.warehouses.get(pair.warehouseId) ?? `склад ${pair.warehouseId}`,
    };
    const id = ids[i] as string;
    const message = alertMessage(rule, subject, pair.qty, pair.minQty);
    let channels = channelsJson.get(rule);
    if (channels === undefined) {
      channels = JSON.stringify(rule.channels);
      channelsJson.set(rule, channels);
    }
    events[i] = [id, rule.id, rule.name, pair.productId, pair.warehouseId, pair.oldQty, pair.qty, message, channels, now];
    fired[i] = { id, ruleId: rule.id, ruleName: rule.name, productId: pair.productId, warehouseId: pair.warehouseId, oldQty: pair.oldQty, newQty: pair.qty, message, firedAt: now, channels: rule.channels };
  }
  runMultiRow(
    db,
    'INSERT INTO alert_events (id, rule_id, rule_name, product_id, warehouse_id, old_qty, new_qty, message, channels_json, fired_at, read_at)',
    '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
    events,
  );
  return fired;
}

/** Warehouse and unit names for the messages (both tables are a handful of rows; product names come with the pairs). */
function readNames(db: AppDb): { warehouses: Map<number, string>; units: Map<number, string> } {
  const warehouses = cachedStatement(db, 'SELECT id, name FROM warehouses').raw().all() as [number, string][];
  const units = cachedStatement(db, 'SELECT id, name FROM units').raw().all() as [number, string][];
  return { warehouses: new Map(warehouses), units: new Map(units) };
}
