// The delivery rows of alerts (one per alert and channel), made from the channels the alert carries
// (alert_events.channels_json) right after the evaluation that fired it has committed and announced
// it: the 6,000 rows of an alert storm are off the alert's path, and a crash in between loses
// nothing, because the alert itself says where it goes (createMissingDeliveries at start).
import { type AlertChannel, alertChannels } from '../../../src-preload/contract/alerts';
import { runMultiRow } from '../db/multi-row';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { idsAt } from './alert-ids';

/** What a delivery row is made from: an alert just fired (FiredAlert has these fields). */
export type AlertToDeliver = { id: string; firedAt: number; channels: readonly AlertChannel[] };

const insertHead = 'INSERT INTO alert_deliveries (id, event_id, channel, status, attempts, next_attempt_at)';
const insertRow = "(?, ?, ?, 'pending', 0, ?)";

/**
 * Makes the delivery rows of alerts an evaluation has just committed (due at once), in one
 * transaction. Call it once per evaluation, right after it and before its checkpoint (the controller
 * does, synchronously: nothing else runs on the connection in between); if it fails or the process
 * ends first, the alerts keep their channels and createMissingDeliveries makes the rows. Returns the
 * number of rows.
 */
export function createDeliveries(db: AppDb, alerts: readonly AlertToDeliver[], now: number): number {
  const count = alerts.reduce((sum, alert) => sum + alert.channels.length, 0);
  if (count === 0) return 0;
  const ids = idsAt(now, count);
  const rows: unknown[][] = new Array<unknown[]>(count);
  let at = 0;
  for (const alert of alerts) {
    for (const channel of alert.channels) {
      rows[at] = [ids[at], alert.id, channel, alert.firedAt];
      at += 1;
    }
  }
  // The evaluation left its ~4,000 pages in the WAL for the checkpoint its caller runs next
  // (checkpointAfterEvaluation); with the auto-checkpoint on, this commit would copy them instead.
  const previousAutocheckpoint = Number(db.sqlite.pragma('wal_autocheckpoint', { simple: true }));
  db.sqlite.pragma('wal_autocheckpoint = 0');
  try {
    db.sqlite.transaction(() => runMultiRow(db, insertHead, insertRow, rows)).immediate();
  } finally {
    db.sqlite.pragma(`wal_autocheckpoint = ${previousAutocheckpoint}`);
  }
  return count;
}

/**
 * Makes the delivery rows an alert's channels call for and that do not exist: those of alerts whose
 * evaluation committed but whose createDeliveries never ran or failed (the process was killed in
 * between, the disk was full). Safe to repeat: a row that exists is never made twice. Scans the
 * alerts (a few thousand rows a year; at start and after a failure, not per evaluation). Returns
 * the number of rows made.
 */
export function createMissingDeliveries(db: AppDb, now: number): number {
  return db.sqlite
    .transaction((): number => {
      const missing = cachedStatement(
        db,
        `SELECT e.id, j.value, e.fired_at
         FROM alert_events e, json_each(CASE WHEN json_valid(e.channels_json) THEN e.channels_json ELSE '[]' END) j
         WHERE e.channels_json <> '[]'
           AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.event_id = e.id AND d.channel = j.value)
         ORDER BY e.fired_at, e.id`,
      )
        .raw()
        .all() as [string, unknown, number][];
      // A hand-edited or future channel name is not ours to send.
      const known: readonly unknown[] = alertChannels;
      const rows = missing.filter(([, channel]) => known.includes(channel));
      if (rows.length === 0) return 0;
      const ids = idsAt(now, rows.length);
      runMultiRow(
        db,
        insertHead,
        insertRow,
        rows.map(([eventId, channel, firedAt], i) => [ids[i], eventId, channel, firedAt]),
      );
      return rows.length;
    })
    .immediate();
}
