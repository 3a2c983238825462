import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OnecEmulator, startOnecEmulator } from './emulator';
import { refSortKey } from './emulator-data';
import { formatDate } from './emulator-format';
import { basicAuth, get, getValue, odataError } from './emulator-test-helpers';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const emptyGuid = '00000000-0000-0000-0000-000000000000';
const now = Date.UTC(2026, 2, 10);

let ut: OnecEmulator;
let unf: OnecEmulator;

beforeAll(async () => {
  ut = await startOnecEmulator({ profile: 'ut11', products: 300, seed: 7, now });
  unf = await startOnecEmulator({ profile: 'unf', products: 200, seed: 8, now, publication: 'unf_demo', user: 'Кладовщик', password: 'пароль' });
});
afterAll(async () => {
  await ut.close();
  await unf.close();
});

describe('emulator envelopes and encodings', () => {
  it('answers a JSON collection in 1C’s envelope with DataServiceVersion 3.0', async () => {
    const res = await get(ut, 'Catalog_Номенклатура?$format=json&$top=5');
    expect(res.status).toBe(200);
    expect(res.headers.get('dataserviceversion')).toBe('3.0');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['odata.metadata', 'value']);
    expect(body['odata.metadata']).toBe(`${ut.baseUrl}$metadata#Catalog_Номенклатура`);
    const [first] = body.value as Record<string, unknown>[];
    expect(first?.Ref_Key).toMatch(guid);
    expect(Buffer.from(String(first?.DataVersion), 'base64')).toHaveLength(8);
    expect(first?.Parent_Key).toBe(emptyGuid);
    expect(first?.IsFolder).toBe(true);
    // Item-only attributes of a group are null (sample 05).
    expect(first?.Артикул).toBeNull();
  });

  it('answers Atom without $format, JSON for Accept: application/json and $format=application/json', async () => {
    const atom = await get(ut, 'Catalog_Склады');
    expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    expect(atom.text).toMatch(/^<\?xml/);
    expect(atom.text).toContain('<m:properties>');
    expect(atom.text).toContain('m:type="Edm.Guid"');
    const byAccept = await get(ut, 'Catalog_Склады', { Accept: 'application/json' });
    expect(byAccept.json().value).toHaveLength(3);
    const byFormat = await get(ut, 'Catalog_Склады?$format=application/json');
    expect(byFormat.json().value).toHaveLength(3);
  });

  it('sends Int64 as strings, Double as numbers and dates without a time zone', async () => {
    const [set] = await getValue(ut, 'AccumulationRegister_ТоварыНаСкладах?$format=json&$top=1');
    const rows = set?.RecordSet as Record<string, unknown>[];
    expect(rows[0]?.LineNumber).toBe('1');
    expect(typeof rows[0]?.ВНаличии).toBe('number');
    expect(rows[0]?.Period).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(rows[0]?.RecordType).toBe('Receipt');
    expect(rows[0]?.Характеристика_Key).toBe(emptyGuid);
  });

  it('returns one entity by key with /@Element and a 404 code 9 for an unknown key', async () => {
    const [product] = await getValue(ut, "Catalog_Номенклатура?$format=json&$filter=IsFolder eq false&$top=1");
    const res = await get(ut, `Catalog_Номенклатура(guid'${String(product?.Ref_Key)}')?$format=json`);
    expect(res.json()['odata.metadata']).toBe(`${ut.baseUrl}$metadata#Catalog_Номенклатура/@Element`);
    expect(res.json().Description).toBe(product?.Description);
    const missing = await get(ut, `Catalog_Номенклатура(guid'${emptyGuid.replace(/0$/, '1')}')?$format=json`);
    expect(missing.status).toBe(404);
    expect(odataError(missing).code).toBe('9');
  });

  it('adds navigation links only for non-empty references', async () => {
    const rows = await getValue(ut, 'Catalog_Номенклатура?$format=json');
    const root = rows.find((r) => r.Parent_Key === emptyGuid);
    const child = rows.find((r) => r.Parent_Key !== emptyGuid);
    expect(root).not.toHaveProperty('Parent@navigationLinkUrl');
    expect(child?.['Parent@navigationLinkUrl']).toBe(`Catalog_Номенклатура(guid'${String(child?.Ref_Key)}')/Parent`);
  });
});

