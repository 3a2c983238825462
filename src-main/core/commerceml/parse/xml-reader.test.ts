import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/app-error';
import { type CmlLocation } from './cml-location';
import { readXml, type XmlHandler } from './xml-reader';

/** The bytes in chunks of `size` (1 splits every multi-byte character). */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function recorder(): { handler: XmlHandler; events: string[] } {
  const events: string[] = [];
  return {
    events,
    handler: {
      open: (name, attrs, line) => events.push(`<${name}${Object.entries(attrs).map(([k, v]) => ` ${k}=${v}`).join('')} @${line}`),
      text: (text) => {
        if (text.trim() !== '') events.push(text.trim());
      },
      close: (name) => events.push(`</${name}`),
    },
  };
}

async function read(bytes: Uint8Array, size = 65_536): Promise<{ events: string[]; warnings: string[] }> {
  const { handler, events } = recorder();
  const warnings: string[] = [];
  await readXml('t.xml', chunked(bytes, size), handler, (at: CmlLocation, message) => warnings.push(`${at.line}: ${message}`));
  return { events, warnings };
}

async function failure(bytes: Uint8Array, size = 65_536): Promise<{ message: string; details: unknown }> {
  try {
    await read(bytes, size);
  } catch (err) {
    if (isAppError(err)) return { message: err.message, details: err.details };
    throw err;
  }
  throw new Error('no error');
}

const doc = '<?xml version="1.0" encoding="UTF-8"?>\n<cml:КоммерческаяИнформация xmlns:cml="urn:1C.ru:commerceml_3" xmlns:xsi="x" xsi:a="1" ВерсияСхемы="3.1">\n<cml:Товар Статус="Удален"><cml:Ид>1</cml:Ид><![CDATA[a<b]]></cml:Товар>\n</cml:КоммерческаяИнформация>';

describe('readXml', () => {
  it('reports local names and attributes, namespace declarations left out', async () => {
    expect((await read(Buffer.from(doc, 'utf8'))).events).toEqual([
      '<КоммерческаяИнформация a=1 ВерсияСхемы=3.1 @2',
      '<Товар Статус=Удален @3',
      '<Ид @3',
      '1',
      '</Ид',
      'a<b',
      '</Товар',
      '</КоммерческаяИнформация',
    ]);
  });

  it('gives the same events whatever the chunk boundaries (multi-byte characters split)', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc, 'utf8')]);
    expect((await read(bytes, 1)).events).toEqual((await read(bytes)).events);
    const cp = iconv.encode(doc.replace('UTF-8', 'windows-1251'), 'win1251');
    expect((await read(cp, 3)).events).toEqual((await read(Buffer.from(doc, 'utf8'))).events);
  });

  it('reads a windows-1251 file declared UTF-8 by its bytes, with a warning on line 1', async () => {
    const result = await read(iconv.encode(doc, 'win1251'), 7);
    expect(result.events[1]).toBe('<Товар Статус=Удален @3');
    expect(result.warnings).toEqual(['1: в объявлении XML указана кодировка UTF-8, но файл записан в windows-1251: прочитан как windows-1251']);
  });

  it('stops at malformed XML with its line and column', async () => {
    const bad = '<?xml version="1.0"?>\n<КоммерческаяИнформация>\n  <Каталог>\n    <Товар></Каталог>\n</КоммерческаяИнформация>';
    expect(await failure(Buffer.from(bad, 'utf8'))).toEqual({
      message: 't.xml, строка 4, столбец 22: ошибка разметки XML: закрывающий тег не соответствует открытому элементу',
      details: { file: 't.xml', line: 4, column: 22 },
    });
  });

  it('stops at a file cut short, where it ends', async () => {
    const cut = '<?xml version="1.0"?>\n<КоммерческаяИнформация>\n<Каталог><Товар><Ид>1</Ид>';
    expect((await failure(Buffer.from(cut, 'utf8'))).message).toBe('t.xml, строка 3, столбец 27: ошибка разметки XML: файл обрывается: не закрыт элемент <Товар>');
    expect((await failure(Buffer.alloc(0))).message).toBe('t.xml, строка 1, столбец 1: ошибка разметки XML: файл пуст: нет корневого элемента');
  });

  it('stops at a byte UTF-8 cannot decode, at its line and column, however it is chunked', async () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация>\n<Товар>Молоко';
    const bytes = Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from([0xcf, 0xf0]), Buffer.from('</Товар></КоммерческаяИнформация>', 'utf8')]);
    const expected = 't.xml, строка 3, столбец 14: не удалось прочитать текст: недопустимая для UTF-8 последовательность байтов (0xCF)';
    expect((await failure(bytes)).message).toBe(expected);
    expect((await failure(bytes, 5)).message).toBe(expected);
  });

  it('stops at a byte windows-1251 does not have (0x98)', async () => {
    const bytes = Buffer.concat([iconv.encode('<?xml version="1.0" encoding="windows-1251"?>\n<КоммерческаяИнформация>', 'win1251'), Buffer.from([0x98]), iconv.encode('</КоммерческаяИнформация>', 'win1251')]);
    expect((await failure(bytes)).message).toBe('t.xml, строка 2, столбец 25: не удалось прочитать текст: байт, которого нет в кодировке windows-1251');
  });

  it('translates saxes messages it knows and keeps the others readable', async () => {
    expect((await failure(Buffer.from('<a>&nbsp;</a>', 'utf8'))).message).toContain('строка 1, столбец 10: ошибка разметки XML: неизвестная сущность');
    expect((await failure(Buffer.from('<a b=1/>', 'utf8'))).message).toContain('ошибка разметки XML: значение атрибута без кавычек');
  });
});
