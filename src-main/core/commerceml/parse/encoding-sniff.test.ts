import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { sniffEncoding } from './encoding-sniff';

const root = '<КоммерческаяИнформация ВерсияСхемы="2.04"><Каталог><Наименование>Молоко Ёлкино</Наименование></Каталог></КоммерческаяИнформация>';
const prolog = (encoding: string): string => `<?xml version="1.0" encoding="${encoding}"?>\n`;
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const cp1251 = (text: string): Buffer => iconv.encode(text, 'win1251');

describe('sniffEncoding', () => {
  it('takes the BOM', () => {
    expect(sniffEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(prolog('UTF-8') + root)]), 'a.xml')).toEqual({ encoding: 'utf-8', bomLength: 3, declared: 'UTF-8', note: null });
    expect(sniffEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(prolog('UTF-16') + root, 'utf16le')]), 'a.xml').encoding).toBe('utf-16le');
  });

  it('reads UTF-8 and windows-1251 files as declared', () => {
    expect(sniffEncoding(utf8(prolog('UTF-8') + root), 'a.xml')).toEqual({ encoding: 'utf-8', bomLength: 0, declared: 'UTF-8', note: null });
    expect(sniffEncoding(cp1251(prolog('windows-1251') + root), 'a.xml')).toEqual({ encoding: 'windows-1251', bomLength: 0, declared: 'windows-1251', note: null });
    expect(sniffEncoding(cp1251(prolog('cp1251') + root), 'a.xml').encoding).toBe('windows-1251');
  });

  it('lets the bytes decide when the declaration lies, and says so', () => {
    const saidUtf8 = sniffEncoding(cp1251(prolog('UTF-8') + root), 'a.xml');
    expect(saidUtf8.encoding).toBe('windows-1251');
    expect(saidUtf8.note).toContain('указана кодировка UTF-8, но файл записан в windows-1251');
    const said1251 = sniffEncoding(utf8(prolog('windows-1251') + root), 'a.xml');
    expect(said1251.encoding).toBe('utf-8');
    expect(said1251.note).toContain('указана кодировка windows-1251, но файл записан в UTF-8');
    // No declaration means UTF-8 by the XML spec; windows-1251 bytes still win.
    expect(sniffEncoding(cp1251(root), 'a.xml').encoding).toBe('windows-1251');
  });

  it('trusts another single-byte declaration (KOI8-R) when the bytes are not UTF-8', () => {
    expect(sniffEncoding(iconv.encode(prolog('KOI8-R') + root, 'koi8-r'), 'a.xml').encoding).toBe('koi8-r');
  });

  it('refuses bytes that are neither UTF-8 nor Russian windows-1251, with the location of the first bad byte', () => {
    const bytes = Buffer.concat([utf8(`${prolog('UTF-8')}<a>\n<b>ok</b>\n<c>`), Buffer.from([0x81, 0x82, 0x83, 0x90, 0x91]), utf8('</c></a>')]);
    expect(() => sniffEncoding(bytes, 'bad.xml')).toThrow('bad.xml, строка 4, столбец 4: байты не в кодировке UTF-8 и не в windows-1251 (байт 0x81)');
  });

  it('refuses an unknown declared encoding when the bytes cannot settle it', () => {
    expect(() => sniffEncoding(utf8(`${prolog('x-unknown')}<a/>`), 'a.xml')).toThrow('a.xml, строка 1, столбец 1: неизвестная кодировка «x-unknown»');
  });
});