describe('emulator query options', () => {
  it('counts with $inlinecount=allpages as a string and then ignores $top/$skip', async () => {
    const body = (await get(ut, 'Catalog_Номенклатура?$format=json&$inlinecount=allpages&$top=2&$skip=3')).json();
    expect(body['odata.count']).toBe(String(ut.snapshot().products.length + ut.snapshot().groups.length));
    expect(body.value).toHaveLength(Number(body['odata.count']));
  });

  it('applies $skip before $top and pages by Ref_Key in 1C’s binary order without gaps', async () => {
    const all = await getValue(ut, 'Catalog_Номенклатура?$format=json&$orderby=Ref_Key');
    const pages: Record<string, unknown>[] = [];
    for (let skip = 0; ; skip += 50) {
      const page = await getValue(ut, `Catalog_Номенклатура?$format=json&$orderby=Ref_Key&$top=50&$skip=${skip}`);
      pages.push(...page);
      if (page.length < 50) break;
    }
    expect(pages.map((r) => r.Ref_Key)).toEqual(all.map((r) => r.Ref_Key));
    const refs = all.map((r) => String(r.Ref_Key));
    expect(refs).toEqual([...refs].sort((a, b) => (refSortKey(a) < refSortKey(b) ? -1 : 1)));
    // Not the GUID string order: a client cannot page with string comparisons.
    expect(refs).not.toEqual([...refs].sort());
  });

  it('selects fields and refuses an unknown one with 400 code 6 echoing it', async () => {
    const rows = await getValue(ut, 'Catalog_Номенклатура?$format=json&$top=2&$select=Ref_Key,Code');
    expect(Object.keys(rows[0] ?? {})).toEqual(['Ref_Key', 'Code']);
    const res = await get(ut, 'Catalog_Номенклатура?$format=json&$select=Ref_Key,НетТакогоПоля');
    expect(res.status).toBe(400);
    expect(odataError(res)).toEqual({ code: '6', value: 'Сегмент пути НетТакогоПоля не найден!' });
  });

  it('filters with eq/ne/and/or/not, parentheses, guid and string literals with doubled quotes', async () => {
    const ref = ut.mutate.addProduct({ name: "Чай 'Бодрость' №1", code: 'ТСТ-0001', article: 'A-1' });
    const byName = await getValue(ut, `Catalog_Номенклатура?$format=json&$filter=Description eq 'Чай ''Бодрость'' №1'`);
    expect(byName.map((r) => r.Ref_Key)).toEqual([ref]);
    const byRef = await getValue(ut, `Catalog_Номенклатура?$format=json&$filter=Ref_Key eq guid'${ref}'`);
    expect(byRef).toHaveLength(1);
    const combined = await getValue(
      ut,
      `Catalog_Номенклатура?$format=json&$filter=(Code eq 'ТСТ-0001' or Code eq 'нет') and not (IsFolder eq true) and DeletionMark ne true`,
    );
    expect(combined.map((r) => r.Code)).toEqual(['ТСТ-0001']);
    const contains = await getValue(ut, `Catalog_Номенклатура?$format=json&$filter=substringof('бодрость', Description)`);
    expect(contains).toHaveLength(1);
  });

  it('rejects a literal + in $filter with 400 code 14 but accepts %20', async () => {
    const plus = await get(ut, "Catalog_Номенклатура?$format=json&$filter=Code+eq+'1'");
    expect(plus.status).toBe(400);
    expect(odataError(plus)).toEqual({ code: '14', value: 'Ошибка при разборе опции запроса $filter' });
    const encoded = await get(ut, "Catalog_Номенклатура?$format=json&$filter=Code%20eq%20'1'");
    expect(encoded.status).toBe(200);
  });

  it('fails a syntax error with 400/14 and a reference comparison with 500', async () => {
    const misspelt = await get(ut, "Catalog_Номенклатура?$format=json&$filter=startwith(Description, 'Мол') eq true");
    expect([misspelt.status, odataError(misspelt).code]).toEqual([400, '14']);
    const unclosed = await get(ut, "Catalog_Номенклатура?$format=json&$filter=(Code eq '1'");
    expect([unclosed.status, odataError(unclosed).code]).toEqual([400, '14']);
    const gt = await get(ut, `Catalog_Номенклатура?$format=json&$filter=Ref_Key gt guid'${emptyGuid}'`);
    expect(gt.status).toBe(500);
    expect(odataError(gt).value).toMatch(/Нельзя сравнивать поля неограниченной длины/);
  });

  it('orders by several keys with asc/desc', async () => {
    const rows = await getValue(ut, 'Catalog_Номенклатура?$format=json&$filter=IsFolder eq false&$orderby=ЕдиницаИзмерения_Key asc,Description desc');
    const collator = new Intl.Collator('ru', { sensitivity: 'accent' });
    for (let i = 1; i < rows.length; i += 1) {
      const a = rows[i - 1] as Record<string, unknown>;
      const b = rows[i] as Record<string, unknown>;
      if (a.ЕдиницаИзмерения_Key === b.ЕдиницаИзмерения_Key) expect(collator.compare(String(a.Description), String(b.Description))).toBeGreaterThanOrEqual(0);
    }
  });

  it('answers 404 code 8 for a set that is not published', async () => {
    const res = await get(ut, 'Catalog_Поставщики?$format=json');
    expect([res.status, odataError(res).code]).toEqual([404, '8']);
  });
});

