// The generator writes the variations it claims to (the import tests rely on them): checked on the
// raw bytes of small generated files.
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-db';
import { generateExchange } from './cml-generator';
import { type CmlGeneratorOptions } from './cml-generator-options';

let temp: { dir: string; cleanup(): void };
beforeEach(() => {
  temp = makeTempDir('prilavok-cml-gen-');
});
afterEach(() => temp.cleanup());

async function files(options: Omit<CmlGeneratorOptions, 'seed' | 'products'>): Promise<{ name: string; bytes: Buffer; text: string }[]> {
  const g = await generateExchange(temp.dir, { seed: 3, products: 12, variantsEvery: 4, deletedEvery: 5, ...options });
  return g.files.map((f) => {
    const bytes = readFileSync(f.path);
    return { name: f.name, bytes, text: options.encoding === 'windows-1251' ? iconv.decode(bytes, 'win1251') : bytes.toString('utf8') };
  });
}

describe('generateExchange', () => {
  it('2.03: no namespace, no BOM, flag as trailing element, ШтрихКод, СвойствоНоменклатуры, variants as Товар p#v, requisites before the name', async () => {
    const [catalog, offers] = await files({ version: '2.03' });
    expect(catalog?.bytes.subarray(0, 5).toString()).toBe('<?xml');
    expect(catalog?.text).not.toContain('xmlns');
    expect(catalog?.text).toMatch(/<\/Товары>\n\t\t<СодержитТолькоИзменения>false<\/СодержитТолькоИзменения>\n\t<\/Каталог>/);
    expect(offers?.text).toContain('<СодержитТолькоИзменения>false</СодержитТолькоИзменения>');
    expect(catalog?.text).toContain('<ШтрихКод>');
    expect(catalog?.text).toContain('<СвойствоНоменклатуры>');
    expect(catalog?.text).toMatch(/<Ид>[0-9a-f-]{36}#[0-9a-f-]{36}<\/Ид>/);
    expect(catalog?.text).toMatch(/<ЗначенияРеквизитов>.*<Наименование>[^<]*№/);
    expect(offers?.text).toContain('<Количество>');
    expect(offers?.text).not.toContain('ИдСклада');
  });

  it('2.07: default namespace, BOM, Статус="Удален", Склад attributes, unit code padded', async () => {
    const [catalog, offers] = await files({ version: '2.07', deletionForm: 'status', stockForm: 'attribute' });
    expect([...(catalog?.bytes.subarray(0, 3) ?? [])]).toEqual([0xef, 0xbb, 0xbf]);
    expect(catalog?.text).toContain('xmlns="urn:1C.ru:commerceml_2"');
    expect(catalog?.text).toContain('<Товар Статус="Удален">');
    expect(catalog?.text).toContain('Код="796 "');
    expect(offers?.text).toMatch(/<Склад ИдСклада="[0-9a-f-]{36}" КоличествоНаСкладе="[\d.]+"\/>/);
    expect(offers?.text).toContain('СодержитТолькоИзменения="false"');
  });

  it('windows-1251 with CRLF and a prefixed namespace; a lying declaration when asked', async () => {
    const [catalog] = await files({ version: '2.08', encoding: 'windows-1251', crlf: true, namespace: 'prefixed', declaredEncoding: 'UTF-8', onlyChanges: true });
    expect(catalog?.bytes.includes(Buffer.from('Каталог', 'utf8'))).toBe(false);
    expect(catalog?.bytes.includes(iconv.encode('Каталог', 'win1251'))).toBe(true);
    expect(catalog?.text).toContain('encoding="UTF-8"');
    expect(catalog?.text).toContain('\r\n');
    expect(catalog?.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(catalog?.text).toContain('<cml:Товар>');
    expect(catalog?.text).toContain('xmlns:cml="urn:1C.ru:commerceml_210"');
    expect(catalog?.text).toContain('СодержитТолькоИзменения="true"');
  });

  it('2.09 packages: four files, ПометкаУдаления, Остатки, price types in the classifier, unpadded date', async () => {
    const all = await files({ version: '2.09', unpaddedDate: true, generatedAt: new Date(2026, 0, 5, 9, 5, 7) });
    expect(all.map((f) => f.name.replace(/___.*/, ''))).toEqual(['import', 'offers', 'prices', 'rests']);
    expect(all[0]?.text).toContain('ДатаФормирования="2026-1-5T9:05:07"');
    expect(all[0]?.text).toContain('<ПометкаУдаления>true</ПометкаУдаления>');
    expect(all[0]?.text).toMatch(/<Классификатор[^>]*>[\s\S]*<ТипыЦен>[\s\S]*<\/Классификатор>/);
    expect(all[2]?.text).toContain('<ЦенаЗаЕдиницу>');
    expect(all[2]?.text).not.toContain('<Остатки>');
    expect(all[3]?.text).toMatch(/<Остатки><Остаток><Склад><Ид>[0-9a-f-]{36}<\/Ид><Количество>/);
  });

  it('3.1: commerceml_3, units by Ид, header-only catalog first, Bitrix deletion on offers', async () => {
    const all = await files({ version: '3.1', headerOnlyCatalog: true, deletionForm: 'bitrix' });
    expect(all[0]?.name).toBe('classifier.xml');
    expect(all[0]?.text).not.toContain('<Товары>');
    expect(all[0]?.text).toContain('<ЕдиницыИзмерения><ЕдиницаИзмерения><Ид>');
    expect(all[1]?.text).toContain('xmlns="urn:1C.ru:commerceml_3"');
    expect(all[1]?.text).toMatch(/<БазоваяЕдиница>[0-9a-f-]{36}<\/БазоваяЕдиница>/);
    expect(all[2]?.text).toContain('<Статус>Удален</Статус>');
  });
});
