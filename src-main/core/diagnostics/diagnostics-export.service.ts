// «Экспорт диагностики» (issue #7): one zip a store can send to support — the app and machine,
// settings, the latest sync runs, the outbox, the audit log and the newest logs. Nothing in it may
// open 1C or the mail server: every text goes through the redactor as its last step (patterns for
// Authorization headers, Basic/Bearer credentials and URL passwords, plus every written form of the
// passwords the app holds), even though the logs were redacted when written.
import { statSync } from 'node:fs';
import { arch, cpus, freemem, platform, release, totalmem, type as osType, version as osVersion } from 'node:os';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { type AppInfo, type Settings } from '../../../src-preload/contract';
import { type AlertDeliverySettings } from '../../../src-preload/contract/alerts';
import { type AlertSettingsService } from '../alerts/delivery-settings.service';
import { type SecretSource } from '../app/sync-controller';
import { type AppDb } from '../db/open';
import { toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { appendAudit } from '../security/audit-log.repo';
import { type KnownSecret, createRedactor } from '../logging/redact';
import { type SettingsService, defaultSettings } from '../settings/settings.service';
import { getStatus } from '../status/status.service';
import { findLogFiles, planLogs, readLogChunks } from './diagnostics-logs';
import { type CsvTable, type Redactor, auditLogCsv, isoTime, outboxCsv, syncRunsCsv } from './diagnostics-tables';

export type DiagnosticsDeps = {
  db: AppDb;
  settings: Pick<SettingsService, 'get'>;
  alertSettings: Pick<AlertSettingsService, 'get'>;
  /** Read only to know what to remove; a password that cannot be read is reported in app.json. */
  secrets: SecretSource;
  appInfo: { name: string; version: string; host: AppInfo['host'] };
  /** Folders whose `*.log` files go in (electron-log's folder, `<db folder>/logs` of the CLI and web host). */
  logDirs: readonly string[];
  clock: () => number;
  logger: Logger;
};

export type DiagnosticsOptions = {
  /** Bytes of log files taken, newest first, the last one cut from its start. Default 20 MiB. */
  maxLogBytes?: number;
  /** Newest rows per table (sync runs, outbox, audit log). Default 1000. */
  maxRows?: number;
  /** Deflate level; 0 stores every entry as is. Default 6. */
  compressionLevel?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
};

export type DiagnosticsZip = {
  /** e.g. prilavok-diagnostics-20250314-093015.zip (local time). */
  fileName: string;
  bytes: Uint8Array;
  /** Entry names in the order written. */
  entries: string[];
};

export const defaultMaxLogBytes = 20 * 1024 * 1024;
export const defaultMaxRows = 1000;

/** Keys whose values never go out, at any depth of the other settings, whatever a future version stores there. */
const secretKeyPattern = /passw|^pass$|secret|token|credential|cookie|^pin$|pin_?(code|hash)|api[-_]?key|^auth(orization)?$/i;

export async function buildDiagnosticsZip(deps: DiagnosticsDeps, options: DiagnosticsOptions = {}): Promise<DiagnosticsZip> {
  const now = deps.clock();
  const maxLogBytes = options.maxLogBytes ?? defaultMaxLogBytes;
  const maxRows = options.maxRows ?? defaultMaxRows;
  const settings = deps.settings.get();
  const alertDelivery = deps.alertSettings.get();
  const known = await readKnownSecrets(deps, settings, alertDelivery);
  const redact: Redactor = createRedactor(known.secrets);

  // One read transaction: the tables and counts describe one moment even while a sync is writing.
  const snapshot = deps.db.sqlite.transaction(() => ({
    status: getStatus(deps.db, settings),
    syncRuns: syncRunsCsv(deps.db, maxRows, redact),
    outbox: outboxCsv(deps.db, maxRows, redact),
    auditLog: auditLogCsv(deps.db, maxRows, redact),
    otherSettings: readOtherSettings(deps.db),
    sqliteVersion: String(deps.db.sqlite.prepare('SELECT sqlite_version()').pluck().get()),
  }))();

  const found = findLogFiles(deps.logDirs);
  const plan = { ...planLogs(found.files, maxLogBytes), errors: found.errors };

  const zip = createZipWriter(options.compressionLevel ?? 6, now, redact);
  const tables: Record<string, CsvTable> = { 'sync-runs.csv': snapshot.syncRuns, 'outbox.csv': snapshot.outbox, 'audit-log.csv': snapshot.auditLog };
  const appJson = {
    app: deps.appInfo,
    generatedAt: isoTime(now),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    utcOffsetMinutes: -new Date(now).getTimezoneOffset(),
    database: { path: deps.db.path, schemaVersion: deps.db.schemaVersion, sqliteVersion: snapshot.sqliteVersion, ...fileSizes(deps.db.path) },
    counts: snapshot.status.counts,
    onec: snapshot.status.onec,
    sync: snapshot.status.sync,
    outbox: snapshot.status.outbox,
    alerts: snapshot.status.alerts,
    system: {
      platform: platform(),
      arch: arch(),
      os: osType(),
      osRelease: release(),
      osVersion: osVersion(),
      cpus: cpus().length,
      memoryBytes: totalmem(),
      freeMemoryBytes: freemem(),
    },
    runtime: {
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      uptimeSeconds: Math.round(process.uptime()),
      rssBytes: process.memoryUsage().rss,
    },
    tables: Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, { rows: t.rows, total: t.total }])),
    logs: {
      maxBytes: maxLogBytes,
      included: plan.included.map((i) => ({ entry: i.entry, path: i.file.path, sizeBytes: i.file.sizeBytes, includedBytes: i.takeBytes, isTruncated: i.isTruncated, modifiedAt: isoTime(i.file.modifiedAt) })),
      skipped: plan.skipped.map((f) => ({ path: f.path, sizeBytes: f.sizeBytes, modifiedAt: isoTime(f.modifiedAt) })),
      errors: plan.errors,
    },
    redaction: { removedPasswordsOf: known.names, unreadPasswordsOf: known.unread },
  };
  zip.text('app.json', json(appJson, redact));
  zip.text('settings.json', json(settingsForSupport(settings, alertDelivery, snapshot.otherSettings), redact));
  for (const [name, table] of Object.entries(tables)) zip.text(name, table.csv);
  for (const item of plan.included) {
    const file = zip.open(item.entry);
    try {
      for await (const chunk of readLogChunks(item)) file.push(chunk);
    } catch (err) {
      // Rotated away or locked between listing and reading: the rest of the export still helps.
      deps.logger.warn(`diagnostics: log ${item.file.path} not read: ${toLogFormat(err)}`);
      file.push(`\n[Prilavok: журнал прочитан не полностью: ${err instanceof Error ? err.message : String(err)}]\n`);
    }
    file.end();
  }
  const bytes = zip.finish();
  deps.logger.info(`diagnostics: ${zip.entries.length} entries, ${bytes.length} bytes`);
  return { fileName: `prilavok-diagnostics-${localStamp(now)}.zip`, bytes, entries: zip.entries };
}

