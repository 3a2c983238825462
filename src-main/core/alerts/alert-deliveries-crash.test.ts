// No delivery is lost when the process dies between an evaluation's commit and the making of its
// delivery rows (alert-deliveries.repo): a real process on a real SQLite file is killed with SIGKILL
// the moment the alerts are announced; the next start makes the rows from the channels the alerts
// carry, and every one is sent exactly once.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertsContract } from '../../../src-preload/contract/alerts';
import { createEventBus } from '../api/event-bus';
import { openDatabase } from '../db/open';
import { generateDemoCatalog } from '../demo/demo-catalog.service';
import { silentLogger } from '../logging/logger';
import { makeTempDir, repoMigrationsFolder } from '../testing/temp-db';
import { createMissingDeliveries } from './alert-deliveries.repo';
import { listAlertEvents } from './alert-events.repo';
import { createAlertsController } from './alerts-controller';
import { createAlertSettingsService } from './delivery-settings.service';
import { createRule } from './rules.service';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const repoRoot = resolve(__dirname, '../../..');
const childScript = resolve(__dirname, 'testing/evaluate-crash-child.ts');
const t0 = Date.UTC(2026, 10, 20, 9);

describe('alert deliveries across a crash', () => {
  it('are made at the next start for alerts committed just before a SIGKILL, and each is sent once', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const path = join(temp.dir, 'store.db');

    // A loopback webhook receiver.
    const hooks: IncomingMessage['headers'][] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        hooks.push(req.headers);
        res.end('ok');
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    cleanups.push(() => new Promise<void>((done) => server.close(() => done())));

    // The store: rules with and without channels, then a pull's worth of changes waiting as marks.
    const setupDb = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
    generateDemoCatalog(setupDb, { products: 60, warehouses: 2, seed: 4, now: t0 });
    createAlertSettingsService(setupDb, silentLogger, () => t0).set(
      alertsContract['alerts.settings.set'].input.parse({ desktop: true, webhook: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` } }),
    );
    const rule = (name: string, channels: string[]) =>
      createRule(setupDb, alertsContract['alerts.rules.create'].input.parse({ name, scope: 'all', condition: 'zero', cooldownMinutes: 0, channels }), { now: t0, userId: null });
    rule('Рабочий стол и вебхук', ['desktop', 'webhook']);
    rule('Только вебхук', ['webhook']);
    rule('Только в программе', []);
    // Every stock row (all variants) of the stocked pairs of even products goes to zero.
    const { changes } = setupDb.sqlite
      .prepare(
        `UPDATE stock SET qty_1c = 0 WHERE (product_id, warehouse_id) IN (
           SELECT product_id, warehouse_id FROM stock WHERE product_id % 2 = 0 GROUP BY 1, 2 HAVING sum(qty_1c) > 0)`,
      )
      .run();
    expect(changes).toBeGreaterThan(0);
    const pairs = Number(setupDb.sqlite.prepare('SELECT count(*) FROM (SELECT DISTINCT product_id, warehouse_id FROM alert_dirty)').pluck().get());
    expect(pairs).toBeGreaterThan(20);
    setupDb.close();

    // The process that evaluates them dies right after announcing them.
    const now = t0 + 60_000;
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, path, String(now)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    expect(exit, stderr).toEqual({ code: null, signal: 'SIGKILL' });
    expect(stdout).toMatch(/^announced \d+\n$/);

    // The alerts are committed with their channels, and not one delivery row exists.
    const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
    cleanups.push(() => db.close());
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const alerts = db.sqlite.prepare('SELECT rule_name AS rule, channels_json AS channels, count(*) AS n FROM alert_events GROUP BY 1, 2 ORDER BY 1').all();
    expect(alerts).toEqual([
      { rule: 'Рабочий стол и вебхук', channels: '["desktop","webhook"]', n: pairs },
      { rule: 'Только в программе', channels: '[]', n: pairs },
      { rule: 'Только вебхук', channels: '["webhook"]', n: pairs },
    ]);
    expect(stdout).toBe(`announced ${3 * pairs}\n`);
    expect(db.sqlite.prepare('SELECT count(*) FROM alert_deliveries').pluck().get()).toBe(0);
    // Meanwhile the history shows them as pending, as their rows will say.
    const shown = listAlertEvents(db, alertsContract['alerts.events.list'].input.parse({ limit: 500 }));
    expect(shown.total).toBe(3 * pairs);
    const shownDeliveries = new Map(shown.items.map((e) => [e.ruleName, new Set(e.deliveries.map((d) => `${d.channel}:${d.status}:${d.attempts}:${d.nextAttemptAt}`))]));
    expect(shownDeliveries.get('Рабочий стол и вебхук')).toEqual(new Set([`desktop:pending:0:${now}`, `webhook:pending:0:${now}`]));
    expect(shownDeliveries.get('Только вебхук')).toEqual(new Set([`webhook:pending:0:${now}`]));
    expect(shownDeliveries.get('Только в программе')).toEqual(new Set());
    expect(shown.items.every((e) => e.deliveries.length === (e.ruleName === 'Рабочий стол и вебхук' ? 2 : e.ruleName === 'Только вебхук' ? 1 : 0))).toBe(true);

    // The next start makes the rows (one per alert and channel, due since the alert fired) and sends them.
    const shownNotices: string[] = [];
    const restartedAt = now + 5 * 60_000;
    const controller = createAlertsController({
      db,
      events: createEventBus(),
      logger: silentLogger,
      clock: () => restartedAt,
      notifier: { notify: (_title, body) => Promise.resolve(void shownNotices.push(body)) },
      smtpPassword: () => Promise.resolve(null),
      options: { debounceMs: 60_000 },
    });
    cleanups.push(() => controller.close());
    // Its first evaluation (the one the start schedules) makes them — one per alert and channel, due
    // since the alert fired — and starts sending them; nothing else is marked.
    expect(db.sqlite.prepare('SELECT count(*) FROM alert_deliveries').pluck().get()).toBe(0);
    expect(await controller.evaluateNow()).toEqual([]);
    const rows = db.sqlite.prepare('SELECT e.rule_name AS rule, d.channel, count(*) AS n FROM alert_deliveries d JOIN alert_events e ON e.id = d.event_id GROUP BY 1, 2 ORDER BY 1, 2').all();
    expect(rows).toEqual([
      { rule: 'Рабочий стол и вебхук', channel: 'desktop', n: pairs },
      { rule: 'Рабочий стол и вебхук', channel: 'webhook', n: pairs },
      { rule: 'Только вебхук', channel: 'webhook', n: pairs },
    ]);
    // Due since the alert fired (those the sender has not claimed yet still say so).
    expect(db.sqlite.prepare('SELECT count(*) FROM alert_deliveries WHERE attempts = 0 AND next_attempt_at <> ?').pluck().get(now)).toBe(0);
    expect(db.sqlite.prepare('SELECT count(*) FROM alert_deliveries WHERE attempts = 0').pluck().get()).toBeGreaterThan(0);
    expect(db.sqlite.prepare('SELECT count(DISTINCT event_id || channel) FROM alert_deliveries').pluck().get()).toBe(3 * pairs);
    // Made once: another start, or another repair, finds nothing missing.
    expect(createMissingDeliveries(db, restartedAt)).toBe(0);

    // The sending the evaluation started (joined here) sends each one once.
    expect(await controller.deliverNow()).toEqual({ sent: 3 * pairs, retried: 0, dead: 0 });
    expect(shownNotices).toHaveLength(pairs);
    expect(hooks).toHaveLength(2 * pairs);
    expect(new Set(hooks.map((h) => h['idempotency-key'])).size).toBe(2 * pairs);
    expect(db.sqlite.prepare("SELECT count(*) FROM alert_deliveries WHERE status <> 'sent'").pluck().get()).toBe(0);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
  }, 60_000);

  it('are made on the next poll when making them right after the evaluation failed', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const db = openDatabase({ path: join(temp.dir, 'store.db'), migrationsFolder: repoMigrationsFolder });
    cleanups.push(() => db.close());
    generateDemoCatalog(db, { products: 10, warehouses: 1, seed: 2, now: t0 });
    createRule(db, alertsContract['alerts.rules.create'].input.parse({ name: 'Закончилось', scope: 'all', condition: 'zero', cooldownMinutes: 0, channels: ['email'] }), { now: t0, userId: null });
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (line: string) => void errors.push(line) };
    const controller = createAlertsController({ db, events: createEventBus(), logger, clock: () => t0, notifier: null, smtpPassword: () => Promise.resolve(null), options: { debounceMs: 60_000, pollMs: 20 } });
    cleanups.push(() => controller.close());
    await controller.evaluateNow();

    // The disk refuses the delivery rows (a trigger stands in for it): the alert is there, its row is not.
    db.sqlite.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON alert_deliveries BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    db.sqlite.prepare('UPDATE stock SET qty_1c = 0 WHERE id = (SELECT min(id) FROM stock WHERE qty_1c > 0)').run();
    expect(await controller.evaluateNow()).toHaveLength(1);
    expect(errors.join('\n')).toContain('making delivery rows failed');
    // The auto-checkpoint it holds off during its transaction is back, also after the failure.
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.sqlite.prepare('SELECT count(*) FROM alert_deliveries').pluck().get()).toBe(0);

    db.sqlite.exec('DROP TRIGGER refuse');
    const started = Date.now();
    while (db.sqlite.prepare('SELECT count(*) FROM alert_deliveries').pluck().get() === 0 && Date.now() - started < 5_000) await new Promise((done) => setTimeout(done, 10));
    // Made by the poll, and handed to the sender at once (no mail settings here: given up with the reason).
    expect(db.sqlite.prepare('SELECT channel, status, last_error FROM alert_deliveries').raw().all()).toEqual([['email', 'dead', 'отправка почты не настроена']]);
  });
});
