// Works through alert_deliveries rows that are due: the row was written with its alert (so nothing
// is lost if the app closes before sending), and is retried with capped exponential backoff until it
// is sent or given up ('dead', with the last error in Russian for the history).
//
// One sender at a time per row: an attempt first CLAIMS the row by moving next_attempt_at a lease
// ahead and counting the attempt, in one UPDATE that only matches a due row. A second sender (another
// window's controller, a CLI) finds it not due; if the process dies mid-send, the row is due again
// when the lease ends, with that attempt counted.
import { type AlertChannel } from '../../../src-preload/contract/alerts';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { missingCaseError } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import {
  type AlertNotice,
  type DesktopNotifier,
  desktopTitle,
  type MailSession,
  type MailTimeouts,
  openMailSession,
  postWebhook,
  type SmtpPasswordSource,
} from './delivery-channels';
import { classifyMailError, classifyWebhookError, classifyWebhookStatus, type DeliveryFailure } from './delivery-errors';
import { type AlertSettingsService } from './delivery-settings.service';

export type DeliveryRetry = { baseDelayMs: number; maxDelayMs: number; maxAttempts: number };

/** 30 s doubling up to 1 h, 8 attempts: about two hours of trying covers a mail server's restart or a short outage. */
export const defaultDeliveryRetry: DeliveryRetry = { baseDelayMs: 30_000, maxDelayMs: 60 * 60_000, maxAttempts: 8 };

/** Longer than one attempt can take (10 s webhook; SMTP connect + socket timeouts). */
export const deliveryLeaseMs = 2 * 60_000;

/** Rows handled in one run at most (style B5: cap loops); the controller runs again. */
const maxDeliveriesPerRun = 500;

export type DeliverySenderDeps = {
  db: AppDb;
  logger: Logger;
  clock: () => number;
  settings: AlertSettingsService;
  notifier: DesktopNotifier;
  smtpPassword: SmtpPasswordSource;
  random?: () => number;
  retry?: Partial<DeliveryRetry>;
  webhookTimeoutMs?: number;
  mailTimeouts?: MailTimeouts;
};

export type DeliveryRunResult = { sent: number; retried: number; dead: number };
export type TestDeliveryResult = { isDelivered: boolean; message: string };

export type DeliverySender = {
  /** Sends every due delivery (at most a few hundred per call). Never rejects for a delivery's failure. */
  deliverDue(): Promise<DeliveryRunResult>;
  /** Sends a test message through one channel now, with the saved settings; touches no row. */
  sendTest(channel: AlertChannel): Promise<TestDeliveryResult>;
  /** When the next pending delivery is due; null when none is pending. */
  nextDueAt(): number | null;
};

type Outcome = { kind: 'sent'; note: string } | { kind: 'failed'; failure: DeliveryFailure };

/** One run's lazily opened resources: the SMTP password is asked for at most once per run. */
type RunContext = { mail: MailSession | null; mailFailure: DeliveryFailure | null };

/** Capped exponential backoff with ±25 % jitter, so many rows failing together do not retry together. */
export function deliveryDelayMs(attempt: number, retry: DeliveryRetry, random: () => number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.min(retry.maxDelayMs, Math.round(ceiling * (0.75 + 0.5 * Math.max(0, Math.min(random(), 1)))));
}

