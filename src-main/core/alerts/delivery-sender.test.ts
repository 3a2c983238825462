import { readFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { alertsContract, type AlertChannel } from '../../../src-preload/contract/alerts';
import { createEventBus } from '../api/event-bus';
import { type AppDb } from '../db/open';
import { generateDemoCatalog } from '../demo/demo-catalog.service';
import { type Logger } from '../logging/logger';
import { openTempDb } from '../testing/temp-db';
import { createDeliveries } from './alert-deliveries.repo';
import { createAlertsController } from './alerts-controller';
import { type DesktopNotifier } from './delivery-channels';
import { createDeliverySender, defaultDeliveryRetry } from './delivery-sender';
import { createAlertSettingsService } from './delivery-settings.service';
import { evaluateAlerts } from './evaluator';
import { createRule } from './rules.service';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const password = 'Секрет-пароль-42';
const mailUser = 'shop@example.ru';
const hour = 3_600_000;

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return { lines, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

type Mail = { from: string; to: string[]; raw: string };

/** A loopback SMTP sink: AUTH PLAIN/LOGIN without TLS, replies 451 while `isRejecting`. */
async function smtpSink(): Promise<{ port: number; mails: Mail[]; state: { isRejecting: boolean }; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const state = { isRejecting: false };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === mailUser && auth.password === password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (state.isRejecting) {
          callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
          return;
        }
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Decodes what nodemailer produced: RFC 2047 words in headers, base64 / quoted-printable bodies. */
function decodeMail(raw: string): { headers: Record<string, string>; body: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line
      .slice(at + 1)
      .trim()
      .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, kind: string, text: string) =>
        kind.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeQp(text.replace(/_/g, ' ')),
      );
  }
  const encoded = rest.join('\n\n');
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  const body = encoding === 'base64' ? Buffer.from(encoded.replace(/\s/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQp(encoded.replace(/=\r?\n/g, '')) : encoded;
  return { headers, body };
}

function decodeQp(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

type Hook = { requests: { headers: IncomingMessage['headers']; body: unknown }[]; statuses: number[]; url: string; close(): Promise<void> };

/** A loopback webhook receiver answering the queued statuses in order, then 200. */
async function webhookReceiver(statuses: number[] = []): Promise<Hook> {
  const hook: Omit<Hook, 'url' | 'close'> = { requests: [], statuses };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hook.requests.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      res.statusCode = hook.statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/prilavok?token=abc`;
  return { ...hook, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Setup = { db: AppDb; dbPath: string; clock: { now: number }; logger: ReturnType<typeof recordingLogger> };

function setup(): Setup {
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const clock = { now: Date.UTC(2026, 10, 20, 9) };
  generateDemoCatalog(temp.db, { products: 20, warehouses: 2, seed: 3, now: clock.now });
  return { db: temp.db, dbPath: `${temp.dir}/test.db`, clock, logger: recordingLogger() };
}

/** Creates a «zero» rule for a stocked product and empties its stock as a pull would: one alert. */
function fireOne(s: Setup, channels: AlertChannel[]): { eventId: string; productName: string } {
  const pair = s.db.sqlite.prepare('SELECT s.product_id AS productId, s.warehouse_id AS warehouseId, p.name FROM stock s JOIN products p ON p.id = s.product_id WHERE s.qty_1c > 0 ORDER BY s.id LIMIT 1').get() as {
    productId: number;
    warehouseId: number;
    name: string;
  };
  createRule(s.db, alertsContract['alerts.rules.create'].input.parse({ name: 'Закончился товар', scope: 'product', productId: pair.productId, condition: 'zero', channels }), { now: s.clock.now, userId: null });
  s.db.sqlite.prepare('UPDATE stock SET qty_1c = 0 WHERE product_id = ? AND warehouse_id = ?').run(pair.productId, pair.warehouseId);
  const fired = evaluateAlerts(s.db, () => s.clock.now);
  createDeliveries(s.db, fired, s.clock.now);
  expect(fired).toHaveLength(1);
  return { eventId: fired[0]?.id ?? '', productName: pair.name };
}

function deliveries(db: AppDb) {
  return db.sqlite.prepare('SELECT channel, status, attempts, last_error AS lastError, next_attempt_at AS nextAttemptAt, sent_at AS sentAt FROM alert_deliveries ORDER BY channel').all() as {
    channel: string;
    status: string;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: number;
    sentAt: number | null;
  }[];
}

function sender(s: Setup, extra: { notifier?: DesktopNotifier; smtpPassword?: () => Promise<string | null> } = {}) {
  return createDeliverySender({
    db: s.db,
    logger: s.logger,
    clock: () => s.clock.now,
    settings: createAlertSettingsService(s.db, s.logger, () => s.clock.now),
    notifier: extra.notifier ?? null,
    smtpPassword: extra.smtpPassword ?? (() => Promise.resolve(password)),
    random: () => 0.5,
    mailTimeouts: { connectionMs: 2_000, socketMs: 2_000 },
  });
}

function setEmail(s: Setup, port: number): void {
  createAlertSettingsService(s.db, s.logger, () => s.clock.now).set(
    alertsContract['alerts.settings.set'].input.parse({ email: { host: '127.0.0.1', port, secure: false, user: mailUser, from: mailUser, to: ['manager@example.ru', 'boss@example.ru'] } }),
  );
}

/** The password must not be anywhere it could leak: logs, rows, the database file and its WAL. */
function expectNoPassword(s: Setup, extra: string[] = []): void {
  const forms = [password, Buffer.from(password).toString('base64'), Buffer.from(`\u0000${mailUser}\u0000${password}`).toString('base64')];
  const texts = [...s.logger.lines, ...extra, JSON.stringify(s.db.sqlite.prepare('SELECT * FROM alert_deliveries').all()), JSON.stringify(s.db.sqlite.prepare('SELECT * FROM settings').all())];
  for (const file of [s.dbPath, `${s.dbPath}-wal`]) if (existsSync(file)) texts.push(readFileSync(file).toString('latin1'), readFileSync(file).toString('utf8'));
  for (const text of texts) for (const form of forms) expect(text.includes(form)).toBe(false);
}

describe('alert delivery', () => {
  it('sends e-mail to a real SMTP server after a refusal, in UTF-8, and never leaks the password', async () => {
    const s = setup();
    const smtp = await smtpSink();
    cleanups.push(smtp.close);
    setEmail(s, smtp.port);
    const { productName } = fireOne(s, ['email']);
    const delivery = sender(s);

    smtp.state.isRejecting = true;
    expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 1, dead: 0 });
    const [failed] = deliveries(s.db);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: 'сервер почты временно не принял письмо: 451 Mailbox busy, try later' });
    // Backoff: 30 s ± 25 % (random 0.5 → exactly 30 s) after the attempt.
    expect(failed?.nextAttemptAt).toBe(s.clock.now + 30_000);
    // Not due yet: nothing is sent.
    expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 0, dead: 0 });

    smtp.state.isRejecting = false;
    s.clock.now += 30_000;
    expect(await delivery.deliverDue()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(deliveries(s.db)[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null, sentAt: s.clock.now });

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0] as Mail;
    expect(mail.from).toBe(mailUser);
    expect(mail.to).toEqual(['manager@example.ru', 'boss@example.ru']);
    const { headers, body } = decodeMail(mail.raw);
    expect(headers.subject).toBe(`Прилавок: Закончился товар — ${productName}`);
    expect(headers.to).toContain('manager@example.ru');
    expect(body).toContain(`${productName}: закончился на складе «`);
    expect(body).toContain('Правило: Закончился товар');
    expect(body).toContain('стало: 0');
    expectNoPassword(s);
  });

  it('retries while the SMTP server is down and gives up after the last attempt with the reason', async () => {
    const s = setup();
    const smtp = await smtpSink();
    await smtp.close();
    setEmail(s, smtp.port);
    fireOne(s, ['email']);
    const delivery = sender(s);
    for (let attempt = 1; attempt <= defaultDeliveryRetry.maxAttempts; attempt += 1) {
      const result = await delivery.deliverDue();
      expect(result).toEqual(attempt < defaultDeliveryRetry.maxAttempts ? { sent: 0, retried: 1, dead: 0 } : { sent: 0, retried: 0, dead: 1 });
      s.clock.now += 2 * hour;
    }
    expect(deliveries(s.db)).toEqual([
      { channel: 'email', status: 'dead', attempts: 8, lastError: `сервер почты 127.0.0.1:${smtp.port} недоступен`, nextAttemptAt: expect.any(Number) as unknown as number, sentAt: null },
    ]);
    expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(s.logger.lines.filter((l) => l.includes('given up after attempt 8'))).toHaveLength(1);
    expectNoPassword(s);
  });

  it('reports a wrong password without the password, and the test button through the controller', async () => {
    const s = setup();
    const smtp = await smtpSink();
    cleanups.push(smtp.close);
    setEmail(s, smtp.port);
    fireOne(s, ['email']);
    const wrong = 'Неверный-пароль-7';
    const delivery = sender(s, { smtpPassword: () => Promise.resolve(wrong) });
    expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 1, dead: 0 });
    expect(deliveries(s.db)[0]?.lastError).toBe('сервер почты не принял имя пользователя или пароль');
    expect(s.logger.lines.join('\n')).not.toContain(wrong);

    const events = createEventBus();
    const controller = createAlertsController({ db: s.db, events, logger: s.logger, clock: () => s.clock.now, notifier: null, smtpPassword: () => Promise.resolve(password) });
    cleanups.push(() => controller.close());
    const test = await controller.testDelivery('email');
    expect(test).toEqual({ isDelivered: true, message: 'Письмо отправлено: manager@example.ru, boss@example.ru' });
    expect(decodeMail(smtp.mails.at(-1)?.raw ?? '').headers.subject).toBe('Прилавок: проверка оповещений');
    expect(await controller.testDelivery('webhook')).toEqual({ isDelivered: false, message: 'Вебхук не настроен' });
    expect(await controller.testDelivery('desktop')).toEqual({ isDelivered: false, message: 'На этом компьютере уведомления недоступны' });
    expectNoPassword(s, [JSON.stringify(test)]);
  });

  it('posts JSON to a real webhook receiver, retries a 500 with the same Idempotency-Key, gives up on a 404', async () => {
    const s = setup();
    const hook = await webhookReceiver([500]);
    cleanups.push(hook.close);
    createAlertSettingsService(s.db, s.logger, () => s.clock.now).set(alertsContract['alerts.settings.set'].input.parse({ webhook: { url: hook.url } }));
    const { eventId, productName } = fireOne(s, ['webhook', 'desktop']);
    const shown: { title: string; body: string }[] = [];
    const delivery = sender(s, { notifier: { notify: (title, body) => Promise.resolve(void shown.push({ title, body })) } });

    expect(await delivery.deliverDue()).toEqual({ sent: 1, retried: 1, dead: 0 });
    expect(deliveries(s.db).map((d) => [d.channel, d.status, d.lastError])).toEqual([
      ['desktop', 'sent', null],
      ['webhook', 'pending', 'получатель вебхука ответил 500'],
    ]);
    expect(shown).toEqual([{ title: 'Прилавок: Закончился товар', body: expect.stringContaining(`${productName}: закончился`) as unknown as string }]);
    s.clock.now += 60_000;
    expect(await delivery.deliverDue()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(hook.requests).toHaveLength(2);
    const [first, second] = hook.requests;
    expect(first?.headers['idempotency-key']).toBe(second?.headers['idempotency-key']);
    expect(first?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(second?.body).toMatchObject({
      type: 'prilavok.alert',
      event: { id: eventId, newQty: 0, message: expect.stringContaining(productName) as unknown as string },
      rule: { name: 'Закончился товар', condition: 'zero', threshold: null },
      product: { name: productName },
      warehouse: { name: expect.any(String) as unknown as string },
    });

    // A 404 will not change by waiting: dead at once.
    hook.statuses.push(404);
    const other = setup();
    createAlertSettingsService(other.db, other.logger, () => other.clock.now).set(alertsContract['alerts.settings.set'].input.parse({ webhook: { url: hook.url } }));
    fireOne(other, ['webhook']);
    expect(await sender(other).deliverDue()).toEqual({ sent: 0, retried: 0, dead: 1 });
    expect(deliveries(other.db)[0]).toMatchObject({ status: 'dead', attempts: 1, lastError: 'получатель вебхука отклонил запрос: 404' });
  });

  it('sends each delivery once when two senders run at the same time, and marks desktop undeliverable without a notifier', async () => {
    const s = setup();
    const hook = await webhookReceiver();
    cleanups.push(hook.close);
    createAlertSettingsService(s.db, s.logger, () => s.clock.now).set(alertsContract['alerts.settings.set'].input.parse({ webhook: { url: hook.url } }));
    const pairs = s.db.sqlite.prepare('SELECT DISTINCT product_id AS productId FROM stock WHERE qty_1c > 0 LIMIT 5').all() as { productId: number }[];
    createRule(s.db, alertsContract['alerts.rules.create'].input.parse({ name: 'Всё закончилось', scope: 'all', condition: 'zero', channels: ['webhook', 'desktop'] }), { now: s.clock.now, userId: null });
    for (const { productId } of pairs) s.db.sqlite.prepare('UPDATE stock SET qty_1c = 0 WHERE product_id = ?').run(productId);
    const fired = evaluateAlerts(s.db, () => s.clock.now);
    createDeliveries(s.db, fired, s.clock.now);
    expect(fired.length).toBeGreaterThanOrEqual(5);

    const [a, b] = await Promise.all([sender(s).deliverDue(), sender(s).deliverDue()]);
    expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(fired.length);
    expect((a?.dead ?? 0) + (b?.dead ?? 0)).toBe(fired.length);
    expect(hook.requests).toHaveLength(fired.length);
    expect(new Set(hook.requests.map((r) => r.headers['idempotency-key'])).size).toBe(fired.length);
    expect(new Set(deliveries(s.db).filter((d) => d.channel === 'desktop').map((d) => `${d.status}:${d.lastError ?? ''}:${d.attempts}`))).toEqual(
      new Set(['dead:на этом компьютере уведомления недоступны:1']),
    );
  });
});
