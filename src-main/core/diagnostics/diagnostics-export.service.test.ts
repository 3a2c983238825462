import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertSettingsService } from '../alerts/delivery-settings.service';
import { type SecretSource } from '../app/sync-controller';
import { type AppDb } from '../db/open';
import { type Logger, silentLogger } from '../logging/logger';
import { createSecretSource, secretAccounts } from '../security/secret-source';
import { createSettingsService } from '../settings/settings.service';
import { insertSmallCatalog } from '../testing/small-catalog';
import { openTempDb } from '../testing/temp-db';
import { type DiagnosticsDeps, type DiagnosticsOptions, buildDiagnosticsZip } from './diagnostics-export.service';

const now = Date.UTC(2025, 2, 14, 6, 30, 15);
const onecUser = 'Кассир Иван';
/** Cyrillic, a space, a double quote, a slash and a backslash: every escaping has something to do. */
const onecPassword = 'Тайна 1С "q"/\\x';
const smtpUser = 'alerts@shop.example';
const smtpPassword = 'smtp-P@ss:word!2024';
const webhookToken = 'B07XQ9Z/hookSecret4242';
const webhookUrl = `https://hooks.example.com/services/T01/${webhookToken}`;
/** Credentials the app does not know: only the patterns can remove them. */
const strangerBearer = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const strangerUrlPassword = 'Unkn0wnPw';
const cyrillicLine = 'Склад «Центральный»: остаток 5 шт., ёжик — ок';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const basicOnec = b64(`${onecUser}:${onecPassword}`);
const basicSmtp = b64(`${smtpUser}:${smtpPassword}`);
const plainSmtp = b64(`\u0000${smtpUser}\u0000${smtpPassword}`);

/** Everything that must not be found in any byte of the export, in any of the forms it was planted in. */
const forbidden = [
  onecPassword,
  JSON.stringify(onecPassword).slice(1, -1),
  encodeURIComponent(onecPassword),
  onecPassword.replace(/"/g, '""'),
  smtpPassword,
  encodeURIComponent(smtpPassword),
  basicOnec,
  basicOnec.replace(/=+$/, ''),
  b64(onecPassword),
  basicSmtp,
  plainSmtp,
  b64(smtpPassword),
  webhookToken,
  strangerBearer,
  strangerUrlPassword,
];

/** Every planted form, one per line, mixed with ordinary lines (as electron-log writes them). */
function secretLines(): string[] {
  return [
    `[2025-03-14 09:00:00.000] [info] (sync) GET http://1c.local/base/odata/standard.odata/Catalog_Номенклатура Authorization: Basic ${basicOnec}`,
    `[2025-03-14 09:00:00.001] [info] (sync) headers {"authorization":"Basic ${basicOnec}","accept":"application/json"}`,
    `[2025-03-14 09:00:00.002] [warn] (sync) raw [ 'Authorization', 'Basic ${basicOnec.replace(/=+$/, '')}' ]`,
    `[2025-03-14 09:00:00.003] [warn] (sync) retry with ${onecPassword} failed`,
    `[2025-03-14 09:00:00.004] [warn] (sync) GET https://${encodeURIComponent(onecUser)}:${encodeURIComponent(onecPassword)}@1c.local/base`,
    `[2025-03-14 09:00:00.005] [warn] (sync) body {"note":${JSON.stringify(onecPassword)}}`,
    `[2025-03-14 09:00:00.006] [warn] (alerts) smtp > AUTH PLAIN ${plainSmtp}`,
    `[2025-03-14 09:00:00.007] [warn] (alerts) smtp > ${b64(smtpPassword)}`,
    `[2025-03-14 09:00:00.008] [warn] (alerts) smtp login ${smtpUser} / ${smtpPassword}`,
    `[2025-03-14 09:00:00.009] [warn] (alerts) POST ${webhookUrl} answered 500`,
    `[2025-03-14 09:00:00.010] [info] (web) Authorization: Bearer ${strangerBearer}`,
    `[2025-03-14 09:00:00.011] [info] (web) proxy http://proxyuser:${strangerUrlPassword}@proxy.local:3128`,
    `[2025-03-14 09:00:00.012] [info] (cli) basic auth ${basicSmtp}`,
    `[2025-03-14 09:00:00.013] [info] (sync) ${cyrillicLine}`,
  ];
}

function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let isQuoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (isQuoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') isQuoted = false;
      else cell += c;
    } else if (c === '"') {
      if (cell !== '') throw new Error(`quote inside an unquoted cell at ${i}`);
      isQuoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (isQuoted || cell !== '' || row.length > 0) throw new Error('CSV does not end with a complete row');
  const width = rows[0]?.length;
  for (const r of rows) expect(r).toHaveLength(width ?? 0);
  return rows;
}

/** Rows as objects keyed by the header. */
function csvRecords(text: string): Array<Record<string, string>> {
  const [header = [], ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** Entry texts as written: strict UTF-8 (a broken sequence throws), the BOM kept. */
/** The parts of app.json and settings.json the tests read. */
type AppJson = {
  app: unknown;
  database: unknown;
  counts: Record<string, number>;
  onec: { url: string | null };
  system: unknown;
  runtime: { node: string };
  generatedAt: string;
  redaction: unknown;
  tables: Record<string, unknown>;
  logs: { maxBytes: number; included: unknown[]; skipped: unknown[]; errors: string[] };
};
type SettingsJson = { settings: Record<string, unknown>; alertDelivery: Record<string, unknown> & { email: unknown; webhook: unknown }; other: unknown };

function unzip(bytes: Uint8Array): Record<string, string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, decoder.decode(data)]));
}

