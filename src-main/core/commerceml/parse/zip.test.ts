import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/app-error';
import { makeTempDir } from '../../testing/temp-db';
import { damageByte, truncateFile, writeZip } from '../testing/cml-zip-writer';
import { listXmlEntries } from './cml-source';
import { readZipDirectory } from './zip-directory';
import { readZipEntry, ZipDataError } from './zip-entry';

let temp: { dir: string; cleanup(): void };
beforeEach(() => {
  temp = makeTempDir('prilavok-zip-');
});
afterEach(() => temp.cleanup());

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** A few MB of text that deflates well but not to nothing. */
function bigText(lines: number): string {
  return Array.from({ length: lines }, (_, i) => `<Товар><Ид>${i.toString(16).padStart(8, '0')}</Ид><Наименование>Товар №${i} ${'ёжик'.repeat(i % 7)}</Наименование></Товар>`).join('\n');
}

describe('ZIP packages', () => {
  it('lists the entries from the directory and streams each one back byte for byte (deflated and stored)', async () => {
    const big = bigText(40_000);
    writeFileSync(join(temp.dir, 'import.xml'), big);
    for (const isStored of [false, true]) {
      const zip = join(temp.dir, `p${isStored ? 's' : 'd'}.zip`);
      await writeZip(zip, [{ name: 'offers___1.xml', text: '<a>предложения</a>' }, { name: 'import_files/ab/pic.jpg', text: 'JPEG' }, { name: 'import.xml', path: join(temp.dir, 'import.xml') }], isStored);
      const entries = await readZipDirectory(zip, 'p.zip');
      expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
        ['offers___1.xml', isStored ? 0 : 8, Buffer.byteLength('<a>предложения</a>')],
        ['import_files/ab/pic.jpg', isStored ? 0 : 8, 4],
        ['import.xml', isStored ? 0 : 8, Buffer.byteLength(big)],
      ]);
      let read = 0;
      const back = await bytesOf(readZipEntry(zip, entries[2] as (typeof entries)[number], (n) => (read += n)));
      expect(back.toString('utf8')).toBe(big);
      expect(read).toBe((entries[2] as (typeof entries)[number]).compressedSize);
      // Only the XML entries are documents of the exchange, labelled with the archive's name.
      expect((await listXmlEntries({ name: 'пакет.zip', path: zip })).entries.map((e) => [e.label, e.name])).toEqual([
        ['пакет.zip/offers___1.xml', 'offers___1.xml'],
        ['пакет.zip/import.xml', 'import.xml'],
      ]);
    }
  });

  it('refuses a package cut short before anything is read (no directory at the end)', async () => {
    const zip = join(temp.dir, 'cut.zip');
    await writeZip(zip, [{ name: 'import.xml', text: bigText(2_000) }]);
    truncateFile(zip, Math.floor(statSync(zip).size / 2));
    const err = await readZipDirectory(zip, 'cut.zip').catch((e: unknown) => e);
    expect(isAppError(err) && err.message).toBe('cut.zip: ZIP-архив повреждён или обрезан: не найдено оглавление архива (файл передан не полностью?)');
    expect(isAppError(err) && err.details).toEqual({ file: 'cut.zip', line: 0, column: 0 });
  });

  it('fails on damaged data: inflate error or CRC mismatch, never a shorter file', async () => {
    const zip = join(temp.dir, 'bad.zip');
    await writeZip(zip, [{ name: 'import.xml', text: bigText(20_000) }]);
    const [entry] = await readZipDirectory(zip, 'bad.zip');
    damageByte(zip, 30 + 'import.xml'.length + Math.floor((entry?.compressedSize ?? 0) / 2));
    const err = await bytesOf(readZipEntry(zip, entry as NonNullable<typeof entry>)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipDataError);
    expect((err as Error).message).toMatch(/сжатые данные повреждены|контрольная сумма не сходится/);
  });

  it('takes a file that starts with PK as a package whatever its name', async () => {
    const zip = join(temp.dir, 'exchange.bin');
    await writeZip(zip, [{ name: 'import.xml', text: '<a/>' }]);
    expect((await listXmlEntries({ name: 'exchange.bin', path: zip })).entries.map((e) => e.label)).toEqual(['exchange.bin/import.xml']);
    expect(readFileSync(zip).subarray(0, 2).toString()).toBe('PK');
  });
});
