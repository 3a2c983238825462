import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/open';
import { renderLabel } from '../../core/labels/render-label';
import { readBytes, startPtyPair } from '../../core/labels/testing/pty-pair';
import { sampleProduct } from '../../core/labels/testing/sample-product';
import { insertSmallCatalog } from '../../core/testing/small-catalog';
import { makeTempDir, repoMigrationsFolder } from '../../core/testing/temp-db';
import { main } from '../main';
import { type LabelCliIo, rublesToKopecks } from './label.command';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const temp = makeTempDir('prilavok-label-cli-');
  cleanups.push(temp.cleanup);
  return temp.dir;
}

type Run = { code: number; stdout: string; stderr: string; bytes: Buffer };

/** `prilavok label …` in this process; binary standard output is captured separately. */
async function label(argv: string[], dir: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const chunks: Buffer[] = [];
  const io: LabelCliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    writeStdoutBytes: (bytes) => void chunks.push(Buffer.from(bytes)),
    env: { PRILAVOK_DATA_DIR: dir },
    cwd: dir,
  };
  const code = await main(['label', ...argv], io);
  return { code, stdout, stderr, bytes: Buffer.concat(chunks) };
}

const sampleArgs = ['--name', sampleProduct.name, '--price', '129,90', '--old-price', '149.90', '--ean', '4601234567893', '--unit', 'шт', '--date', '02.05.25'];
const sampleWithoutCodes = { ...sampleProduct, code: null, article: null };

describe('prilavok label', () => {
  it('writes the printer bytes to a file: the same bytes the renderer makes', async () => {
    const dir = tempDir();
    const run = await label(['--template', 'price-58x40', '--lang', 'tspl', ...sampleArgs, '--out', 'tag.prn'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'tag.prn')).equals(renderLabel(sampleWithoutCodes, 'price', '58x40', 203, 'tspl'))).toBe(true);
    expect(run.stderr).toContain('price-58x40 (TSPL, 203 dpi');
    expect(run.bytes.length).toBe(0);
  });

  it('writes the bytes to standard output when no destination is given', async () => {
    const run = await label(['--template', 'shelf-58x40', '--lang', 'zpl', '--dpi', '300', ...sampleArgs], tempDir());
    expect(run.code, run.stderr).toBe(0);
    expect(run.bytes.equals(renderLabel(sampleWithoutCodes, 'shelf', '58x40', 300, 'zpl'))).toBe(true);
    expect(run.stdout).toBe('');
  });

  it('writes a PNG preview with --png (and --preview), one dot per printer dot', async () => {
    const dir = tempDir();
    const run = await label(['--template', 'price-40x25', '--lang', 'epl', ...sampleArgs, '--out', 'tag.epl', '--png', 'tag.png'], dir);
    expect(run.code, run.stderr).toBe(0);
    const png = PNG.sync.read(readFileSync(join(dir, 'tag.png')));
    expect([png.width, png.height]).toEqual([320, 200]);
    const preview = await label(['--template', 'price-30x20', '--lang', 'zpl-bitmap', ...sampleArgs, '--preview', 'p.png', '--json'], dir);
    expect(preview.code, preview.stderr).toBe(0);
    expect(JSON.parse(preview.stdout)).toMatchObject({ template: 'price-30x20', lang: 'zpl-bitmap', png: join(dir, 'p.png') });
    expect(PNG.sync.read(readFileSync(join(dir, 'p.png'))).width).toBe(240);
    // Preview only: nothing on stdout.
    expect(preview.bytes.length).toBe(0);
  });

  it('sends the bytes to a serial port', async () => {
    const pair = await startPtyPair(tempDir());
    cleanups.push(pair.stop);
    const expected = renderLabel(sampleWithoutCodes, 'price', '58x30', 203, 'epl');
    const received = readBytes(pair.host, expected.length);
    const run = await label(['--template', 'price-58x30', '--lang', 'epl', ...sampleArgs, '--port', pair.printer, '--baud', '19200'], tempDir());
    expect(run.code, run.stderr).toBe(0);
    expect((await received).equals(expected)).toBe(true);
  });

  it('prints a product from the database found by barcode, article or 1C code at its retail price', async () => {
    const dir = tempDir();
    const path = join(dir, 'store.db');
    const db = openDatabase({ path, migrationsFolder: repoMigrationsFolder });
    insertSmallCatalog(db);
    db.close();
    for (const code of ['4601234567893', 'МЛК-001', '00-001']) {
      const run = await label(['--template', 'price-58x40', '--lang', 'zpl', '--db', path, '--code', code, '--date', '01.06.25', '--out', 'x.zpl', '--json'], dir);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ name: 'Молоко «Простоквашино» 3,2% 930 мл', price: 8990 });
      const zpl = readFileSync(join(dir, 'x.zpl'), 'latin1');
      expect(zpl).toContain('^BEN,50,Y,N^FD460123456789^FS');
      expect(zpl).toContain('^FD01.06.25^FS');
    }
    const missing = await label(['--template', 'price-58x40', '--lang', 'zpl', '--db', path, '--code', 'нет', '--out', 'x.zpl', '--json'], dir);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe('not_found');
  });

  it('refuses bad usage with exit code 2', async () => {
    const dir = tempDir();
    const cases: Array<[string[], RegExp]> = [
      [['--lang', 'tspl', ...sampleArgs], /--template/],
      [['--template', 'price-99x99', '--lang', 'tspl', ...sampleArgs], /--template/],
      [['--template', 'price-58x40', '--lang', 'escpos', ...sampleArgs], /--lang/],
      [['--template', 'price-58x40', '--lang', 'tspl', '--name', 'Хлеб', '--price', 'дорого'], /--price/],
      [['--template', 'price-58x40', '--lang', 'tspl', '--name', 'Хлеб', '--price', '45', '--ean', '4601234567890'], /EAN-13/],
      [['--template', 'price-58x40', '--lang', 'tspl', '--code', '1', '--name', 'Хлеб'], /не вместе/],
      [['--template', 'price-58x40', '--lang', 'tspl', ...sampleArgs, '--out', 'a', '--port', 'b'], /одно из/],
      [['--template', 'price-58x40', '--lang', 'tspl', ...sampleArgs, '--dpi', '600'], /--dpi/],
      [['--template', 'price-58x40', '--lang', 'tspl', ...sampleArgs, '--json'], /--json/],
    ];
    for (const [argv, message] of cases) {
      const run = await label(argv, dir);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it('reads prices in roubles with a comma or a dot', () => {
    expect(rublesToKopecks('129,90')).toBe(12990);
    expect(rublesToKopecks('129.9')).toBe(12990);
    expect(rublesToKopecks('45')).toBe(4500);
    expect(rublesToKopecks('1,234')).toBeNull();
    expect(rublesToKopecks('-1')).toBeNull();
  });
});
