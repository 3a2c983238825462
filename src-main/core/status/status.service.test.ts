import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { generateDemoCatalog } from '../demo/demo-catalog.service';
import { openTempDb } from '../testing/temp-db';
import { getStatus, withoutCredentials } from './status.service';

const cleanups: (() => void)[] = [];
function freshDb(): AppDb {
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  return temp.db;
}
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const now = Date.UTC(2026, 0, 15, 9);

function setSetting(db: AppDb, key: string, value: unknown): void {
  db.sqlite.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)').run(key, JSON.stringify(value), now);
}

describe('getStatus', () => {
  it('reports zero counts and no 1C connection when the database is new', () => {
    const db = freshDb();
    const status = getStatus(db);
    expect(status.database).toEqual({ path: db.path, schemaVersion: db.schemaVersion });
    expect(status.counts).toEqual({
      products: 0,
      barcodes: 0,
      warehouses: 0,
      customers: 0,
      priceTypes: 0,
      stockRows: 0,
      documents: 0,
      movements: 0,
    });
    expect(status.onec).toEqual({ url: null, user: null, profile: null });
    expect(status.sync).toEqual([]);
    expect(status.outbox).toEqual({ depth: 0, byStatus: { pending: 0, sending: 0, paused: 0, dead: 0, done: 0 } });
    expect(status.alerts).toEqual({ open: 0 });
  });

  it('counts the rows of a generated catalog', () => {
    const db = freshDb();
    const generated = generateDemoCatalog(db, { products: 300, seed: 4, now });
    const status = getStatus(db);
    expect(status.counts).toMatchObject({
      products: 300,
      barcodes: generated.barcodes,
      warehouses: 4,
      priceTypes: 2,
      stockRows: generated.stockRows,
      documents: 0,
      movements: 0,
      customers: 0,
    });
  });

  it('shows the 1C URL, user and profile from settings and nothing else', () => {
    const db = freshDb();
    setSetting(db, 'onecUrl', 'https://admin:hunter2@1c.example.ru/ut11/odata/standard.odata');
    setSetting(db, 'onecUser', 'Администратор');
    setSetting(db, 'onecProfile', 'ut11');
    setSetting(db, 'onecPassword', 'hunter2');
    const status = getStatus(db);
    expect(status.onec).toEqual({
      url: 'https://1c.example.ru/ut11/odata/standard.odata',
      user: 'Администратор',
      profile: 'ut11',
    });
    expect(JSON.stringify(status)).not.toContain('hunter2');
  });

  it('prefers the validated settings when the caller passes them', () => {
    const db = freshDb();
    setSetting(db, 'onecUrl', 'http://stale.example/');
    const status = getStatus(db, { onecUrl: 'http://1c.local/base', onecUser: '', onecProfile: 'auto' });
    expect(status.onec).toEqual({ url: 'http://1c.local/base', user: null, profile: 'auto' });
  });

  it('gives the last run of every sync job, the outbox depth by status and open alerts', () => {
    const db = freshDb();
    const run = db.sqlite.prepare(
      'INSERT INTO sync_runs (id, job, started_at, finished_at, status, counts_json, bytes, error_code, error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    run.run('r1', 'catalog', now - 60_000, now - 50_000, 'ok', '{"fetched":10}', 100, null, null);
    run.run('r2', 'catalog', now - 10_000, now - 7_000, 'failed', '{}', 0, 'erp', '1С недоступна');
    run.run('r3', 'balances', now - 5_000, null, 'running', '{}', 0, null, null);
    db.sqlite
      .prepare('INSERT INTO sync_state (job, last_success_at, last_error_at, last_error_code) VALUES (?, ?, ?, ?)')
      .run('catalog', now - 50_000, now - 7_000, 'erp');
    db.sqlite.prepare('INSERT INTO sync_state (job, last_success_at) VALUES (?, ?)').run('prices', now - 99_000);

    const outbox = db.sqlite.prepare(
      "INSERT INTO outbox (id, kind, payload_json, idempotency_key, status, next_attempt_at, created_at, updated_at) VALUES (?, 'document', '{}', ?, ?, 0, 0, 0)",
    );
    ['pending', 'pending', 'sending', 'dead', 'done', 'paused'].forEach((status, i) => outbox.run(`o${i}`, `k${i}`, status));

    db.sqlite
      .prepare("INSERT INTO alert_rules (id, name, scope, condition, threshold, created_at, updated_at) VALUES ('rule', 'Мало', 'all', 'below', 1000, 0, 0)")
      .run();
    const alert = db.sqlite.prepare("INSERT INTO alert_events (id, rule_id, rule_name, new_qty, message, fired_at, read_at) VALUES (?, 'rule', 'Мало', 0, 'мало', 0, ?)");
    alert.run('a1', null);
    alert.run('a2', null);
    alert.run('a3', now);

    const status = getStatus(db);
    expect(status.sync).toEqual([
      {
        job: 'balances',
        lastRun: { status: 'running', startedAt: now - 5_000, finishedAt: null, durationMs: null, counts: {}, bytes: 0, errorCode: null, errorMessage: null },
        lastSuccessAt: null,
        lastErrorAt: null,
        lastErrorCode: null,
      },
      {
        job: 'catalog',
        lastRun: {
          status: 'failed',
          startedAt: now - 10_000,
          finishedAt: now - 7_000,
          durationMs: 3_000,
          counts: {},
          bytes: 0,
          errorCode: 'erp',
          errorMessage: '1С недоступна',
        },
        lastSuccessAt: now - 50_000,
        lastErrorAt: now - 7_000,
        lastErrorCode: 'erp',
      },
      { job: 'prices', lastRun: null, lastSuccessAt: now - 99_000, lastErrorAt: null, lastErrorCode: null },
    ]);
    expect(status.outbox).toEqual({ depth: 4, byStatus: { pending: 2, sending: 1, paused: 1, dead: 1, done: 1 } });
    expect(status.alerts).toEqual({ open: 2 });
  });
});

describe('withoutCredentials', () => {
  it('removes user and password from a URL and leaves others alone', () => {
    expect(withoutCredentials('http://u:p@host:8080/base/odata')).toBe('http://host:8080/base/odata');
    expect(withoutCredentials('http://host/base')).toBe('http://host/base');
    expect(withoutCredentials('not a url //user:pw@x')).toBe('not a url //x');
  });
});
