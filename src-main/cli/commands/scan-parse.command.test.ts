import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/open';
import { insertSmallCatalog } from '../../core/testing/small-catalog';
import { makeTempDir, repoMigrationsFolder } from '../../core/testing/temp-db';
import { type CliIo } from '../cli-io';
import { main } from '../main';
import { parseHex } from './scan-parse.command';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const temp = makeTempDir('prilavok-scan-cli-');
  cleanups.push(temp.cleanup);
  return temp.dir;
}

type Run = { code: number; stdout: string; stderr: string };

async function run(argv: string[], cwd = tempDir()): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: { PRILAVOK_DATA_DIR: tempDir() },
    cwd,
  };
  const code = await main(['scan-parse', ...argv], io);
  return { code, stdout, stderr };
}

/** A store database with the small catalog, closed, for --db. */
function storeDb(): { dir: string; path: string } {
  const dir = tempDir();
  const path = join(dir, 'store.db');
  const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
  insertSmallCatalog(db);
  db.close();
  return { dir, path };
}

// Design doc §3.4: the dairy code as a serial scanner sends it (GS intact, CR LF).
const dairyHex = '30 31 30 34 36 30 31 32 33 34 35 36 37 38 39 33 32 31 35 77 39 45 4a 70 1d 39 33 61 62 63 31 0d 0a';
const dairy = '0104601234567893215w9EJp\u001d93abc1';

describe('prilavok scan-parse', () => {
  it('prints fields, the canonical code with <GS> and the warning for a code whose GS was lost', async () => {
    const result = await run(['0104601234567893215w9EJp93abc1']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Формат: код маркировки (Честный знак)');
    expect(result.stdout).toContain('Канонический код: 0104601234567893215w9EJp<GS>93abc1');
    expect(result.stdout).toContain('  (21) 5w9EJp — Серийный номер');
    expect(result.stdout).toContain('  (93) abc1 — Код проверки (криптохвост)');
    expect(result.stdout).toContain('GTIN: 04601234567893 (EAN-13 4601234567893)');
    expect(result.stdout).toMatch(/Предупреждения:\n {2}! Сканер не передал разделители GS/);
  });

  it('prints one JSON document with GS as \\u001d under --json', async () => {
    const result = await run(['--json', '0104601234567893215w9EJp<GS>93abc1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"canonical": "0104601234567893215w9EJp\\u001d93abc1"');
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      format: 'marking',
      canonical: dairy,
      gtin: '04601234567893',
      fields: [
        { ai: '01', value: '04601234567893' },
        { ai: '21', value: '5w9EJp' },
        { ai: '93', value: 'abc1' },
      ],
      marking: { status: 'ok', groups: [{ id: 'dairy' }] },
      warnings: [],
    });
    expect(report).not.toHaveProperty('resolution');
  });

  it('reads raw bytes from --hex (spaces allowed) and shows the input hex', async () => {
    const result = await run(['--hex', dairyHex, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ canonical: dairy, input: { hex: dairyHex.replaceAll(' ', ''), text: dairy } });
  });

  it('maps Cyrillic-layout input back and says so', async () => {
    const result = await run(['0104601234567893215ц9УОз<GS>93фис1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Канонический код: 0104601234567893215w9EJp<GS>93abc1');
    expect(result.stdout).toContain('русской раскладке');
  });

  it('resolves the product with --db', async () => {
    const store = storeDb();
    const result = await run(['--db', store.path, ']d2' + '0104601234567893215w9EJp93abc1', '--json'], store.dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      resolution: { kind: 'product', product: { id: 1, name: 'Молоко «Простоквашино» 3,2% 930 мл', packageQty: 1000 }, matchedBy: 'marking-gtin', matchedCode: '4601234567893' },
    });
    const human = await run(['--db', store.path, '04601234567893'], store.dir);
    expect(human.stdout).toContain('Товар: №1 Молоко «Простоквашино» 3,2% 930 мл (по GTIN, штрихкод 4601234567893)');
    const unknown = await run(['--db', store.path, '4609999999997'], store.dir);
    expect(unknown).toMatchObject({ code: 0 });
    expect(unknown.stdout).toContain('Товар: не найден в базе');
  });

  it('exits 1 with a Russian error (and JSON error) for an unreadable code', async () => {
    const result = await run(['4601234567890', '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Неверная контрольная цифра EAN-13 4601234567890: должна быть 3');
    expect(JSON.parse(result.stdout)).toMatchObject({ format: null, isCheckDigitValid: false, error: { code: 'validation', message: expect.stringContaining('должна быть 3') } });
  });

  it('exits 1 with not_found when --db names a missing file, and creates nothing', async () => {
    const dir = tempDir();
    const result = await run(['--db', 'missing.db', '4601234567893', '--json'], dir);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'not_found', message: expect.stringContaining('База данных не найдена') } });
  });

  it('accepts a code starting with "-" after "--"', async () => {
    const result = await run(['--json', '--', '-ABC-1']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'text', canonical: '-ABC-1' });
  });

  it.each([
    [[], 'Укажите код'],
    [['4601234567893', '--hex', '3031'], 'либо код, либо --hex'],
    [['--hex', '3g'], '--hex'],
    [['--hex', '303'], '--hex'],
    [['46012', '34567893'], 'Нужен один код'],
    [['--frob', '4601234567893'], 'Неизвестный параметр'],
    [['--db'], 'нужно значение'],
  ])('exits 2 with a Russian message for %j', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Использование: prilavok scan-parse');
  });

  it('is listed in the help', async () => {
    let stdout = '';
    await main(['--help'], { stdout: (t) => void (stdout += t), stderr: () => undefined, env: {}, cwd: tempDir() });
    expect(stdout).toContain('prilavok scan-parse (КОД | --hex БАЙТЫ) [--db FILE] [--json]');
  });
});

describe('parseHex', () => {
  it('reads pairs with optional spaces and colons, and refuses anything else', () => {
    expect(parseHex('30 31:1d')).toEqual(Buffer.from([0x30, 0x31, 0x1d]));
    expect(parseHex('')).toBeNull();
    expect(parseHex('3')).toBeNull();
    expect(parseHex('zz')).toBeNull();
  });
});
