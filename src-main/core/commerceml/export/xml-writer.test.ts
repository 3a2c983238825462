import { describe, expect, it } from 'vitest';
import { canEncode } from './cml-encoding';
import { formatMoney, formatQty, wallClock } from './cml-values';
import { escapeXml, XmlWriter } from './xml-writer';
import { parseXmlTree } from './xml-tree.testing';

describe('escapeXml', () => {
  it('turns markup into entities and keeps windows-1251 letters as they are', () => {
    expect(escapeXml(`Ёлка & <"ель"> '№1' — €`, 'windows-1251')).toEqual({ text: 'Ёлка &amp; &lt;&quot;ель&quot;&gt; &apos;№1&apos; — €', notes: { referenced: [], removed: 0 } });
  });

  it('references characters the encoding lacks once each, drops lone surrogates and control characters, keeps CR', () => {
    const { text, notes } = escapeXml('a×b×\uD800c\u0001\r\n😀', 'windows-1251');
    expect(text).toBe('a&#215;b&#215;c&#13;\n&#128512;');
    expect(notes).toEqual({ referenced: ['×', '😀'], removed: 2 });
    expect(escapeXml('a×😀', 'utf-8-bom')).toEqual({ text: 'a×😀', notes: { referenced: [], removed: 0 } });
  });

  it('knows the windows-1251 repertoire: every Cyrillic letter, Ukrainian and Belarusian ones, but not Kazakh', () => {
    for (const ch of 'АЯаяЁёЇїІіЄєҐґЎў«»„“”–—№€™°±§') expect(canEncode(ch, 'windows-1251')).toBe(true);
    for (const ch of 'ӘәҒғҚқ×²½') expect(canEncode(ch, 'windows-1251')).toBe(false);
  });
});

describe('XmlWriter', () => {
  it('writes nested elements that a strict parser reads back, attribute line breaks included', () => {
    const notes: string[] = [];
    const writer = new XmlWriter('windows-1251', (_n, where) => notes.push(where));
    writer.open('Корень', [['Атрибут', 'две\nстроки\tи "кавычки"']]).leaf('Пусто', '').leaf('Текст', '5×5', 'размер').close();
    const xml = writer.finish('<?xml version="1.0" encoding="windows-1251"?>');
    expect(xml).toBe('<?xml version="1.0" encoding="windows-1251"?>\n<Корень Атрибут="две&#10;строки&#9;и &quot;кавычки&quot;">\n  <Пусто/>\n  <Текст>5&#215;5</Текст>\n</Корень>\n');
    const root = parseXmlTree(xml);
    expect(root.attributes.Атрибут).toBe('две\nстроки\tи "кавычки"');
    expect(root.children[1]?.text).toBe('5×5');
    expect(notes).toEqual(['размер']);
  });

  it('refuses to finish with an element left open', () => {
    const writer = new XmlWriter('utf-8-bom', () => undefined).open('А');
    expect(() => writer.finish('')).toThrow(/open elements: А/);
  });
});

describe('CommerceML values', () => {
  it('formats kopecks with two digits and thousandths without trailing zeros, exactly', () => {
    expect([0, 5, 100, 8990, 123456789012, -150].map(formatMoney)).toEqual(['0.00', '0.05', '1.00', '89.90', '1234567890.12', '-1.50']);
    expect([0, 1, 125, 1000, 1500, 2000, 123456789, -250].map(formatQty)).toEqual(['0', '0.001', '0.125', '1', '1.5', '2', '123456.789', '-0.25']);
  });

  it('writes the wall clock of the given zone, across midnight', () => {
    expect(wallClock(Date.UTC(2024, 11, 31, 22, 5, 9), 'Europe/Moscow')).toEqual({ date: '2025-01-01', time: '01:05:09' });
    expect(wallClock(Date.UTC(2024, 11, 31, 22, 5, 9), 'Asia/Vladivostok')).toEqual({ date: '2025-01-01', time: '08:05:09' });
    expect(wallClock(Date.UTC(2024, 0, 1, 0, 0, 0), 'UTC')).toEqual({ date: '2024-01-01', time: '00:00:00' });
  });
});
