import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyHttpFailure } from './onec-error';
import { parseCollectionBody, parseErrorBody } from './odata-envelope';
import { emptyGuid, fromOnecDateTime } from './odata-query';

// Real 1C bodies, copied from shared/fixtures so the repo tests itself wherever it is cloned.
const fixtureDir = join(__dirname, '../../../tests/fixtures/1c-odata');
/** The samples carry provenance as leading `//` lines; the body follows. */
const fixture = (name: string): string =>
  readFileSync(join(fixtureDir, name), 'utf8')
    .split('\n')
    .filter((line, index, lines) => !(line.startsWith('//') && lines.slice(0, index).every((previous) => previous.startsWith('//'))))
    .join('\n');

describe('parseCollectionBody', () => {
  it('parses sample 03: documents with tabular sections, string LineNumber, empty refs and dates', () => {
    const result = parseCollectionBody(fixture('03-document-list-with-tabular-sections.jsonc'));
    if (!result.ok) throw new Error(result.detail);
    const [document] = result.value.rows;
    expect(document?.['Ref_Key']).toBe('b1c89d94-cb6a-11e6-aede-5404a6b4b8ed');
    expect(fromOnecDateTime(document?.['ДатаКонтракта'] as string)).toBeNull();
    expect(document?.['ДокументОснование_Key']).toBe(emptyGuid);
    const goods = document?.['Товары'] as Array<Record<string, unknown>>;
    expect(Array.isArray(goods)).toBe(true);
    expect(goods[0]?.['LineNumber']).toBe('1');
    expect(goods[0]?.['Ref_Key']).toBe(document?.['Ref_Key']);
    expect(result.value.count).toBeUndefined();
  });
  it('parses sample 05: catalog folders with nulls for item-only attributes', () => {
    const result = parseCollectionBody(fixture('05-catalog-list-with-folders.jsonc'));
    if (!result.ok) throw new Error(result.detail);
    expect(result.value.rows).toHaveLength(5);
    const folders = result.value.rows.filter((row) => row['IsFolder'] === true);
    expect(folders.map((row) => row['Description'])).toEqual(['Женские сумки', 'НеЖенскиеСумки', 'НеЖенскиеНеСумки']);
    expect(folders[0]?.['Артикул']).toBeNull();
    expect(result.value.rows[4]?.['Parent_Key']).toBe('f8c956e9-cdad-11e6-aede-5404a6b4b8ed');
  });
  it('reads odata.count as a number and tolerates a BOM', () => {
    const result = parseCollectionBody('\uFEFF{"odata.metadata":"x#Catalog_X","odata.count":"1103","value":[]}');
    expect(result).toEqual({ ok: true, value: { rows: [], count: 1103 } });
  });
  it('reads a single entity addressed by key as one row', () => {
    const result = parseCollectionBody('{"odata.metadata":"http://h/b/odata/standard.odata/$metadata#Catalog_X/@Element","Ref_Key":"a"}');
    expect(result).toEqual({ ok: true, value: { rows: [{ Ref_Key: 'a' }] } });
  });
  it('reports a truncated body as not JSON and a foreign shape as a wrong envelope', () => {
    const whole = fixture('05-catalog-list-with-folders.jsonc');
    expect(parseCollectionBody(whole.slice(0, whole.length / 2))).toMatchObject({ ok: false, problem: 'not_json' });
    expect(parseCollectionBody('{"d":{"results":[]}}')).toMatchObject({ ok: false, problem: 'wrong_envelope' });
    expect(parseCollectionBody('{"value":[1,2]}')).toMatchObject({ ok: false, problem: 'wrong_envelope' });
  });
});

describe('parseErrorBody', () => {
  it('parses sample 09 (code 8) into not_found on 404', () => {
    const body = parseErrorBody(fixture('09-error-json-code8-entity-type-not-found.jsonc'));
    expect(body).toEqual({ code: '8', message: '"CatalogПоставщики" entity is not found' });
    expect(classifyHttpFailure(404, body?.code ?? null)).toEqual({ kind: 'not_found', isRetryable: false });
  });
  it('parses sample 11 (code 14) into bad_request on 400', () => {
    const body = parseErrorBody(fixture('11-error-json-code14-filter-parse.jsonc'));
    expect(body).toEqual({ code: '14', message: 'Error parsing $filter query option' });
    expect(classifyHttpFailure(400, body?.code ?? null)).toEqual({ kind: 'bad_request', isRetryable: false });
  });
  it('parses the XML m:error form (sample 12 in onec-http.md §3.6)', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">
 <m:code>9</m:code>
 <m:message xml:lang="ru">Экземпляр сущности &quot;НакладнаяОтгрузки&quot; не найден по переданному ключу.</m:message>
</m:error>`;
    expect(parseErrorBody(xml)).toEqual({ code: '9', message: 'Экземпляр сущности "НакладнаяОтгрузки" не найден по переданному ключу.' });
  });
  it('returns null for an HTML page or an empty body', () => {
    expect(parseErrorBody('<html><body><h1>1C:Enterprise 8 application error</h1></body></html>')).toBeNull();
    expect(parseErrorBody('')).toBeNull();
  });
});
