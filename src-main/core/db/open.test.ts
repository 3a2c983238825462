import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killBulkInsertMidway } from '../testing/bulk-insert-kill';
import { makeTempDir, repoMigrationsFolder } from '../testing/temp-db';
import { assertJournalIncreasing, readShippedMigrations } from './journal';
import { openDatabase } from './open';

describe('openDatabase', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.cleanup());

  it('creates a migrated database in WAL mode with foreign keys and a busy timeout', () => {
    const db = openDatabase({ path: join(temp.dir, 'a', 'new.db'), migrationsFolder: repoMigrationsFolder });
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    for (const table of ['warehouses', 'products', 'product_groups', 'units', 'characteristics', 'barcodes', 'price_types', 'prices', 'stock', 'movements', 'documents', 'document_lines', 'outbox', 'customers', 'sync_runs', 'sync_state', 'alert_rules', 'alert_events', 'stock_snapshots', 'users', 'audit_log', 'scan_log', 'settings', 'products_fts']) {
      expect(tables).toContain(table);
    }
    expect(db.schemaVersion).toBe(readShippedMigrations(repoMigrationsFolder).at(-1)?.tag);
    expect(db.backupPath).toBeNull();
    db.close();
  });

  it('opens an up-to-date database again without migrating or backing up', () => {
    const path = join(temp.dir, 'again.db');
    openDatabase({ path, migrationsFolder: repoMigrationsFolder }).close();
    const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
    expect(db.backupPath).toBeNull();
    db.close();
    expect(readdirSync(temp.dir).filter((f) => f.includes('.backup-'))).toEqual([]);
  });

  it('enforces foreign keys', () => {
    const db = openDatabase({ path: join(temp.dir, 'fk.db'), migrationsFolder: repoMigrationsFolder });
    expect(() => db.sqlite.prepare("INSERT INTO barcodes (code, product_id) VALUES ('1', 999)").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('refuses a database written by a newer version, and leaves it untouched', () => {
    const path = join(temp.dir, 'future.db');
    const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
    db.sqlite.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('language', '\"en\"', 1)").run();
    db.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('f'.repeat(64), Date.now() + 1e12);
    db.close();

    let thrown: unknown;
    try {
      openDatabase({ path, migrationsFolder: repoMigrationsFolder });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'db_from_future' });
    expect((thrown as Error).message).toMatch(/более новой версией Prilavok/);

    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT value_json FROM settings').get()).toEqual({ value_json: '"en"' });
    raw.close();
    expect(readdirSync(temp.dir).filter((f) => f.includes('.backup-'))).toEqual([]);
  });

  it('backs up, then applies pending migrations to a database from the previous version', () => {
    // Signal's recipe: the app as of migration N-1 writes data, the current app opens it.
    const oldFolder = join(temp.dir, 'migrations-old');
    mkdirSync(join(oldFolder, 'meta'), { recursive: true });
    const journal = JSON.parse(readFileSync(join(repoMigrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
    const first = journal.entries[0]!;
    writeFileSync(join(oldFolder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: [first] }));
    copyFileSync(join(repoMigrationsFolder, `${first.tag}.sql`), join(oldFolder, `${first.tag}.sql`));

    const path = join(temp.dir, 'upgrade.db');
    const old = openDatabase({ path, migrationsFolder: oldFolder });
    old.sqlite.prepare("INSERT INTO products (id, code, name, updated_at) VALUES (1, '00-1', 'Молоко старое', 1)").run();
    old.close();

    const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
    expect(db.backupPath).not.toBeNull();
    expect(existsSync(db.backupPath!)).toBe(true);
    const backup = new Database(db.backupPath!, { readonly: true });
    expect(backup.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'products_fts'").get()).toEqual({ n: 0 });
    expect(backup.prepare('SELECT name FROM products').get()).toEqual({ name: 'Молоко старое' });
    backup.close();
    // Products that existed before the FTS migration are indexed by it; new ones by the triggers.
    db.sqlite.prepare("INSERT INTO products (id, code, name, updated_at) VALUES (2, '00-2', 'Молоко новое', 1)").run();
    expect(db.sqlite.prepare("SELECT rowid FROM products_fts WHERE products_fts MATCH 'молоко' ORDER BY rowid").all()).toEqual([{ rowid: 1 }, { rowid: 2 }]);
    db.close();
  });

  it('0008 turns alert_pairs and alert_fired into WITHOUT ROWID tables and keeps their rows', () => {
    // The app as of 0007 (alert tables as rowid tables) writes remembered values and a cooldown mark.
    const oldFolder = join(temp.dir, 'migrations-0007');
    mkdirSync(join(oldFolder, 'meta'), { recursive: true });
    const journal = JSON.parse(readFileSync(join(repoMigrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
    const upTo0007 = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === '0007_alerts_replenishment') + 1);
    writeFileSync(join(oldFolder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: upTo0007 }));
    for (const entry of upTo0007) copyFileSync(join(repoMigrationsFolder, `${entry.tag}.sql`), join(oldFolder, `${entry.tag}.sql`));

    const path = join(temp.dir, 'alerts-0007.db');
    const old = openDatabase({ path, migrationsFolder: oldFolder });
    old.sqlite.exec(`
      INSERT INTO warehouses (id, name) VALUES (1, 'Основной'), (2, 'Магазин');
      INSERT INTO products (id, name, updated_at) VALUES (10, 'Молоко', 1), (11, 'Кефир', 1);
      INSERT INTO alert_rules (id, name, scope, condition, threshold, created_at, updated_at) VALUES ('r1', 'Меньше 5', 'all', 'below', 5000, 1, 1);
      INSERT INTO alert_pairs (product_id, warehouse_id, qty, min_qty, evaluated_at) VALUES (11, 2, 0, NULL, 7), (10, 1, 3000, 8000, 7), (11, 1, 12000, NULL, 7);
      INSERT INTO alert_fired (rule_id, product_id, warehouse_id, last_fired_at) VALUES ('r1', 10, 1, 5);`);
    old.close();

    const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
    const tableSql = (name: string): string => String(db.sqlite.prepare('SELECT sql FROM sqlite_master WHERE type = ? AND name = ?').pluck().get('table', name));
    expect(tableSql('alert_pairs')).toMatch(/WITHOUT ROWID\s*$/);
    expect(tableSql('alert_fired')).toMatch(/WITHOUT ROWID\s*$/);
    expect(db.sqlite.prepare('SELECT product_id, warehouse_id, qty, min_qty, evaluated_at FROM alert_pairs').raw().all()).toEqual([
      [10, 1, 3000, 8000, 7],
      [11, 1, 12000, null, 7],
      [11, 2, 0, null, 7],
    ]);
    expect(db.sqlite.prepare('SELECT rule_id, product_id, warehouse_id, last_fired_at FROM alert_fired').raw().all()).toEqual([['r1', 10, 1, 5]]);
    // Still children of their products and rules: deleting the rule takes its cooldown marks along.
    db.sqlite.prepare("DELETE FROM alert_rules WHERE id = 'r1'").run();
    expect(db.sqlite.prepare('SELECT count(*) FROM alert_fired').pluck().get()).toBe(0);
    expect(() => db.sqlite.prepare('INSERT INTO alert_pairs (product_id, warehouse_id, qty, evaluated_at) VALUES (999, 1, 0, 1)').run()).toThrow(/FOREIGN KEY/);
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('survives kill -9 during a bulk insert: the database opens and passes integrity_check', async () => {
    const path = join(temp.dir, 'crash.db');
    openDatabase({ path, migrationsFolder: repoMigrationsFolder }).close();
    await killBulkInsertMidway(path, { batch: 500 });

    const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(() => db.sqlite.prepare("INSERT INTO products_fts (products_fts) VALUES ('integrity-check')").run()).not.toThrow();
    const { n } = db.sqlite.prepare('SELECT count(*) AS n FROM products').get() as { n: number };
    expect(n).toBeGreaterThanOrEqual(500);
    expect(n % 500).toBe(0); // whole transactions only
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM barcodes').get()).toEqual({ n });
    db.close();
  });
});

describe('migration journal', () => {
  it('ships migrations whose timestamps strictly increase', () => {
    const shipped = readShippedMigrations(repoMigrationsFolder);
    expect(shipped.length).toBeGreaterThan(0);
    for (let i = 1; i < shipped.length; i += 1) expect(shipped[i]!.when).toBeGreaterThan(shipped[i - 1]!.when);
    expect(() => assertJournalIncreasing(shipped)).not.toThrow();
  });

  it('refuses a journal where a later migration is stamped earlier', () => {
    const shipped = readShippedMigrations(repoMigrationsFolder);
    const broken = [shipped[0]!, { ...shipped[0]!, tag: '0001_late', when: shipped[0]!.when - 1 }];
    expect(() => assertJournalIncreasing(broken)).toThrowError(expect.objectContaining({ code: 'migration' }) as Error);
  });
});
