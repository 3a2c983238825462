// Test support for alert-deliveries-crash.test.ts: a store process that evaluates the alerts waiting
// in the database through the real controller and is killed (SIGKILL, by itself) the moment the
// alerts are announced — after the evaluation committed them, before their delivery rows are made.
//
//   node --import tsx evaluate-crash-child.ts DB NOW
//
// stdout: «announced <unread>» (written synchronously, just before the kill).
import { writeSync } from 'node:fs';
import { createEventBus } from '../../api/event-bus';
import { openDatabase } from '../../db/open';
import { silentLogger } from '../../logging/logger';
import { repoMigrationsFolder } from '../../testing/temp-db';
import { createAlertsController } from '../alerts-controller';

const [dbPath, nowArg] = process.argv.slice(2);
if (!dbPath || !nowArg) throw new Error('usage: evaluate-crash-child DB NOW');
const now = Number(nowArg);
const db = openDatabase({ path: dbPath, migrationsFolder: repoMigrationsFolder });
const events = createEventBus();
events.subscribe((event, payload) => {
  if (event !== 'alerts.changed') return;
  writeSync(1, `announced ${(payload as { unread: number }).unread}\n`);
  process.kill(process.pid, 'SIGKILL');
});
const controller = createAlertsController({ db, events, logger: silentLogger, clock: () => now, notifier: null, smtpPassword: () => Promise.resolve(null), options: { debounceMs: 60_000 } });
void controller.evaluateNow();