export function createDeliverySender(deps: DeliverySenderDeps): DeliverySender {
  const { db, logger } = deps;
  const retry: DeliveryRetry = { ...defaultDeliveryRetry, ...deps.retry };
  const random = deps.random ?? Math.random;
  const webhookTimeoutMs = deps.webhookTimeoutMs ?? 10_000;
  const mailTimeouts = deps.mailTimeouts ?? { connectionMs: 10_000, socketMs: 20_000 };

  async function openMail(context: RunContext): Promise<MailSession | DeliveryFailure> {
    if (context.mail) return context.mail;
    if (context.mailFailure) return context.mailFailure;
    const email = deps.settings.get().email;
    if (email === null) return { text: 'отправка почты не настроена', isRetryable: false };
    let password: string | null = null;
    if (email.user !== null && email.user !== '') {
      try {
        password = await deps.smtpPassword();
      } catch {
        // The store's error may describe the secret's location; only the fact is kept.
        context.mailFailure = { text: 'пароль почты недоступен: хранилище паролей не ответило', isRetryable: true };
        return context.mailFailure;
      }
      if (password === null || password === '') {
        context.mailFailure = { text: 'не задан пароль почты для указанного пользователя', isRetryable: true };
        return context.mailFailure;
      }
    }
    const session = openMailSession(email, password, mailTimeouts);
    const secret = password;
    context.mail = {
      async send(notice) {
        try {
          await session.send(notice);
        } catch (err) {
          throw new MailFailure(classifyMailError(err, email, secret));
        }
      },
      close: () => session.close(),
    };
    return context.mail;
  }

  async function send(channel: AlertChannel, notice: AlertNotice, deliveryId: string, context: RunContext): Promise<Outcome> {
    const settings = deps.settings.get();
    switch (channel) {
      case 'desktop': {
        if (!settings.desktop) return failed('уведомления на рабочем столе выключены в настройках', false);
        if (deps.notifier === null) return failed('на этом компьютере уведомления недоступны', false);
        try {
          await deps.notifier.notify(desktopTitle(notice), notice.message);
          return { kind: 'sent', note: 'Уведомление показано' };
        } catch {
          return failed('не удалось показать уведомление', true);
        }
      }
      case 'email': {
        const mail = await openMail(context);
        if (!('send' in mail)) return { kind: 'failed', failure: mail };
        try {
          await mail.send(notice);
          return { kind: 'sent', note: `Письмо отправлено: ${settings.email?.to.join(', ') ?? ''}` };
        } catch (err) {
          if (err instanceof MailFailure) return { kind: 'failed', failure: err.failure };
          throw err;
        }
      }
      case 'webhook': {
        if (settings.webhook === null) return failed('вебхук не настроен', false);
        try {
          const status = await postWebhook(settings.webhook.url, notice, deliveryId, webhookTimeoutMs);
          if (status >= 200 && status < 300) return { kind: 'sent', note: `Вебхук принят (${status})` };
          return { kind: 'failed', failure: classifyWebhookStatus(status) };
        } catch (err) {
          return { kind: 'failed', failure: classifyWebhookError(err, webhookTimeoutMs) };
        }
      }
      default:
        throw missingCaseError(channel);
    }
  }

  async function deliverDue(): Promise<DeliveryRunResult> {
    const result: DeliveryRunResult = { sent: 0, retried: 0, dead: 0 };
    const context: RunContext = { mail: null, mailFailure: null };
    try {
      for (let i = 0; i < maxDeliveriesPerRun; i += 1) {
        const now = deps.clock();
        const row = cachedStatement(
          db,
          `SELECT id, event_id AS eventId, channel FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
           ORDER BY next_attempt_at, id LIMIT 1`,
        ).get(now) as { id: string; eventId: string; channel: AlertChannel } | undefined;
        if (!row) break;
        const attempt = claim(db, row.id, now);
        if (attempt === null) continue;
        const notice = readNotice(db, row.eventId);
        // The alert was deleted meanwhile (its rows go with it by cascade): nothing to send.
        if (notice === null) continue;
        const outcome = await send(row.channel, notice, row.id, context);
        const finishedAt = deps.clock();
        if (outcome.kind === 'sent') {
          cachedStatement(db, "UPDATE alert_deliveries SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?").run(finishedAt, row.id);
          result.sent += 1;
          continue;
        }
        const { failure } = outcome;
        if (!failure.isRetryable || attempt >= retry.maxAttempts) {
          cachedStatement(db, "UPDATE alert_deliveries SET status = 'dead', last_error = ? WHERE id = ?").run(failure.text, row.id);
          logger.warn(`alerts: delivery ${row.id} (${row.channel}) given up after attempt ${attempt}: ${failure.text}`);
          result.dead += 1;
        } else {
          const next = finishedAt + deliveryDelayMs(attempt, retry, random);
          cachedStatement(db, 'UPDATE alert_deliveries SET next_attempt_at = ?, last_error = ? WHERE id = ?').run(next, failure.text, row.id);
          logger.warn(`alerts: delivery ${row.id} (${row.channel}) attempt ${attempt} failed: ${failure.text}; next at ${new Date(next).toISOString()}`);
          result.retried += 1;
        }
      }
    } finally {
      context.mail?.close();
    }
    return result;
  }

  return {
    deliverDue,
    async sendTest(channel) {
      const context: RunContext = { mail: null, mailFailure: null };
      try {
        const now = deps.clock();
        const notice: AlertNotice = {
          eventId: 'test',
          ruleId: null,
          ruleName: 'Проверка',
          condition: null,
          threshold: null,
          productId: null,
          productName: null,
          productCode: null,
          unitName: '',
          warehouseId: null,
          warehouseName: null,
          oldQty: null,
          newQty: 0,
          message: 'Проверка: оповещения Прилавка доходят по этому каналу.',
          firedAt: now,
          isTest: true,
        };
        const outcome = await send(channel, notice, `test-${now}`, context);
        return outcome.kind === 'sent' ? { isDelivered: true, message: outcome.note } : { isDelivered: false, message: capitalize(outcome.failure.text) };
      } finally {
        context.mail?.close();
      }
    },
    nextDueAt() {
      const value = cachedStatement(db, "SELECT min(next_attempt_at) FROM alert_deliveries WHERE status = 'pending'").pluck().get() as number | null;
      return value ?? null;
    },
  };
}

/** Carries a classified SMTP failure out of the session wrapper (the raw error stays inside it). */
class MailFailure extends Error {
  constructor(readonly failure: DeliveryFailure) {
    super(failure.text);
    this.name = 'MailFailure';
  }
}

function failed(text: string, isRetryable: boolean): Outcome {
  return { kind: 'failed', failure: { text, isRetryable } };
}

function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]?.toUpperCase() + text.slice(1);
}

/** Claims a due row for one attempt (see the top of the file); null when it is not due any more. */
function claim(db: AppDb, id: string, now: number): number | null {
  const row = cachedStatement(
    db,
    `UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = ?
     WHERE id = ? AND status = 'pending' AND next_attempt_at <= ? RETURNING attempts`,
  ).get(now + deliveryLeaseMs, id, now) as { attempts: number } | undefined;
  return row ? row.attempts : null;
}

function readNotice(db: AppDb, eventId: string): AlertNotice | null {
  const row = cachedStatement(
    db,
    `SELECT e.id AS eventId, e.rule_id AS ruleId, e.rule_name AS ruleName, r.condition AS condition, r.threshold AS threshold,
       e.product_id AS productId, p.name AS productName, nullif(p.code, '') AS productCode, coalesce(u.name, '') AS unitName,
       e.warehouse_id AS warehouseId, w.name AS warehouseName, e.old_qty AS oldQty, e.new_qty AS newQty, e.message, e.fired_at AS firedAt
     FROM alert_events e
     LEFT JOIN alert_rules r ON r.id = e.rule_id
     LEFT JOIN products p ON p.id = e.product_id
     LEFT JOIN units u ON u.id = p.unit_id
     LEFT JOIN warehouses w ON w.id = e.warehouse_id
     WHERE e.id = ?`,
  ).get(eventId) as Omit<AlertNotice, 'isTest'> | undefined;
  return row ? { ...row, isTest: false } : null;
}