type Known = { secrets: KnownSecret[]; names: string[]; unread: string[] };

/**
 * The passwords to remove, with the user names they are sent with (their Basic and AUTH PLAIN
 * forms include the user). A keychain that cannot be read does not stop the export: the patterns
 * still apply, and app.json says which password could not be checked for.
 */
async function readKnownSecrets(deps: DiagnosticsDeps, settings: Settings, alerts: AlertDeliverySettings): Promise<Known> {
  const known: Known = { secrets: [], names: [], unread: [] };
  const readSmtp = deps.secrets.smtpPassword;
  const sources: Array<[string, () => Promise<string | null>, string | null]> = [
    ['onec', () => deps.secrets.onecPassword(), settings.onecUser],
    ['smtp', () => (readSmtp ? readSmtp.call(deps.secrets) : Promise.resolve(null)), alerts.email?.user ?? null],
  ];
  for (const [name, read, user] of sources) {
    try {
      const secret = await read();
      if (secret === null || secret === '') continue;
      known.secrets.push({ secret, users: user ? [user] : [] });
      known.names.push(name);
    } catch (err) {
      deps.logger.warn(`diagnostics: the ${name} password could not be read to remove it: ${toLogFormat(err)}`);
      known.unread.push(name);
    }
  }
  // A webhook's path and query are its credential (Slack, Telegram, Discord put the token there).
  const webhook = parseUrl(alerts.webhook?.url ?? '');
  const webhookSecret = webhook ? `${webhook.pathname}${webhook.search}` : '';
  if (webhookSecret.length >= 8) {
    known.secrets.push({ secret: webhookSecret, users: [] });
    known.names.push('webhook');
  }
  return known;
}

function settingsForSupport(settings: Settings, alerts: AlertDeliverySettings, other: Record<string, unknown>): unknown {
  const webhook = parseUrl(alerts.webhook?.url ?? '');
  return {
    settings: { ...settings, onecUrl: withoutUserinfo(settings.onecUrl) },
    alertDelivery: { ...alerts, webhook: alerts.webhook === null ? null : { url: webhook ? `${webhook.origin}/…` : '…' } },
    other: scrubKeys(other),
  };
}

