// The alert centre and history: alerts with the names they refer to now, their delivery statuses,
// filters and paging; the unread badge; marking read.
import { type AlertDelivery, type AlertEvent, type HandlerInput } from '../../../src-preload/contract';
import { alertChannels } from '../../../src-preload/contract/alerts';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';

export type AlertEventQuery = HandlerInput<'alerts.events.list'>;
export type AlertEventPage = { items: AlertEvent[]; total: number; unread: number };

type EventRow = Omit<AlertEvent, 'deliveries'>;

const eventColumns = `e.id, e.rule_id AS ruleId, e.rule_name AS ruleName, e.product_id AS productId, p.name AS productName,
  nullif(p.code, '') AS productCode, e.warehouse_id AS warehouseId, w.name AS warehouseName, e.old_qty AS oldQty, e.new_qty AS newQty,
  e.message, e.fired_at AS firedAt, e.read_at AS readAt`;

const eventJoins = `FROM alert_events e
  LEFT JOIN products p ON p.id = e.product_id
  LEFT JOIN warehouses w ON w.id = e.warehouse_id`;

/**
 * Filters are all optional; each one compared with NULL when absent, in one statement (the history
 * is a few thousand rows a year, and alert_events_fired keeps the newest-first walk cheap).
 */
const filterSql = `WHERE (@isUnreadOnly = 0 OR e.read_at IS NULL)
  AND (@ruleId IS NULL OR e.rule_id = @ruleId)
  AND (@productId IS NULL OR e.product_id = @productId)
  AND (@warehouseId IS NULL OR e.warehouse_id = @warehouseId)
  AND (@from IS NULL OR e.fired_at >= @from)
  AND (@to IS NULL OR e.fired_at < @to)`;

export function listAlertEvents(db: AppDb, query: AlertEventQuery): AlertEventPage {
  const params = {
    isUnreadOnly: query.isUnreadOnly ? 1 : 0,
    ruleId: query.ruleId ?? null,
    productId: query.productId ?? null,
    warehouseId: query.warehouseId ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
  };
  const rows = cachedStatement(db, `SELECT ${eventColumns} ${eventJoins} ${filterSql} ORDER BY e.fired_at DESC, e.id DESC LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit: query.limit,
    offset: query.offset,
  }) as EventRow[];
  const total = Number(cachedStatement(db, `SELECT count(*) FROM alert_events e ${filterSql}`).pluck().get(params));
  return { items: withDeliveries(db, rows), total, unread: unreadCount(db) };
}

export function getAlertEvent(db: AppDb, id: string): AlertEvent | null {
  const row = cachedStatement(db, `SELECT ${eventColumns} ${eventJoins} WHERE e.id = ?`).get(id) as EventRow | undefined;
  return row ? (withDeliveries(db, [row])[0] ?? null) : null;
}

export function unreadCount(db: AppDb): number {
  return Number(cachedStatement(db, 'SELECT count(*) FROM alert_events WHERE read_at IS NULL').pluck().get());
}

/** Marks the given alerts (unknown ids are ignored: another window may have deleted nothing but read them) or all; returns the unread count. */
export function markAlertsRead(db: AppDb, input: HandlerInput<'alerts.events.markRead'>, now: number): number {
  return db.sqlite
    .transaction(() => {
      if ('ids' in input) {
        cachedStatement(db, 'UPDATE alert_events SET read_at = ? WHERE read_at IS NULL AND id IN (SELECT value FROM json_each(?))').run(now, JSON.stringify(input.ids));
      } else {
        cachedStatement(db, 'UPDATE alert_events SET read_at = ? WHERE read_at IS NULL').run(now);
      }
      return unreadCount(db);
    })
    .immediate();
}

/**
 * The deliveries of each alert: its alert_deliveries rows, and for a channel the alert carries but
 * has no row for yet (the rows are made right after the alert is announced, or at the next start if
 * a crash came in between: alert-deliveries.repo) a pending one due when the alert fired — what that
 * row will say once made.
 */
function withDeliveries(db: AppDb, rows: readonly EventRow[]): AlertEvent[] {
  if (rows.length === 0) return [];
  const deliveries = cachedStatement(
    db,
    `SELECT eventId, channel, status, attempts, lastError, sentAt, nextAttemptAt FROM (
       SELECT d.event_id AS eventId, d.channel, d.status, d.attempts, d.last_error AS lastError, d.sent_at AS sentAt,
         CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS nextAttemptAt
       FROM alert_deliveries d WHERE d.event_id IN (SELECT value FROM json_each(@ids))
       UNION ALL
       SELECT e.id, j.value, 'pending', 0, NULL, NULL, e.fired_at
       FROM alert_events e, json_each(CASE WHEN json_valid(e.channels_json) THEN e.channels_json ELSE '[]' END) j
       WHERE e.id IN (SELECT value FROM json_each(@ids)) AND e.channels_json <> '[]'
         AND j.value IN (SELECT value FROM json_each(@channels))
         AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.event_id = e.id AND d.channel = j.value)
     )
     ORDER BY CASE channel WHEN 'desktop' THEN 0 WHEN 'email' THEN 1 ELSE 2 END`,
  ).all({ ids: JSON.stringify(rows.map((row) => row.id)), channels: JSON.stringify(alertChannels) }) as (AlertDelivery & { eventId: string })[];
  const byEvent = new Map<string, AlertDelivery[]>();
  for (const { eventId, ...delivery } of deliveries) {
    const list = byEvent.get(eventId) ?? [];
    list.push(delivery);
    byEvent.set(eventId, list);
  }
  return rows.map((row) => ({ ...row, deliveries: byEvent.get(row.id) ?? [] }));
}