describe('emulator registers', () => {
  it('returns record sets keyed by recorder, filtered by Period, ignoring $orderby', async () => {
    const snapshot = ut.snapshot();
    const periods = [...new Set(snapshot.movements.map((m) => m.period))].sort((a, b) => a - b);
    const from = periods[1] as number;
    const to = (periods[3] as number) + 1000;
    const iso = formatDate; // the server's local wall clock, as 1C writes and reads it
    const sets = await getValue(ut, `AccumulationRegister_ТоварыНаСкладах?$format=json&$filter=Period ge datetime'${iso(from)}' and Period lt datetime'${iso(to)}'`);
    const expected = new Set(snapshot.movements.filter((m) => m.period >= from && m.period < to).map((m) => m.recorderRef));
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(sets.map((s) => s.Recorder))).toEqual(expected);
    expect(sets[0]?.Recorder_Type).toMatch(/^StandardODATA\.Document_/);
    const ordered = await getValue(ut, 'AccumulationRegister_ТоварыНаСкладах?$format=json&$top=5&$orderby=Recorder desc');
    const plain = await getValue(ut, 'AccumulationRegister_ТоварыНаСкладах?$format=json&$top=5');
    expect(ordered.map((s) => s.Recorder)).toEqual(plain.map((s) => s.Recorder));
  });

  it('computes Balance like the snapshot, restricted by Dimensions and Condition', async () => {
    const snapshot = ut.snapshot();
    const rows = await getValue(ut, "AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Номенклатура,Характеристика,Склад')?$format=json");
    expect(Object.keys(rows[0] ?? {})).toEqual(['Номенклатура_Key', 'Характеристика_Key', 'Склад_Key', 'ВНаличииBalance', 'КОтгрузкеBalance']);
    const got = rows.map((r) => `${String(r.Номенклатура_Key)}|${String(r.Характеристика_Key)}|${String(r.Склад_Key)}|${String(r.ВНаличииBalance)}`).sort();
    const want = snapshot.balances.map((b) => `${b.productRef}|${b.characteristicRef ?? emptyGuid}|${b.warehouseRef}|${b.qty}`).sort();
    expect(got).toEqual(want);
    const warehouse = snapshot.warehouses[1]?.ref as string;
    const filtered = await getValue(ut, `AccumulationRegister_ТоварыНаСкладах/Balance(Condition='Склад_Key eq guid'${warehouse}'')?$format=json`);
    expect(filtered.length).toBe(snapshot.balances.filter((b) => b.warehouseRef === warehouse).length);
    expect(Object.keys(filtered[0] ?? {})).toContain('Назначение_Key');
  });

  it('refuses $skip on a virtual table and Balance where there is none', async () => {
    const skip = await get(ut, 'AccumulationRegister_ТоварыНаСкладах/Balance()?$format=json&$skip=1');
    expect(skip.status).toBe(400);
    const onCatalog = await get(ut, 'Catalog_Номенклатура/Balance()?$format=json');
    expect([onCatalog.status, odataError(onCatalog).code]).toEqual([400, '6']);
  });

  it('serves SliceLast only on _RecordType for УТ 11 (recorder-subordinate prices)', async () => {
    const rows = await getValue(ut, 'InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast()?$format=json');
    const want = ut.snapshot().prices.map((p) => `${p.productRef}|${p.priceTypeRef}|${p.price}`).sort();
    expect(rows.map((r) => `${String(r.Номенклатура_Key)}|${String(r.ВидЦены_Key)}|${String(r.Цена)}`).sort()).toEqual(want);
    expect(rows[0]?.LineNumber).toMatch(/^\d+$/);
    const plain = await get(ut, 'InformationRegister_ЦеныНоменклатуры/SliceLast()?$format=json');
    expect([plain.status, odataError(plain).code]).toEqual([400, '6']);
  });

  it('serves SliceLast on the plain set for УНФ (independent prices) and 404/8 on _RecordType', async () => {
    const rows = await getValue(unf, 'InformationRegister_ЦеныНоменклатуры/SliceLast()?$format=json');
    expect(rows.length).toBe(unf.snapshot().prices.length);
    expect(Object.keys(rows[0] ?? {})).toEqual(['Period', 'ВидЦен_Key', 'Номенклатура_Key', 'Характеристика_Key', 'Цена', 'Актуальность', 'ЕдиницаИзмерения_Key', 'ВалютаЦены_Key']);
    const recordType = await get(unf, 'InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast()?$format=json');
    expect([recordType.status, odataError(recordType).code]).toEqual([404, '8']);
  });

  it('uses SliceLast(Period=…) to see older prices', async () => {
    const oldest = Math.min(...ut.snapshot().prices.map((p) => p.period));
    const early = await getValue(ut, `InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast(Period=datetime'${formatDate(oldest - 1000)}')?$format=json`);
    expect(early.length).toBeLessThan(ut.snapshot().prices.length);
  });

  it('names УНФ stock fields its own way: ЗапасыНаСкладах, СтруктурнаяЕдиница, КоличествоBalance', async () => {
    const rows = await getValue(unf, "AccumulationRegister_ЗапасыНаСкладах/Balance(Dimensions='Номенклатура,СтруктурнаяЕдиница')?$format=json&$top=3");
    expect(Object.keys(rows[0] ?? {})).toEqual(['Номенклатура_Key', 'СтруктурнаяЕдиница_Key', 'КоличествоBalance']);
    const warehouses = await getValue(unf, 'Catalog_СтруктурныеЕдиницы?$format=json');
    expect(warehouses.length).toBe(3);
    const units = await getValue(unf, 'Catalog_КлассификаторЕдиницИзмерения?$format=json');
    expect(units.map((u) => u.Code)).toContain('796');
    const missing = await get(unf, 'AccumulationRegister_ТоварыНаСкладах?$format=json');
    expect(missing.status).toBe(404);
  });
});