function expectNoSecret(bytes: Uint8Array, texts: Record<string, string>): void {
  const raw = Buffer.from(bytes);
  for (const secret of forbidden) {
    for (const [name, text] of Object.entries(texts)) expect(text.includes(secret), `${name} holds ${secret}`).toBe(false);
    expect(raw.indexOf(Buffer.from(secret, 'utf8')), `raw zip holds ${secret}`).toBe(-1);
  }
}

describe('diagnostics-export.service', () => {
  let db: AppDb;
  let dir: string;
  let cleanup: () => void;
  let logDir: string;
  beforeEach(() => {
    ({ db, dir, cleanup } = openTempDb());
    logDir = join(dir, 'logs');
  });
  afterEach(() => cleanup());

  function depsWith(secrets?: SecretSource, logger: Logger = silentLogger): DiagnosticsDeps {
    const settings = createSettingsService(db, silentLogger, () => now);
    const alertSettings = createAlertSettingsService(db, silentLogger, () => now);
    const env = { PRILAVOK_1C_PASSWORD: onecPassword, PRILAVOK_SMTP_PASSWORD: smtpPassword };
    return {
      db,
      settings,
      alertSettings,
      // The app's own path: environment first, no keychain here.
      secrets: secrets ?? createSecretSource(null, secretAccounts(settings, alertSettings), env),
      appInfo: { name: 'Prilavok', version: '0.0.0-test', host: 'cli' },
      logDirs: [logDir, join(dir, 'no-such-folder')],
      clock: () => now,
      logger,
    };
  }

  function configure(): void {
    createSettingsService(db, silentLogger, () => now).set({ onecUrl: 'http://1c.local/base/odata/standard.odata', onecUser });
    // A password pasted into the address by an older version (the schema now refuses user:password@):
    // settings.get() no longer reads it, and it must not come out of settings.json either.
    db.sqlite
      .prepare("UPDATE settings SET value_json = ? WHERE key = 'onecUrl'")
      .run(JSON.stringify(`http://${encodeURIComponent(onecUser)}:${encodeURIComponent(onecPassword)}@1c.local/base/odata/standard.odata`));
    createAlertSettingsService(db, silentLogger, () => now).set({
      desktop: true,
      email: { host: 'smtp.example.com', port: 587, secure: false, user: smtpUser, from: 'shop@example.com', to: ['boss@example.com'] },
      webhook: { url: webhookUrl },
    });
    db.sqlite.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('printers', ?, 1)").run(JSON.stringify({ port: 'COM3', apiKey: 'k-123456789', nested: [{ password: 'p-987654321' }] }));
  }

  function plantRows(): void {
    insertSmallCatalog(db);
    const s = db.sqlite;
    const insertRun = s.prepare(
      "INSERT INTO sync_runs (id, job, started_at, finished_at, status, counts_json, bytes, error_code, error_message) VALUES (?, ?, ?, ?, ?, '{\"fetched\":10}', 2048, ?, ?)",
    );
    insertRun.run('run-1', 'catalogs', now - 60_000, now - 50_000, 'ok', null, null);
    insertRun.run('run-2', 'balances', now - 40_000, now - 39_000, 'failed', 'unauthorized', `1С ответила 401 на Authorization: Basic ${basicOnec} (пароль ${onecPassword})`);
    insertRun.run('run-3', 'movements', now - 30_000, null, 'running', null, `${cyrillicLine}; url https://${encodeURIComponent(onecUser)}:${encodeURIComponent(onecPassword)}@1c.local/base`);
    s.prepare(
      "INSERT INTO documents (id, kind, status, local_number, date, warehouse_id, created_at, updated_at) VALUES ('doc-1', 'receipt', 'queued', 'П-000001', ?, 1, ?, ?)",
    ).run(now, now, now);
    const insertOutbox = s.prepare(
      `INSERT INTO outbox (id, kind, document_id, payload_json, idempotency_key, status, attempts, next_attempt_at, last_error_code, last_error_message, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insertOutbox.run('ob-1', 'document.send', 'doc-1', '{}', 'doc-1', 'pending', 2, now + 60_000, 'network', `нет связи с 1С; Basic ${basicOnec}`, now - 1000, now - 500);
    insertOutbox.run('ob-2', 'barcode.link', null, JSON.stringify({ code: '4601234567893', productId: 1, characteristicId: null }), 'barcode:4601234567893', 'done', 1, now, null, null, now - 900, now - 800);
    // A kind this version does not know: its payload stays out, whatever it holds.
    insertOutbox.run('ob-3', 'future.kind', null, JSON.stringify({ credentials: onecPassword, note: 'секрет' }), 'future:1', 'dead', 5, now, 'bad_request', 'отклонено', now - 700, now - 600);
    const insertAudit = s.prepare('INSERT INTO audit_log (at, user_id, action, details_json) VALUES (?, ?, ?, ?)');
    insertAudit.run(now - 3000, null, 'secret.set', JSON.stringify({ what: 'onec' }));
    insertAudit.run(now - 2000, null, 'settings.set', JSON.stringify({ password: onecPassword, onecUrl: `http://u:${strangerUrlPassword}@1c.local/base` }));
    insertAudit.run(now - 1000, null, 'document.queue', JSON.stringify({ number: 'П-000001', comment: cyrillicLine }));
  }

  function writeLog(name: string, lines: string[], modifiedAt: number): string {
    mkdirSync(logDir, { recursive: true });
    const path = join(logDir, name);
    writeFileSync(path, `${lines.join('\n')}\n`, 'utf8');
    utimesSync(path, modifiedAt / 1000, modifiedAt / 1000);
    return path;
  }

  it.each([
    ['stored entries', 0],
    ['deflated entries', 6],
  ] as const)('writes every entry, parseable, and no planted secret in any byte (%s)', async (_label, level) => {
    configure();
    plantRows();
    writeLog('main.log', secretLines(), now - 1000);
    writeLog('cli.log', [...secretLines(), ...secretLines()], now - 5000);

    const result = await buildDiagnosticsZip(depsWith(), { compressionLevel: level satisfies DiagnosticsOptions['compressionLevel'] });

    expect(result.fileName).toMatch(/^prilavok-diagnostics-\d{8}-\d{6}\.zip$/);
    expect(result.entries).toEqual(['app.json', 'settings.json', 'sync-runs.csv', 'outbox.csv', 'audit-log.csv', 'logs/main.log', 'logs/cli.log']);
    const texts = unzip(result.bytes);
    expect(Object.keys(texts).sort()).toEqual([...result.entries].sort());
    expectNoSecret(result.bytes, texts);

    const app = JSON.parse(texts['app.json'] ?? '') as AppJson;
    expect(app.app).toEqual({ name: 'Prilavok', version: '0.0.0-test', host: 'cli' });
    expect(app.database).toMatchObject({ path: db.path, schemaVersion: db.schemaVersion });
    expect(app.counts).toMatchObject({ products: 5, warehouses: 2, documents: 1 });
    expect(app.system).toMatchObject({ platform: process.platform, arch: process.arch });
    expect(app.runtime.node).toBe(process.versions.node);
    expect(app.generatedAt).toBe('2025-03-14T06:30:15.000Z');
    expect(app.redaction).toEqual({ removedPasswordsOf: ['onec', 'smtp', 'webhook'], unreadPasswordsOf: [] });
    expect(app.tables['sync-runs.csv']).toEqual({ rows: 3, total: 3 });
    expect(app.onec.url).toBeNull();

    const settings = JSON.parse(texts['settings.json'] ?? '') as SettingsJson;
    expect(settings.settings).toMatchObject({ onecUrl: '', onecUser, language: 'ru' });
    expect(settings.alertDelivery.email).toMatchObject({ host: 'smtp.example.com', user: smtpUser, to: ['boss@example.com'] });
    expect(settings.alertDelivery.webhook).toEqual({ url: 'https://hooks.example.com/…' });
    expect(settings.other).toEqual({ printers: { port: 'COM3', apiKey: '[скрыто]', nested: [{ password: '[скрыто]' }] } });

    const runs = csvRecords(texts['sync-runs.csv'] ?? '');
    expect(runs.map((r) => r.id)).toEqual(['run-3', 'run-2', 'run-1']);
    expect(runs[0]).toMatchObject({ status: 'running', finished_at: '', duration_ms: '' });
    expect(runs[0]?.error_message).toContain(cyrillicLine);
    expect(runs[1]).toMatchObject({ error_code: 'unauthorized', duration_ms: '1000', counts_json: '{"fetched":10}' });
    expect(runs[1]?.error_message).toBe('1С ответила 401 на Authorization: Basic *** (пароль ***)');

    const outbox = csvRecords(texts['outbox.csv'] ?? '');
    // Rows still to send and dead ones first (latest change first), then the done ones.
    expect(outbox.map((r) => [r.id, r.status])).toEqual([['ob-1', 'pending'], ['ob-3', 'dead'], ['ob-2', 'done']]);
    expect(outbox[0]).toMatchObject({ document_number: 'П-000001', document_kind: 'receipt', document_status: 'queued', attempts: '2', payload: '{}' });
    expect(outbox[2]?.payload).toBe('{"code":"4601234567893","productId":1,"characteristicId":null}');
    expect(outbox[1]?.payload).toBe('{}');
    expect(outbox[0]?.last_error_message).toBe('нет связи с 1С; Basic ***');
    expect(texts['outbox.csv']).not.toContain('секрет');

    const audit = csvRecords(texts['audit-log.csv'] ?? '');
    // Newest first; the settings service may add rows of its own (configure() changes settings).
    expect(audit.map((r) => r.at)).toEqual(audit.map((r) => r.at).sort().reverse());
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['document.queue', 'settings.set', 'secret.set']));
    const details = audit.map((r) => JSON.parse(r.details_json ?? '') as unknown);
    expect(details).toContainEqual({ number: 'П-000001', comment: cyrillicLine });
    expect(details).toContainEqual({ password: '[скрыто]', onecUrl: 'http://u:[скрыто]@1c.local/base' });

    const mainLog = texts['logs/main.log'] ?? '';
    expect(mainLog.split('\n')).toHaveLength(secretLines().length + 1);
    expect(mainLog).toContain(cyrillicLine);
    expect(mainLog).toContain('(sync) GET http://1c.local/base/odata/standard.odata/Catalog_Номенклатура Authorization: Basic ');
    expect(mainLog).toContain('POST https://hooks.example.com*** answered 500');
  });

  it('caps the logs newest first, cutting the one that crosses the cap from its start', async () => {
    configure();
    // ~3.5 MB of Cyrillic lines (2 bytes a letter): read boundaries fall inside characters.
    const line = (n: number) => `[2025-03-14 09:00:00.000] [info] строка ${n} ${'ж'.repeat(90)}`;
    const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => line(from + i));
    const newest = writeLog('main.log', [...lines(0, 9000), ...secretLines(), ...lines(9000, 9000)], now - 1000);
    const older = writeLog('main.old.log', [...lines(100_000, 18_000), ...secretLines()], now - 60_000);
    writeLog('cli.log', lines(200_000, 100), now - 3_600_000);
    const newestBytes = readFileSync(newest).length;
    const olderBytes = readFileSync(older).length;
    const maxLogBytes = newestBytes + 1_000_000;

    const result = await buildDiagnosticsZip(depsWith(), { maxLogBytes });

    expect(result.entries).toEqual(['app.json', 'settings.json', 'sync-runs.csv', 'outbox.csv', 'audit-log.csv', 'logs/main.log', 'logs/main.old.log']);
    const texts = unzip(result.bytes);
    expectNoSecret(result.bytes, texts);
    const main = texts['logs/main.log'] ?? '';
    expect(main).not.toContain('\uFFFD');
    expect(main.startsWith(`${line(0)}\n`)).toBe(true);
    expect(main.endsWith(`${line(17_999)}\n`)).toBe(true);
    expect(main.split('\n')).toHaveLength(18_000 + secretLines().length + 1);

    const cut = texts['logs/main.old.log'] ?? '';
    const [note = '', first = '', ...rest] = cut.split('\n');
    expect(note).toBe(`[Prilavok: начало журнала пропущено — показаны последние 1000000 из ${olderBytes} байт]`);
    // The first whole line after the cut point (the cut fell inside a line and a character).
    const original = readFileSync(older);
    const cutAt = original.indexOf(0x0a, olderBytes - 1_000_000 - 1) + 1;
    expect(first).toBe(original.subarray(cutAt, original.indexOf(0x0a, cutAt)).toString('utf8'));
    expect(first).toMatch(/^\[2025-03-14 09:00:00\.000\] \[info\] строка 1\d{5} ж{90}$/);
    expect(rest.at(-2)).toContain(cyrillicLine);
    expect(cut).not.toContain('\uFFFD');
    expect(Buffer.byteLength(cut.slice(note.length + 1), 'utf8')).toBeLessThanOrEqual(1_000_000);

    const app = JSON.parse(texts['app.json'] ?? '') as AppJson;
    expect(app.logs.included).toEqual([
      expect.objectContaining({ entry: 'logs/main.log', includedBytes: newestBytes, isTruncated: false }),
      expect.objectContaining({ entry: 'logs/main.old.log', sizeBytes: olderBytes, includedBytes: 1_000_000, isTruncated: true }),
    ]);
    expect(app.logs.skipped).toEqual([expect.objectContaining({ path: expect.stringMatching(/cli\.log$/) as string })]);
  });

  it('keeps JSON and CSV whole when the password is also a number written in them', async () => {
    createSettingsService(db, silentLogger, () => now).set({ onecUrl: 'http://1c.local/base', onecUser: 'admin', stockTtlMinutes: 1440 });
    db.sqlite.prepare("INSERT INTO sync_runs (id, job, started_at, status, bytes) VALUES ('r', 'catalogs', ?, 'ok', 1440)").run(now);
    writeLog('main.log', ['login admin/1440 refused', `Authorization: Basic ${b64('admin:1440')}`], now);
    const secrets: SecretSource = { onecPassword: () => Promise.resolve('1440') };

    const result = await buildDiagnosticsZip(depsWith(secrets));

    const texts = unzip(result.bytes);
    for (const text of Object.values(texts)) expect(text).not.toMatch(/1440|YWRtaW46MTQ0MA/);
    const settings = JSON.parse(texts['settings.json'] ?? '') as SettingsJson;
    expect(settings.settings.stockTtlMinutes).toBe('***');
    expect(JSON.parse(texts['app.json'] ?? '')).toBeTruthy();
    expect(csvRecords(texts['sync-runs.csv'] ?? '')[0]?.bytes).toBe('***');
    expect(texts['logs/main.log']).toBe('login admin/*** refused\nAuthorization: Basic ***\n');
  });

  it('exports a new, empty database without logs', async () => {
    const result = await buildDiagnosticsZip({ ...depsWith(createSecretSource(null, { onec: () => null, smtp: () => null }, {})), logDirs: [join(dir, 'none')] });

    expect(result.entries).toEqual(['app.json', 'settings.json', 'sync-runs.csv', 'outbox.csv', 'audit-log.csv']);
    const texts = unzip(result.bytes);
    const app = JSON.parse(texts['app.json'] ?? '') as AppJson;
    expect(app.counts).toMatchObject({ products: 0, warehouses: 0, documents: 0 });
    expect(app.logs).toEqual({ maxBytes: 20 * 1024 * 1024, included: [], skipped: [], errors: [] });
    expect(app.redaction).toEqual({ removedPasswordsOf: [], unreadPasswordsOf: [] });
    const settings = JSON.parse(texts['settings.json'] ?? '') as SettingsJson;
    expect(settings.settings.onecUrl).toBe('');
    expect(settings.alertDelivery).toMatchObject({ desktop: true, email: null, webhook: null });
    expect(parseCsv(texts['sync-runs.csv'] ?? '')).toEqual([['id', 'job', 'status', 'started_at', 'finished_at', 'duration_ms', 'counts_json', 'bytes', 'error_code', 'error_message']]);
    expect(parseCsv(texts['outbox.csv'] ?? '')).toHaveLength(1);
    expect(parseCsv(texts['audit-log.csv'] ?? '')).toEqual([['id', 'at', 'user_id', 'user_name', 'action', 'details_json']]);
  });

  it('still exports, with the header patterns applied, when the keychain cannot be read', async () => {
    configure();
    writeLog('main.log', secretLines(), now);
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (m) => warnings.push(m) };
    const broken: SecretSource = {
      onecPassword: () => Promise.reject(new Error('keychain locked')),
      smtpPassword: () => Promise.resolve(smtpPassword),
    };

    const result = await buildDiagnosticsZip(depsWith(broken, logger));

    const texts = unzip(result.bytes);
    const app = JSON.parse(texts['app.json'] ?? '') as AppJson;
    expect(app.redaction).toEqual({ removedPasswordsOf: ['smtp', 'webhook'], unreadPasswordsOf: ['onec'] });
    expect(warnings.join('\n')).toContain('the onec password could not be read');
    const log = texts['logs/main.log'] ?? '';
    // Without the password itself, the header, JSON header, URL and Bearer forms are still removed.
    for (const form of [basicOnec, encodeURIComponent(onecPassword), strangerBearer, strangerUrlPassword, smtpPassword, plainSmtp]) {
      expect(log).not.toContain(form);
    }
  });
});
