import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/open';
import { makeTempDir, repoMigrationsFolder } from '../../core/testing/temp-db';
import { runCli, runCliProcess } from '../cli-testing';

const repoRoot = resolve(__dirname, '../../..');
const fixtures = join(repoRoot, 'tests/fixtures/commerceml');
const importSample = join(fixtures, 'v2.07_import_deleted-status.xml');
const offersSample = join(fixtures, 'v2.08_ns210_offers_variants.xml');

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const temp = makeTempDir('prilavok-import-cml-');
  cleanups.push(temp.cleanup);
  return temp.dir;
}

function readDb<T>(path: string, read: (sql: (query: string) => unknown) => T): T {
  const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
  try {
    return read((query) => db.sqlite.prepare(query).pluck().get());
  } finally {
    db.close();
  }
}

type ImportJson = {
  db: string;
  dryRun: boolean;
  files: Array<{ name: string; bytes: number; version: string | null }>;
  counts: Record<string, { added: number; changed: number; removed: number; unchanged: number }>;
  warningCount: number;
  warnings: Array<{ file: string; line: number; column: number; message: string }>;
};

describe('prilavok import-cml', () => {
  it('imports real CommerceML files in a child process and prints one JSON document with counts and located warnings', async () => {
    const dir = tempDir();
    const db = join(dir, 'store.db');
    const run = await runCliProcess(['import-cml', importSample, offersSample, '--db', db, '--json'], { PRILAVOK_DATA_DIR: dir });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as ImportJson;
    expect(doc.db).toBe(db);
    expect(doc.dryRun).toBe(false);
    expect(doc.files.map((f) => [f.name, f.version, f.bytes])).toEqual([
      ['v2.07_import_deleted-status.xml', '2.07', readFileSync(importSample).length],
      ['v2.08_ns210_offers_variants.xml', '2.08', readFileSync(offersSample).length],
    ]);
    expect(doc.counts.products).toMatchObject({ added: 35, changed: 0, removed: 0 });
    expect(Object.keys(doc.counts).sort()).toEqual(['barcodes', 'characteristics', 'groups', 'priceTypes', 'prices', 'products', 'stock', 'units', 'warehouses']);
    expect(doc.warningCount).toBe(doc.warnings.length);
    expect(doc.warnings.length).toBeGreaterThan(0);
    for (const w of doc.warnings) {
      expect(w.file).toBe('v2.08_ns210_offers_variants.xml');
      expect(w.line).toBeGreaterThan(0);
      expect(w.column).toBeGreaterThan(0);
    }
    const stored = readDb(db, (get) => ({
      products: get('SELECT count(*) FROM products WHERE is_deleted = 0'),
      audit: get("SELECT json_extract(details_json, '$.trigger') || ':' || json_extract(details_json, '$.state') FROM audit_log WHERE action = 'cml.import'"),
    }));
    expect(stored).toEqual({ products: 35, audit: 'cli:done' });
  });

  it('with --dry-run reports what would change and writes nothing but the audit row; a second real run changes nothing', async () => {
    const dir = tempDir();
    const db = join(dir, 'store.db');
    const dry = await runCli(['import-cml', importSample, '--db', db, '--dry-run', '--json'], { cwd: dir, dataDir: dir });
    expect(dry.code, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout) as ImportJson;
    expect(report.dryRun).toBe(true);
    expect(report.counts.products?.added).toBe(35);
    expect(readDb(db, (get) => get('SELECT count(*) FROM products'))).toBe(0);

    // Relative paths are resolved against the working directory.
    writeFileSync(join(dir, 'import.xml'), readFileSync(importSample));
    const real = await runCli(['import-cml', 'import.xml', '--db', 'store.db'], { cwd: dir, dataDir: dir });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain('Импорт CommerceML выполнен (файлов: 1');
    expect(real.stdout).toContain('  Товары: добавлено 35, изменено 0, удалено 0');
    expect(real.stderr).toContain('import.xml: 100 %');
    const again = await runCli(['import-cml', 'import.xml', '--db', 'store.db', '--json'], { cwd: dir, dataDir: dir });
    expect((JSON.parse(again.stdout) as ImportJson).counts.products).toMatchObject({ added: 0, changed: 0, removed: 0 });
    expect(readDb(db, (get) => get("SELECT count(*) FROM audit_log WHERE action = 'cml.import'"))).toBe(3);
  });

  it('fails with exit 1 and the file, line and column of a broken file; nothing is imported', async () => {
    const dir = tempDir();
    const db = join(dir, 'store.db');
    writeFileSync(join(dir, 'import_broken.xml'), readFileSync(importSample).subarray(0, 3000));
    const run = await runCli(['import-cml', importSample, join(dir, 'import_broken.xml'), '--db', db, '--json'], { cwd: dir, dataDir: dir });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { error: { code: string; message: string; file: string; line: number; column: number } };
    expect(doc.error).toMatchObject({ code: 'validation', file: 'import_broken.xml' });
    expect(doc.error.line).toBeGreaterThan(0);
    expect(doc.error.message).toBe(`import_broken.xml, строка ${doc.error.line}, столбец ${doc.error.column}: ${doc.error.message.split(': ').slice(1).join(': ')}`);
    expect(run.stderr).toContain(`prilavok: ${doc.error.message}`);
    expect(readDb(db, (get) => get('SELECT count(*) FROM products'))).toBe(0);
  });

  it('exits 2 without files or with an unknown option, and 1 for a missing file', async () => {
    const dir = tempDir();
    const none = await runCli(['import-cml', '--json'], { cwd: dir, dataDir: dir });
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout)).toEqual({ error: { code: 'validation', message: 'Укажите файлы CommerceML, например: import.xml offers.xml' } });
    expect(none.stderr).toContain('Использование: prilavok import-cml FILE... [--db FILE] [--dry-run] [--json]');
    expect((await runCli(['import-cml', importSample, '--dryrun'], { cwd: dir, dataDir: dir })).code).toBe(2);
    const missing = await runCli(['import-cml', 'нет.xml', '--json'], { cwd: dir, dataDir: dir });
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'not_found', message: `Файл не найден: ${join(dir, 'нет.xml')}` } });
  });
});