describe('emulator auth', () => {
  it('accepts a Cyrillic user sent as UTF-8 and rejects wrong, missing and Latin-1 credentials', async () => {
    const ok = await fetch(`${unf.baseUrl}Catalog_ВидыЦен?$format=json`, { headers: { Authorization: basicAuth('Кладовщик', 'пароль') } });
    expect(ok.status).toBe(200);
    const attempts: Record<string, string>[] = [{ Authorization: basicAuth('Кладовщик', 'не тот') }, {}, { Authorization: basicAuth('Кладовщик', 'пароль', 'latin1') }];
    for (const headers of attempts) {
      const res = await fetch(`${unf.baseUrl}Catalog_ВидыЦен?$format=json`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="1C"');
    }
  });
});

describe('emulator $metadata and service document', () => {
  it('describes exactly the published sets, with bindable functions without EntitySet', async () => {
    const service = await get(ut, '');
    const listed = [...service.text.matchAll(/<collection href="([^"]+)"/g)].map((m) => m[1]);
    const metadata = await get(ut, '$metadata?$format=json');
    expect(metadata.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(metadata.headers.get('dataserviceversion')).toBe('3.0');
    const sets = [...metadata.text.matchAll(/<EntitySet Name="([^"]+)"/g)].map((m) => m[1]);
    expect(sets).toEqual(listed);
    expect(sets).toContain('InformationRegister_ЦеныНоменклатуры_RecordType');
    expect(metadata.text).toContain('OpenType="true"');
    expect(metadata.text).toContain('m:DataServiceVersion="3.0"');
    const balance = /<FunctionImport Name="Balance"[^>]*>/.exec(metadata.text)?.[0] ?? '';
    expect(balance).toContain('IsBindable="true"');
    expect(balance).not.toContain('EntitySet');
    expect(metadata.text).toContain('<ComplexType Name="AccumulationRegister_ТоварыНаСкладах_Balance">');
  });
});

describe('emulator mutations', () => {
  it('reflects added, changed, marked and removed products in answers and the snapshot, bumping DataVersion', async () => {
    const ref = ut.mutate.addProduct({ name: 'Новый товар', article: 'NEW-1' });
    const path = `Catalog_Номенклатура(guid'${ref}')?$format=json`;
    const before = (await get(ut, path)).json();
    ut.mutate.changeProduct(ref, { name: 'Новый товар 2' });
    const after = (await get(ut, path)).json();
    expect(after.Description).toBe('Новый товар 2');
    expect(after.DataVersion).not.toBe(before.DataVersion);
    ut.mutate.markDeleted(ref);
    expect((await get(ut, path)).json().DeletionMark).toBe(true);
    expect(ut.snapshot().products.find((p) => p.ref === ref)).toMatchObject({ name: 'Новый товар 2', deletionMark: true, article: 'NEW-1' });
    ut.mutate.removeProduct(ref);
    expect((await get(ut, path)).status).toBe(404);
    expect(ut.snapshot().products.some((p) => p.ref === ref)).toBe(false);
  });

  it('reflects barcodes, prices and movements', async () => {
    const snapshot = ut.snapshot();
    const product = snapshot.products[0]?.ref as string;
    const warehouse = snapshot.warehouses[0]?.ref as string;
    ut.mutate.addBarcode({ code: '4600000000008', productRef: product });
    const barcode = await get(ut, "InformationRegister_ШтрихкодыНоменклатуры(Штрихкод='4600000000008')?$format=json");
    expect(barcode.json().Номенклатура_Key).toBe(product);
    const priceType = snapshot.priceTypes[0]?.ref as string;
    ut.mutate.setPrice({ productRef: product, priceTypeRef: priceType, price: 123.45 });
    const prices = await getValue(ut, `InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast(Condition='Номенклатура_Key eq guid'${product}'')?$format=json`);
    expect(prices.find((p) => p.ВидЦены_Key === priceType)?.Цена).toBe(123.45);
    const balanceOf = async () =>
      (await getValue(ut, `AccumulationRegister_ТоварыНаСкладах/Balance(Condition='Номенклатура_Key eq guid'${product}' and Склад_Key eq guid'${warehouse}'')?$format=json`)).reduce(
        (sum, r) => sum + Number(r.ВНаличииBalance),
        0,
      );
    const was = await balanceOf();
    const recorder = ut.mutate.postMovement({ productRef: product, warehouseRef: warehouse, qty: 5 });
    expect(await balanceOf()).toBeCloseTo(was + 5, 3);
    const set = await get(ut, `AccumulationRegister_ТоварыНаСкладах(Recorder='${recorder}',Recorder_Type='StandardODATA.Document_ПриобретениеТоваровУслуг')?$format=json`);
    expect((set.json().RecordSet as unknown[]).length).toBe(1);
    expect(ut.snapshot().movements.filter((m) => m.recorderRef === recorder)).toHaveLength(1);
  });
});

describe('emulator faults and request log', () => {
  it('makes every fault kind observable from a client', async () => {
    const fx = await startOnecEmulator({ profile: 'ut11', products: 50, slowMs: 300 });
    try {
      const path = 'Catalog_Номенклатура?$format=json';
      fx.faults.failNext('500');
      const e500 = await get(fx, path);
      expect([e500.status, odataError(e500).code]).toEqual([500, '-1']);
      fx.faults.failNext('503');
      const e503 = await get(fx, path);
      expect([e503.status, e503.headers.get('retry-after')]).toEqual([503, '1']);
      fx.faults.failNext('401');
      expect((await get(fx, path)).status).toBe(401);
      fx.faults.failNext('html200');
      const html = await get(fx, path);
      expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      expect(html.text).toContain('1C:Enterprise 8 application error');
      fx.faults.failNext('reset');
      await expect(get(fx, path)).rejects.toThrow();
      fx.faults.failNext('truncate');
      await expect(get(fx, path)).rejects.toThrow();
      fx.faults.failNext('lostresponse');
      await expect(get(fx, path)).rejects.toThrow();
      fx.faults.failNext('slow');
      const started = performance.now();
      expect((await get(fx, path)).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(fx.requests.map((r) => r.status)).toEqual([500, 503, 401, 200, 200, 200, 0, 200]);
      fx.resetRequestLog();
      expect(fx.requests).toHaveLength(0);
    } finally {
      await fx.close();
    }
  });

  it('rolls the same fault dice for the same seed', async () => {
    const statuses = async () => {
      const fx = await startOnecEmulator({ profile: 'unf', products: 10, faults: '500:0.3,401:0.2', seedRandomFaults: 42 });
      try {
        const out: number[] = [];
        for (let i = 0; i < 20; i += 1) out.push((await get(fx, 'Catalog_ВидыЦен?$format=json')).status);
        return out;
      } finally {
        await fx.close();
      }
    };
    const first = await statuses();
    expect(first).toEqual(await statuses());
    expect(new Set(first)).toEqual(new Set([200, 401, 500]));
  });
});
