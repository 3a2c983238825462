// Our answers against real 1C samples (tests/fixtures/1c-odata, copied from shared/fixtures): same envelope keys, same
// encodings for equivalent objects, same error body shape.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OnecEmulator, startOnecEmulator } from './emulator';
import { get, getValue } from './emulator-test-helpers';

const fixtures = join(__dirname, '..', '..', 'tests', 'fixtures', '1c-odata');
/** The samples start with `//` provenance lines; the rest is the body as captured. */
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(fixtures, name), 'utf8').replace(/^(\/\/.*\n)+/, '')) as Record<string, unknown>;
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

let ut: OnecEmulator;
let unf: OnecEmulator;
beforeAll(async () => {
  ut = await startOnecEmulator({ profile: 'ut11', products: 100 });
  unf = await startOnecEmulator({ profile: 'unf', products: 100 });
});
afterAll(async () => {
  await ut.close();
  await unf.close();
});

describe('emulator vs real 1C samples', () => {
  it('builds odata.metadata and catalog rows like sample 05', async () => {
    const sample = fixture('05-catalog-list-with-folders.jsonc');
    const ours = (await get(ut, 'Catalog_Номенклатура?$format=json')).json();
    expect(Object.keys(ours)).toEqual(Object.keys(sample));
    const sampleBase = String(sample['odata.metadata']).replace(/\$metadata#.*$/, '');
    expect(String(sample['odata.metadata'])).toBe(`${sampleBase}$metadata#Catalog_Номенклатура`);
    expect(ours['odata.metadata']).toBe(`${ut.baseUrl}$metadata#Catalog_Номенклатура`);
    const sampleRows = sample.value as Record<string, unknown>[];
    const ourRows = ours.value as Record<string, unknown>[];
    for (const isFolder of [true, false]) {
      const theirs = sampleRows.find((r) => r.IsFolder === isFolder) as Record<string, unknown>;
      const mine = ourRows.find((r) => r.IsFolder === isFolder) as Record<string, unknown>;
      for (const key of ['Ref_Key', 'DataVersion', 'DeletionMark', 'Parent_Key', 'IsFolder', 'Code', 'Description', 'Артикул', 'Predefined', 'PredefinedDataName']) {
        expect(typeOf(mine[key]), `${key} (IsFolder=${isFolder})`).toBe(typeOf(theirs[key]));
      }
      expect(String(mine.DataVersion)).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    }
    // Navigation links: only for non-empty references, after the properties.
    const linked = sampleRows.find((r) => 'Parent@navigationLinkUrl' in r) as Record<string, unknown>;
    const ourLinked = ourRows.find((r) => 'Parent@navigationLinkUrl' in r) as Record<string, unknown>;
    expect(String(linked['Parent@navigationLinkUrl'])).toBe(`Catalog_Номенклатура(guid'${String(linked.Ref_Key)}')/Parent`);
    expect(String(ourLinked['Parent@navigationLinkUrl'])).toBe(`Catalog_Номенклатура(guid'${String(ourLinked.Ref_Key)}')/Parent`);
    expect(Object.keys(ourLinked).at(-1)).toMatch(/@navigationLinkUrl$/);
  });

  it('encodes row collections like sample 03: LineNumber a string, refs lower-case, empty ref as zeros', async () => {
    const sample = fixture('03-document-list-with-tabular-sections.jsonc');
    const sampleRow = ((sample.value as Record<string, unknown>[])[0]?.Товары as Record<string, unknown>[])[0] as Record<string, unknown>;
    const [set] = await getValue(ut, 'AccumulationRegister_ТоварыНаСкладах?$format=json&$top=1');
    const ourRow = (set?.RecordSet as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(typeOf(ourRow.LineNumber)).toBe(typeOf(sampleRow.LineNumber));
    expect(ourRow.LineNumber).toBe('1');
    expect(typeOf(ourRow.ВНаличии)).toBe(typeOf(sampleRow.Количество));
    expect(sampleRow.Номенклатура_Key).toBe('00000000-0000-0000-0000-000000000000');
    expect(ourRow.Назначение_Key).toBe(sampleRow.Номенклатура_Key);
    const sampleDoc = (sample.value as Record<string, unknown>[])[0] as Record<string, unknown>;
    const [ourDoc] = await getValue(ut, 'Document_ПриобретениеТоваровУслуг?$format=json&$top=1');
    for (const key of ['Ref_Key', 'DataVersion', 'DeletionMark', 'Number', 'Date', 'Posted']) expect(typeOf(ourDoc?.[key]), key).toBe(typeOf(sampleDoc[key]));
    expect(String(ourDoc?.Date)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('shapes errors like samples 09 and 11', async () => {
    const shape = (body: Record<string, unknown>) => {
      const error = body['odata.error'] as Record<string, unknown>;
      const message = error.message as Record<string, unknown>;
      return { keys: Object.keys(body), errorKeys: Object.keys(error), messageKeys: Object.keys(message), codeType: typeof error.code, lang: message.lang };
    };
    const unknownSet = await get(ut, 'CatalogДолжности?$format=json');
    expect(shape(unknownSet.json())).toEqual(shape(fixture('09-error-json-code8-entity-type-not-found.jsonc')));
    expect((unknownSet.json()['odata.error'] as { code: string }).code).toBe('8');
    const badFilter = await get(ut, "Catalog_Номенклатура?$format=json&$filter=startwith(Description, 'ООО') eq true");
    expect(shape(badFilter.json())).toEqual(shape(fixture('11-error-json-code14-filter-parse.jsonc')));
    expect((badFilter.json()['odata.error'] as { code: string }).code).toBe('14');
  });

  it('declares УНФ registers in $metadata the way sample 08 does', async () => {
    const sample = readFileSync(join(fixtures, '08-metadata-unf-excerpt.xml'), 'utf8');
    const ours = (await get(unf, '$metadata')).text;
    const entityType = (xml: string, name: string) => new RegExp(`<EntityType Name="${name}"[\\s\\S]*?</EntityType>`).exec(xml)?.[0] ?? '';
    const keys = (xml: string) => [...xml.matchAll(/<PropertyRef Name="([^"]+)"/g)].map((m) => m[1]);
    for (const name of ['AccumulationRegister_ЗапасыНаСкладах', 'AccumulationRegister_ЗапасыНаСкладах_RecordType']) {
      expect(keys(entityType(ours, name)), name).toEqual(keys(entityType(sample, name)));
      expect(entityType(ours, name)).toContain('OpenType="true"');
    }
    expect(entityType(ours, 'AccumulationRegister_ЗапасыНаСкладах')).toContain('Type="Collection(StandardODATA.AccumulationRegister_ЗапасыНаСкладах_RowType)"');
    const balanceType = (xml: string) => /<ComplexType Name="AccumulationRegister_ЗапасыНаСкладах_Balance">[\s\S]*?<\/ComplexType>/.exec(xml)?.[0] ?? '';
    for (const field of ['Организация_Key', 'Номенклатура_Key', 'Характеристика_Key', 'Партия_Key', 'СтруктурнаяЕдиница_Key', 'Ячейка_Key', 'КоличествоBalance']) {
      expect(balanceType(sample)).toContain(`"${field}"`);
      expect(balanceType(ours)).toContain(`"${field}"`);
    }
    const balanceImport = (xml: string) => /<FunctionImport Name="Balance"[\s\S]*?<\/FunctionImport>/.exec(xml)?.[0] ?? '';
    const params = (xml: string) => [...balanceImport(xml).matchAll(/<Parameter Name="([^"]+)"/g)].map((m) => m[1]);
    expect(params(ours)).toEqual(params(sample));
    expect(balanceImport(ours)).not.toContain('EntitySet=');
    expect(ours).toContain('<FunctionImport Name="Post"');
  });
});
