// The three ways out of the app for an alert: e-mail over SMTP (nodemailer), a webhook (POST JSON
// with undici) and the desktop notification (a port the Electron host implements). Each function
// sends one notice and throws on failure; delivery-sender.ts decides what a failure means.
import { createTransport } from 'nodemailer';
import { request } from 'undici';
import { type AlertCondition, type AlertDeliverySettings } from '../../../src-preload/contract/alerts';
import { formatQty } from './alert-message';

/**
 * OS notifications, implemented by the Electron host. `notify` resolves once the notification was
 * handed to the OS and rejects when it could not be shown. null: this host has none (the web host,
 * the CLI): desktop deliveries are then marked undeliverable instead of retried.
 */
export type DesktopNotifier = { notify(title: string, body: string): Promise<void> } | null;

/**
 * The SMTP password (keychain, issue #7; until then PRILAVOK_SMTP_PASSWORD). Resolves null when none
 * is stored; rejects when the store cannot be read. The value is never logged or written anywhere.
 */
export type SmtpPasswordSource = () => Promise<string | null>;

export type EmailSettings = NonNullable<AlertDeliverySettings['email']>;

/** Everything a channel says about one alert. */
export type AlertNotice = {
  eventId: string;
  ruleId: string | null;
  ruleName: string;
  condition: AlertCondition | null;
  threshold: number | null;
  productId: number | null;
  productName: string | null;
  productCode: string | null;
  unitName: string;
  warehouseId: number | null;
  warehouseName: string | null;
  oldQty: number | null;
  newQty: number;
  message: string;
  firedAt: number;
  isTest: boolean;
};

export type MailTimeouts = { connectionMs: number; socketMs: number };

export type MailSession = { send(notice: AlertNotice): Promise<void>; close(): void };

/** One SMTP transport for a batch of letters. The password goes to nodemailer only (its logger is off). */
export function openMailSession(email: EmailSettings, password: string | null, timeouts: MailTimeouts): MailSession {
  const transport = createTransport({
    host: email.host,
    port: email.port,
    secure: email.secure,
    auth: email.user === null || email.user === '' ? undefined : { user: email.user, pass: password ?? '' },
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.connectionMs,
    socketTimeout: timeouts.socketMs,
    // Never nodemailer's own logging: its debug output contains the AUTH exchange.
    logger: false,
    debug: false,
  });
  return {
    async send(notice) {
      await transport.sendMail({
        from: email.from,
        to: email.to,
        subject: mailSubject(notice),
        text: mailText(notice),
      });
    },
    close: () => transport.close(),
  };
}

export function mailSubject(notice: AlertNotice): string {
  if (notice.isTest) return 'Прилавок: проверка оповещений';
  return `Прилавок: ${notice.ruleName} — ${notice.productName ?? 'товар'}`;
}

export function mailText(notice: AlertNotice): string {
  const amount = (qty: number | null): string => (qty === null ? '—' : notice.unitName === '' ? formatQty(qty) : `${formatQty(qty)} ${notice.unitName}`);
  const lines = [notice.message, ''];
  if (!notice.isTest) {
    lines.push(`Правило: ${notice.ruleName}`);
    if (notice.productName !== null) lines.push(`Товар: ${notice.productName}${notice.productCode ? ` (код ${notice.productCode})` : ''}`);
    if (notice.warehouseName !== null) lines.push(`Склад: ${notice.warehouseName}`);
    lines.push(`Было: ${amount(notice.oldQty)}, стало: ${amount(notice.newQty)}`);
  }
  lines.push(`Время: ${new Date(notice.firedAt).toLocaleString('ru-RU')}`, '', 'Письмо отправлено программой «Прилавок».');
  return lines.join('\n');
}

/** The JSON a webhook receives. Quantities in units (2.5 = 2,5 kg), as a receiver expects. */
export function webhookBody(notice: AlertNotice): Record<string, unknown> {
  const units = (qty: number | null): number | null => (qty === null ? null : qty / 1000);
  return {
    type: notice.isTest ? 'prilavok.alert.test' : 'prilavok.alert',
    event: {
      id: notice.eventId,
      message: notice.message,
      firedAt: new Date(notice.firedAt).toISOString(),
      oldQty: units(notice.oldQty),
      newQty: units(notice.newQty),
      unit: notice.unitName,
    },
    rule: { id: notice.ruleId, name: notice.ruleName, condition: notice.condition, threshold: units(notice.threshold) },
    product: notice.productId === null ? null : { id: notice.productId, name: notice.productName, code: notice.productCode },
    warehouse: notice.warehouseId === null ? null : { id: notice.warehouseId, name: notice.warehouseName },
  };
}

/**
 * POSTs the notice; resolves with the HTTP status (the caller judges it), rejects on a network
 * error or when no answer came within `timeoutMs`. The delivery id is the Idempotency-Key, so a
 * receiver can drop the repeat of an attempt whose answer was lost.
 */
export async function postWebhook(url: string, notice: AlertNotice, idempotencyKey: string, timeoutMs: number): Promise<number> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': idempotencyKey, 'user-agent': 'Prilavok' },
    body: JSON.stringify(webhookBody(notice)),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  // Read the body to the end so the connection can be reused; its content does not matter.
  await response.body.dump();
  return response.statusCode;
}

export function desktopTitle(notice: AlertNotice): string {
  return notice.isTest ? 'Прилавок: проверка оповещений' : `Прилавок: ${notice.ruleName}`;
}
