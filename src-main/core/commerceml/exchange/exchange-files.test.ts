import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/app-error';
import { silentLogger } from '../../logging/logger';
import { makeTempDir } from '../../testing/temp-db';
import { moveToDone } from './done-folder';
import { classifyExchangeFile, listExchangeFolder } from './exchange-files';
import { resolveExchangeFile } from './exchange-paths';

describe('the exchange folder', () => {
  let folder: string;
  let outside: string;
  const cleanups: Array<() => void> = [];
  beforeEach(() => {
    const temp = makeTempDir('prilavok-cml-folder-');
    const other = makeTempDir('prilavok-cml-outside-');
    cleanups.push(temp.cleanup, other.cleanup);
    folder = temp.dir;
    outside = other.dir;
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('classifies files by prefix and extension, as 1C names them', () => {
    const kinds = Object.fromEntries(
      [
        'import.xml',
        'import0_1.xml',
        'import___4e3c1a7f-1b2d-4c5e-8f90-123456789abc.xml',
        'Offers.XML',
        'offers___1.xml',
        'prices___2.xml',
        'rests___3.xml',
        'v8_2C7E_125d5b.zip',
        'orders-20240501-143000.xml',
        'documents___1.xml',
        'classifier.xml',
        'import.txt',
        'readme',
      ].map((name) => [name, classifyExchangeFile(name)]),
    );
    expect(kinds).toEqual({
      'import.xml': 'import',
      'import0_1.xml': 'import',
      'import___4e3c1a7f-1b2d-4c5e-8f90-123456789abc.xml': 'import',
      'Offers.XML': 'offers',
      'offers___1.xml': 'offers',
      'prices___2.xml': 'prices',
      'rests___3.xml': 'rests',
      'v8_2C7E_125d5b.zip': 'zip',
      'orders-20240501-143000.xml': 'orders',
      'documents___1.xml': 'orders',
      'classifier.xml': 'other',
      'import.txt': 'other',
      readme: 'other',
    });
  });

  it('lists files in exchange order with sizes, leaving out subfolders, hidden and temp files', () => {
    writeFileSync(join(folder, 'offers.xml'), 'ab');
    writeFileSync(join(folder, 'import.xml'), 'abcd');
    writeFileSync(join(folder, 'zz.txt'), '');
    writeFileSync(join(folder, 'a.zip'), 'z');
    writeFileSync(join(folder, '.orders-1.xml.0190.tmp'), 'half');
    mkdirSync(join(folder, 'done'));
    mkdirSync(join(folder, 'to-1c'));
    writeFileSync(join(folder, 'to-1c', 'orders-1.xml'), 'x');
    const files = listExchangeFolder(folder);
    expect(files.map((f) => [f.name, f.kind, f.size])).toEqual([
      ['import.xml', 'import', 4],
      ['offers.xml', 'offers', 2],
      ['a.zip', 'zip', 1],
      ['zz.txt', 'other', 0],
    ]);
    expect(files[0]?.modifiedAt).toBeGreaterThan(0);
  });

  it('says so in Russian when the folder is missing', () => {
    expect(() => listExchangeFolder(join(folder, 'нет'))).toThrow(`Папка обмена «${join(folder, 'нет')}» не найдена или недоступна.`);
  });

  it('resolves a name to the real file inside the folder, and refuses links leading out of it', () => {
    writeFileSync(join(folder, 'import.xml'), '<x/>');
    writeFileSync(join(outside, 'secret.xml'), '<secret/>');
    symlinkSync(join(outside, 'secret.xml'), join(folder, 'offers.xml'));
    symlinkSync(outside, join(folder, 'linked-dir'));
    expect(resolveExchangeFile(folder, 'import.xml')).toMatchObject({ name: 'import.xml', size: 4 });
    expect(codeOf(() => resolveExchangeFile(folder, 'offers.xml'))).toEqual(['validation', 'Файл «offers.xml» ведёт за пределы папки обмена — такой файл не загружается.']);
    expect(codeOf(() => resolveExchangeFile(folder, '../secret.xml'))[0]).toBe('validation');
    expect(codeOf(() => resolveExchangeFile(folder, 'linked-dir'))[0]).toBe('validation');
    expect(codeOf(() => resolveExchangeFile(folder, 'rests.xml'))).toEqual(['not_found', 'Файла «rests.xml» нет в папке обмена.']);
    mkdirSync(join(folder, 'done'));
    expect(codeOf(() => resolveExchangeFile(folder, 'done'))).toEqual(['validation', '«done» — не файл.']);
  });

  it('moves imported files into done/<local time>/, a new folder per run', () => {
    writeFileSync(join(folder, 'import.xml'), '1');
    writeFileSync(join(folder, 'offers.xml'), '2');
    const at = Date.UTC(2024, 4, 1, 11, 30, 5);
    const first = moveToDone(folder, ['import.xml', 'offers.xml', 'gone.xml'], at, 'Europe/Moscow', silentLogger);
    expect(first.dir).toBe(join('done', '2024-05-01_14-30-05'));
    expect(first.moved).toEqual(['import.xml', 'offers.xml']);
    expect(first.failed.map((f) => f.name)).toEqual(['gone.xml']);
    expect(listExchangeFolder(join(folder, first.dir)).map((f) => f.name)).toEqual(['import.xml', 'offers.xml']);
    expect(listExchangeFolder(folder)).toEqual([]);
    writeFileSync(join(folder, 'import.xml'), '3');
    expect(moveToDone(folder, ['import.xml'], at, 'Europe/Moscow', silentLogger).dir).toBe(join('done', '2024-05-01_14-30-05-2'));
  });
});

function codeOf(action: () => unknown): [string, string] {
  try {
    action();
  } catch (err) {
    if (isAppError(err)) return [err.code, err.message];
    throw err;
  }
  throw new Error('expected an AppError');
}
