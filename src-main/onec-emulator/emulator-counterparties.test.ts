// Catalog_Контрагенты over real HTTP, as a client reads and writes it, in both configurations: the
// generated counterparties, $metadata and the service document, $filter / $select, POST (201, Location,
// full entity, a new DataVersion, our key honoured or not), PATCH (200, full entity, the tabular section
// replaced wholesale, DataVersion moved on every write, If-Match ignored), and the errors 1C gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OnecEmulator, startOnecEmulator } from './emulator';
import { get, getValue, odataError, send } from './emulator-test-helpers';

const set = 'Catalog_Контрагенты';

const names = {
  ut11: { legalForm: 'ЮрФизЛицо', company: 'ЮрЛицо', person: 'ФизЛицо', comment: 'ДополнительнаяИнформация', hasCode: false },
  unf: { legalForm: 'ВидКонтрагента', company: 'ЮридическоеЛицо', person: 'ФизическоеЛицо', comment: 'Комментарий', hasCode: true },
} as const;

describe.each(['ut11', 'unf'] as const)('counterparties (%s)', (profile) => {
  const n = names[profile];
  let onec: OnecEmulator;
  beforeAll(async () => {
    onec = await startOnecEmulator({ port: 0, profile, products: 20 });
  });
  afterAll(() => onec.close());

  it('publishes the set with its attributes, the contact section\'s row type, groups and items', async () => {
    const metadata = (await get(onec, '$metadata')).text;
    expect(metadata).toContain(`<EntitySet Name="${set}"`);
    for (const field of ['Description', 'НаименованиеПолное', n.legalForm, 'ИНН', 'КПП', n.comment, 'КонтактнаяИнформация']) expect(metadata).toContain(`Name="${field}"`);
    expect(metadata).toContain(`<ComplexType Name="${set}_КонтактнаяИнформация_RowType">`);
    // УТ 11.5 publishes no Code for counterparties (P8); УНФ numbers them.
    expect((await get(onec, `${set}?$format=json&$select=Code&$top=1`)).status).toBe(n.hasCode ? 200 : 400);
    expect((await get(onec, '')).text).toContain(`href="${set}"`);

    const all = onec.counterparties();
    expect(all.filter((c) => c.isFolder).map((c) => c.name)).toEqual(['Покупатели', 'Поставщики']);
    const items = all.filter((c) => !c.isFolder);
    expect(items.length).toBeGreaterThan(20);
    expect(new Set(items.map((c) => c.kind))).toEqual(new Set(['company', 'person', 'entrepreneur']));
    expect(items.filter((c) => c.deletionMark)).toHaveLength(1);
    expect(items.some((c) => c.predefinedName === 'РозничныйПокупатель')).toBe(true);
    // The same seed gives the same counterparties.
    const again = await startOnecEmulator({ port: 0, profile, products: 20 });
    try {
      expect(again.counterparties().map((c) => [c.name, c.inn, c.phones])).toEqual(all.map((c) => [c.name, c.inn, c.phones]));
    } finally {
      await again.close();
    }
  });

  it('answers $filter and $select like any catalog, the contact rows with the owner key and LineNumber', async () => {
    const items = await getValue(onec, `${set}?$format=json&$filter=IsFolder%20eq%20false&$select=Ref_Key,Description,${n.legalForm},ИНН,КонтактнаяИнформация&$orderby=Ref_Key`);
    expect(items).toHaveLength(onec.counterparties().filter((c) => !c.isFolder).length);
    const withPhone = items.find((i) => Array.isArray(i.КонтактнаяИнформация) && (i.КонтактнаяИнформация as unknown[]).length > 0);
    expect(Object.keys(withPhone ?? {}).sort()).toEqual(['Description', 'Ref_Key', 'ИНН', 'КонтактнаяИнформация', n.legalForm].sort());
    const row = (withPhone?.КонтактнаяИнформация as Record<string, unknown>[])[0];
    expect(row).toMatchObject({ Ref_Key: withPhone?.Ref_Key, LineNumber: '1' });
    expect(['Телефон', 'АдресЭлектроннойПочты']).toContain(row?.Тип);
    const inn = onec.counterparties().find((c) => c.inn !== '')?.inn ?? '';
    expect(await getValue(onec, `${set}?$format=json&$filter=ИНН%20eq%20'${inn}'&$select=ИНН`)).toEqual([{ ИНН: inn }]);
    expect(odataError(await get(onec, `${set}?$format=json&$select=НетТакого`))).toMatchObject({ code: '6' });
  });

  it('POST: 201, Location, the full entity under our key, a new DataVersion, strings cut as 1C cuts them', async () => {
    const key = '0190c7a0-0000-7000-8000-00000000c001';
    const res = await send(onec, 'POST', set, {
      Ref_Key: key,
      Description: 'Я'.repeat(120),
      [n.legalForm]: n.person,
      ИНН: '500100732259',
      [n.comment]: `Прилавок ${key}`,
      Неизвестное: 'игнорируется',
      КонтактнаяИнформация: [{ LineNumber: '1', Тип: 'Телефон', Представление: '+7 (916) 123-45-67' }],
    });
    expect(res.status).toBe(201);
    expect(Buffer.from(res.headers.get('location') ?? '', 'latin1').toString('utf8')).toBe(`${onec.baseUrl}${set}(guid'${key}')`);
    const body = res.json();
    expect(body).toMatchObject({ Ref_Key: key, IsFolder: false, DeletionMark: false, [n.legalForm]: n.person, ИНН: '500100732259', КПП: '' });
    expect(body.Description).toBe('Я'.repeat(100));
    expect(body.КонтактнаяИнформация).toEqual([expect.objectContaining({ Ref_Key: key, LineNumber: '1', Тип: 'Телефон', Представление: '+7 (916) 123-45-67' })]);
    if (n.hasCode) expect(body.Code).toMatch(/^\d{9}$/);
    expect(onec.counterparty(key)?.dataVersion).toBe(body.DataVersion);
    // The same key again: 400, code 15. Without a legal form: the attribute's fill value (a company).
    expect(odataError(await send(onec, 'POST', set, { Ref_Key: key, Description: 'дубль' }))).toMatchObject({ code: '15' });
    expect((await send(onec, 'POST', set, { Description: 'Без формы' })).json()[n.legalForm]).toBe(n.company);
  });

  it('PATCH: 200 with the full entity; only what is sent changes; the contact section is replaced wholesale; DataVersion moves every time, If-Match or not', async () => {
    const ref = onec.mutate.addCounterparty({ name: 'Правка ООО', kind: 'company', inn: '7707083893', phone: '+7 (495) 000-00-01', email: 'a@pravka.ru', address: 'Москва' });
    const first = onec.counterparty(ref)?.dataVersion;
    const res = await send(onec, 'PATCH', `${set}(guid'${ref}')`, { Description: 'Правка-2 ООО', КонтактнаяИнформация: [{ LineNumber: 1, Тип: 'АдресЭлектроннойПочты', Представление: 'b@pravka.ru' }] }, { 'If-Match': 'W/"stale"' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ Ref_Key: ref, Description: 'Правка-2 ООО', ИНН: '7707083893', [n.legalForm]: n.company });
    expect(onec.counterparty(ref)).toMatchObject({ name: 'Правка-2 ООО', phones: [], emails: ['b@pravka.ru'], contacts: [expect.objectContaining({ type: 'АдресЭлектроннойПочты' })] });
    const second = onec.counterparty(ref)?.dataVersion;
    expect(second).not.toBe(first);
    // A write that changes nothing still moves DataVersion (P8).
    expect((await send(onec, 'PATCH', `${set}(guid'${ref}')`, {})).status).toBe(200);
    expect(onec.counterparty(ref)?.dataVersion).not.toBe(second);
    // The deletion mark is an ordinary PATCH.
    await send(onec, 'PATCH', `${set}(guid'${ref}')`, { DeletionMark: true });
    expect(onec.counterparty(ref)?.deletionMark).toBe(true);
  });

  it('refuses what 1C refuses, and changes nothing then', async () => {
    const ref = onec.mutate.addCounterparty({ name: 'Отказ ООО', kind: 'company' });
    const before = onec.counterparty(ref);
    const enumError = await send(onec, 'PATCH', `${set}(guid'${ref}')`, { Description: 'не сохранится', [n.legalForm]: 'НетТакого' });
    expect(enumError.status).toBe(400);
    expect(odataError(enumError)).toMatchObject({ code: '4', value: expect.stringContaining('НетТакого') });
    expect((await send(onec, 'PATCH', `${set}(guid'${ref}')`, { КонтактнаяИнформация: [{ LineNumber: '2', Тип: 'Телефон' }] })).status).toBe(400);
    expect((await send(onec, 'PATCH', `${set}(guid'${ref}')`, { КонтактнаяИнформация: [{ Тип: 'Телефон' }] })).status).toBe(500);
    expect((await send(onec, 'PATCH', `${set}(guid'${ref}')`, { КонтактнаяИнформация: [{ LineNumber: '1', Тип: 'Голубиная почта' }] })).status).toBe(400);
    expect((await send(onec, 'PATCH', `${set}(guid'${ref}')`, { Description: ['массив'] })).status).toBe(500);
    expect((await send(onec, 'PATCH', `${set}(guid'0190c7a0-0000-7000-8000-00000000ffff')`, { Description: 'x' })).status).toBe(404);
    expect(onec.counterparty(ref)).toEqual(before);
  });

  it('mutations for tests: add, change (rows replaced in place), mark deleted, remove', () => {
    const ref = onec.mutate.addCounterparty({ name: 'Мутант', kind: 'entrepreneur', inn: '773370857141', phone: '+7 900 1', email: 'm@m.ru' });
    expect(onec.counterparty(ref)).toMatchObject({ kind: 'entrepreneur', phones: ['+7 900 1'], emails: ['m@m.ru'] });
    onec.mutate.changeCounterparty(ref, { phone: '+7 900 2', email: null, kind: 'person' });
    expect(onec.counterparty(ref)).toMatchObject({ kind: 'person', phones: ['+7 900 2'], emails: [] });
    onec.mutate.markDeleted(ref);
    expect(onec.counterparty(ref)?.deletionMark).toBe(true);
    onec.mutate.removeCounterparty(ref);
    expect(onec.counterparty(ref)).toBeUndefined();
    expect(() => onec.mutate.changeCounterparty(ref, { name: 'x' })).toThrow(RangeError);
  });
});