/** The rest of the settings table (device, replenishment settings…) as stored, keyed by name. */
function readOtherSettings(db: AppDb): Record<string, unknown> {
  const rows = db.sqlite.prepare('SELECT key, value_json AS valueJson FROM settings ORDER BY key').all() as Array<{ key: string; valueJson: string }>;
  const covered = new Set<string>(['alerts', ...Object.keys(defaultSettings)]);
  const other: Record<string, unknown> = {};
  for (const row of rows) {
    if (covered.has(row.key)) continue;
    try {
      other[row.key] = JSON.parse(row.valueJson) as unknown;
    } catch {
      other[row.key] = row.valueJson;
    }
  }
  return other;
}

function scrubKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, secretKeyPattern.test(key) ? '[скрыто]' : scrubKeys(v)]));
}

/** Pretty JSON of a tree redacted value by value; the writer redacts the whole text again. */
function json(value: unknown, redact: Redactor): string {
  return `${JSON.stringify(redactTree(value, redact), null, 2)}\n`;
}

/**
 * Keys, strings and scalars redacted one by one before they become JSON. A number or boolean that
 * reads as a password (a 1C password «1440» that is also a setting) becomes the mark as a string:
 * the writer's whole-text pass would otherwise replace the bare number and break the JSON.
 */
function redactTree(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactTree(v, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [redact(key), redactTree(v, redact)]));
  }
  if (typeof value !== 'number' && typeof value !== 'boolean' && value !== null) return value;
  const text = String(value);
  const redacted = redact(text);
  return redacted === text ? value : redacted;
}

function parseUrl(text: string): URL | null {
  try {
    return text === '' ? null : new URL(text);
  } catch {
    return null;
  }
}

function withoutUserinfo(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed || (parsed.username === '' && parsed.password === '')) return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

function fileSizes(path: string): { sizeBytes: number | null; walBytes: number | null } {
  const size = (p: string): number | null => {
    try {
      return statSync(p).size;
    } catch {
      return null;
    }
  };
  return { sizeBytes: size(path), walBytes: size(`${path}-wal`) };
}

function localStamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

type ZipFile = { push(text: string): void; end(): void };

/**
 * fflate's streaming Zip: each entry is compressed as its text arrives, so a log never sits in
 * memory whole next to its compressed copy; only the finished zip is kept. Every text passes the
 * redactor here, as the last step before it becomes bytes.
 */
function createZipWriter(level: NonNullable<DiagnosticsOptions['compressionLevel']>, now: number, redact: Redactor) {
  const chunks: Uint8Array[] = [];
  const failures: Error[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) failures.push(err);
    else chunks.push(chunk);
  });
  const encoder = new TextEncoder();
  // DOS dates run from 1980 to 2107 and fflate refuses anything else (a test clock at 0).
  const mtime = Math.min(Math.max(now, Date.UTC(1980, 1, 1)), Date.UTC(2099, 0, 1));
  const entries: string[] = [];
  const open = (name: string): ZipFile => {
    const file = level === 0 ? new ZipPassThrough(name) : new ZipDeflate(name, { level });
    file.mtime = mtime;
    zip.add(file);
    entries.push(name);
    return {
      push: (text) => file.push(encoder.encode(redact(text))),
      end: () => file.push(new Uint8Array(0), true),
    };
  };
  return {
    entries,
    open,
    text(name: string, text: string) {
      const file = open(name);
      file.push(text);
      file.end();
    },
    finish(): Uint8Array {
      zip.end();
      const [failure] = failures;
      if (failure) throw failure;
      const total = chunks.reduce((sum, c) => sum + c.length, 0);
      const out = new Uint8Array(total);
      let offset = 0;
      for (const c of chunks) {
        out.set(c, offset);
        offset += c.length;
      }
      return out;
    },
  };
}

/** «Экспорт диагностики» for the contract: the zip as base64 (both transports carry it), audited. */
export async function exportDiagnostics(deps: DiagnosticsDeps, userId: string | null): Promise<{ fileName: string; base64: string; bytes: number; entries: string[] }> {
  const zip = await buildDiagnosticsZip(deps);
  appendAudit(deps.db, { at: deps.clock(), userId, action: 'diagnostics.export', details: { bytes: zip.bytes.length } });
  return { fileName: zip.fileName, base64: Buffer.from(zip.bytes).toString('base64'), bytes: zip.bytes.length, entries: zip.entries };
}
