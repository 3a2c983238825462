// The write side over real HTTP: documents created, read, patched, posted and unposted as a client
// does it, for both configurations; the register records and balances that posting leaves; the
// errors 1C gives; faults on writes; barcode records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OnecEmulator, startOnecEmulator } from './emulator';
import { compareRefs } from './emulator-data';
import { formatDate } from './emulator-format';
import { basicAuth, get, getValue, odataError, send } from './emulator-test-helpers';

const emptyGuid = '00000000-0000-0000-0000-000000000000';
const now = Date.UTC(2026, 2, 10);
const kinds = ['receipt', 'shipment', 'transfer', 'writeoff', 'count'] as const;
type Kind = (typeof kinds)[number];

type Profile = {
  id: 'ut11' | 'unf';
  register: string;
  resource: string;
  warehouseDim: string;
  section: string;
  number: RegExp;
  sets: Record<Kind, string>;
  /** The warehouse attribute(s) of each kind: [from, to] for a transfer. */
  warehouse: Record<Kind, string[]>;
};

const profiles: Profile[] = [
  {
    id: 'ut11',
    register: 'AccumulationRegister_ТоварыНаСкладах',
    resource: 'ВНаличииBalance',
    warehouseDim: 'Склад_Key',
    section: 'Товары',
    number: /^ТД00-\d{6}$/,
    sets: {
      receipt: 'Document_ПриобретениеТоваровУслуг',
      shipment: 'Document_РеализацияТоваровУслуг',
      transfer: 'Document_ПеремещениеТоваров',
      writeoff: 'Document_СписаниеНедостачТоваров',
      count: 'Document_ПересчетТоваров',
    },
    warehouse: { receipt: ['Склад_Key'], shipment: ['Склад_Key'], transfer: ['СкладОтправитель_Key', 'СкладПолучатель_Key'], writeoff: ['Склад_Key'], count: ['Склад_Key'] },
  },
  {
    id: 'unf',
    register: 'AccumulationRegister_ЗапасыНаСкладах',
    resource: 'КоличествоBalance',
    warehouseDim: 'СтруктурнаяЕдиница_Key',
    section: 'Запасы',
    number: /^0000-\d{6}$/,
    sets: {
      receipt: 'Document_ПриходнаяНакладная',
      shipment: 'Document_РасходнаяНакладная',
      transfer: 'Document_ПеремещениеЗапасов',
      writeoff: 'Document_СписаниеЗапасов',
      count: 'Document_ИнвентаризацияЗапасов',
    },
    warehouse: {
      receipt: ['СтруктурнаяЕдиница_Key'],
      shipment: ['СтруктурнаяЕдиница_Key'],
      transfer: ['СтруктурнаяЕдиница_Key', 'СтруктурнаяЕдиницаПолучатель_Key'],
      writeoff: ['СтруктурнаяЕдиница_Key'],
      count: ['СтруктурнаяЕдиница_Key'],
    },
  },
];

const emulators = new Map<string, OnecEmulator>();
beforeAll(async () => {
  for (const p of profiles) emulators.set(p.id, await startOnecEmulator({ profile: p.id, products: 60, seed: 11, now }));
});
afterAll(async () => {
  for (const e of emulators.values()) await e.close();
});

describe.each(profiles)('emulator writes ($id)', (p) => {
  const onec = () => emulators.get(p.id) as OnecEmulator;
  let counter = 0;
  /** A product of the base (a fresh one per call, so tests do not share balances). */
  const product = () => onec().mutate.addProduct({ name: `Товар записи ${(counter += 1)}` });
  const warehouses = () => onec().snapshot().warehouses.map((w) => w.ref);
  const body = (kind: Kind, rows: { product: string; qty: number }[], extra: Record<string, unknown> = {}) => {
    const [from, to] = warehouses();
    const header: Record<string, unknown> = { Date: '2030-01-15T10:00:00', Комментарий: `метка-${kind}-${(counter += 1)}`, ...extra };
    const [fromField, toField] = p.warehouse[kind];
    header[fromField as string] = from;
    if (toField) header[toField] = to;
    header[p.section] = rows.map((r, i) => ({ LineNumber: String(i + 1), Номенклатура_Key: r.product, Характеристика_Key: emptyGuid, Количество: r.qty, Цена: 10, Сумма: 10 * r.qty }));
    return header;
  };
  const create = async (kind: Kind, rows: { product: string; qty: number }[], extra: Record<string, unknown> = {}) => {
    const res = await send(onec(), 'POST', p.sets[kind], body(kind, rows, extra));
    if (res.status !== 201) throw new Error(`POST ${p.sets[kind]} → ${res.status}: ${res.text}`);
    return res.json();
  };
  const post = (kind: Kind, ref: unknown, action = 'Post?PostingModeOperational=false') => send(onec(), 'POST', `${p.sets[kind]}(guid'${String(ref)}')/${action}`);
  const balance = async (productRef: string, warehouse: string) =>
    (await getValue(onec(), `${p.register}/Balance(Condition='Номенклатура_Key eq guid'${productRef}' and ${p.warehouseDim} eq guid'${warehouse}'')?$format=json`)).reduce(
      (sum, r) => sum + Number(r[p.resource]),
      0,
    );
  const recordSet = async (kind: Kind, ref: unknown) => get(onec(), `${p.register}(Recorder='${String(ref)}',Recorder_Type='StandardODATA.${p.sets[kind]}')?$format=json`);

  it.each(kinds)('creates a %s: 201, Location in raw UTF-8, the full entity, Posted false, a number', async (kind) => {
    const item = product();
    const res = await send(onec(), 'POST', p.sets[kind], { ...body(kind, [{ product: item, qty: 3 }]), НетТакогоРеквизита: 1 });
    expect(res.status).toBe(201);
    const entity = res.json();
    const ref = String(entity.Ref_Key);
    expect(Buffer.from(res.headers.get('location') ?? '', 'latin1').toString('utf8')).toBe(`${onec().baseUrl}${p.sets[kind]}(guid'${ref}')`);
    expect(entity['odata.metadata']).toBe(`${onec().baseUrl}$metadata#${p.sets[kind]}/@Element`);
    expect(entity).toMatchObject({ DeletionMark: false, Posted: false, Date: '2030-01-15T10:00:00' });
    expect(entity.Number).toMatch(p.number);
    expect(Buffer.from(String(entity.DataVersion), 'base64')).toHaveLength(8);
    expect(entity).not.toHaveProperty('НетТакогоРеквизита');
    const [row] = entity[p.section] as Record<string, unknown>[];
    expect(row).toMatchObject({ Ref_Key: ref, LineNumber: '1', Номенклатура_Key: item, Характеристика_Key: emptyGuid, Количество: 3 });
    const again = await get(onec(), `${p.sets[kind]}(guid'${ref}')?$format=json`);
    expect(again.json()).toEqual(entity);
    const view = onec().document(ref);
    expect(view).toMatchObject({ set: p.sets[kind], kind, posted: false, number: entity.Number, warehouseRef: warehouses()[0] });
    expect(view?.lines).toEqual([expect.objectContaining({ lineNumber: 1, productRef: item, characteristicRef: null, qty: 3 })]);
    expect(onec().documents().some((d) => d.ref === ref)).toBe(true);
  });

  it('honours an unused client Ref_Key and refuses a used one with 400 code 15', async () => {
    const ref = crypto.randomUUID();
    const first = await send(onec(), 'POST', p.sets.receipt, { ...body('receipt', [{ product: product(), qty: 1 }]), Ref_Key: ref });
    expect([first.status, first.json().Ref_Key]).toEqual([201, ref]);
    const count = onec().documents().length;
    const second = await send(onec(), 'POST', p.sets.receipt, { ...body('receipt', [{ product: product(), qty: 1 }]), Ref_Key: ref });
    expect([second.status, odataError(second).code]).toEqual([400, '15']);
    expect(onec().documents()).toHaveLength(count);
    // A given key takes its place in 1C's storage order of refs, the default order of a GET.
    const refs = (await getValue(onec(), `${p.sets.receipt}?$format=json&$select=Ref_Key`)).map((d) => String(d.Ref_Key));
    expect(refs).toContain(ref);
    expect(refs).toEqual([...refs].sort(compareRefs));
  });

  it('refuses bad rows, bad JSON and bad GUIDs as 1C does, creating nothing', async () => {
    const count = onec().documents().length;
    const rows = (lineNumbers: (string | undefined)[]) => lineNumbers.map((n) => ({ ...(n ? { LineNumber: n } : {}), Номенклатура_Key: emptyGuid, Количество: 1 }));
    const missing = await send(onec(), 'POST', p.sets.receipt, { ...body('receipt', []), [p.section]: rows([undefined]) });
    expect([missing.status, odataError(missing)]).toEqual([500, { code: '-1', value: 'Внутренняя ошибка OData сервиса' }]);
    const gap = await send(onec(), 'POST', p.sets.receipt, { ...body('receipt', []), [p.section]: rows(['2', '3']) });
    expect(gap.status).toBe(400);
    const notJson = await send(onec(), 'POST', p.sets.receipt, '{"Комментарий": ');
    expect([notJson.status, odataError(notJson).code]).toEqual([500, '-1']);
    expect(odataError(notJson).value).toMatch(/Непредвиденный символ при чтении JSON/);
    const badGuid = await send(onec(), 'POST', p.sets.receipt, { ...body('receipt', []), Организация_Key: 'не-гуид' });
    expect([badGuid.status, odataError(badGuid)]).toEqual([400, { code: '1', value: "Не удалось разобрать строку 'не-гуид' как значение типа Edm.Guid!" }]);
    const badDate = await send(onec(), 'POST', p.sets.receipt, { Date: '2030-01-15T10:00:00Z' });
    expect([badDate.status, odataError(badDate).code]).toEqual([400, '1']);
    expect(onec().documents()).toHaveLength(count);
  });

  it('accepts dangling references and gives a document without Date the empty date, which still posts', async () => {
    const dangling = crypto.randomUUID();
    const doc = await create('receipt', [{ product: dangling, qty: 2 }], { Date: undefined, Контрагент_Key: crypto.randomUUID() });
    expect(doc.Date).toBe('0001-01-01T00:00:00');
    expect((await post('receipt', doc.Ref_Key)).status).toBe(200);
    const set = (await recordSet('receipt', doc.Ref_Key)).json();
    expect((set.RecordSet as Record<string, unknown>[])[0]).toMatchObject({ Period: '0001-01-01T00:00:00', Номенклатура_Key: dangling });
  });

  it('finds documents by key, Number, Posted and substringof in Комментарий; 404 code 9 for an unknown key', async () => {
    const doc = await create('shipment', [], { Комментарий: 'Заказ с сайта №42 [prilavok:abc-1]' });
    const set = p.sets.shipment;
    const byRef = await getValue(onec(), `${set}?$format=json&$filter=Ref_Key eq guid'${String(doc.Ref_Key)}'`);
    expect(byRef.map((d) => d.Number)).toEqual([doc.Number]);
    const byNumber = await getValue(onec(), `${set}?$format=json&$filter=Number eq '${String(doc.Number)}'`);
    expect(byNumber.map((d) => d.Ref_Key)).toEqual([doc.Ref_Key]);
    const byMarker = await getValue(onec(), `${set}?$format=json&$filter=substringof('[prilavok:abc-1]', Комментарий)&$select=Ref_Key,Комментарий`);
    expect(byMarker).toEqual([{ Ref_Key: doc.Ref_Key, Комментарий: doc.Комментарий }]);
    await post('shipment', doc.Ref_Key);
    const posted = await getValue(onec(), `${set}?$format=json&$filter=Posted eq true and substringof('prilavok:abc', Комментарий)`);
    expect(posted.map((d) => d.Ref_Key)).toEqual([doc.Ref_Key]);
    const unknown = await get(onec(), `${set}(guid'${crypto.randomUUID()}')?$format=json`);
    expect([unknown.status, odataError(unknown).code]).toEqual([404, '9']);
    const unknownPost = await post('shipment', crypto.randomUUID());
    expect([unknownPost.status, odataError(unknownPost).code]).toEqual([404, '9']);
  });

  it('patches partially, replaces the tabular section wholesale and bumps DataVersion', async () => {
    const a = product();
    const b = product();
    const doc = await create('receipt', [
      { product: a, qty: 1 },
      { product: b, qty: 2 },
    ]);
    const path = `${p.sets.receipt}(guid'${String(doc.Ref_Key)}')`;
    const header = await send(onec(), 'PATCH', path, { Комментарий: 'исправлено', Ref_Key: crypto.randomUUID() }, { 'If-Match': 'W/"stale"' });
    expect(header.status).toBe(200);
    expect(header.json()).toMatchObject({ Ref_Key: doc.Ref_Key, Комментарий: 'исправлено', Number: doc.Number });
    expect(header.json()[p.section]).toHaveLength(2);
    expect(header.json().DataVersion).not.toBe(doc.DataVersion);
    const rows = await send(onec(), 'PATCH', path, { [p.section]: [{ LineNumber: 1, Номенклатура_Key: b, Количество: 5 }] });
    expect(rows.json()[p.section]).toEqual([expect.objectContaining({ LineNumber: '1', Номенклатура_Key: b, Количество: 5 })]);
    expect(rows.json().Комментарий).toBe('исправлено');
    const gap = await send(onec(), 'PATCH', path, { [p.section]: [{ LineNumber: 2, Номенклатура_Key: b, Количество: 5 }] });
    expect(gap.status).toBe(400);
    expect(((await get(onec(), `${path}?$format=json`)).json()[p.section] as unknown[]).length).toBe(1);
  });

  it('posts: records in the record set (by key and by Period), Balance and snapshot change; re-posting is idempotent', async () => {
    const item = product();
    const [warehouse] = warehouses() as [string];
    const doc = await create('receipt', [{ product: item, qty: 7 }], { Date: '2030-02-01T09:30:00' });
    expect(await balance(item, warehouse)).toBe(0);
    const res = await post('receipt', doc.Ref_Key);
    expect([res.status, res.text, res.headers.get('content-length')]).toEqual([200, '', '0']);
    expect(await balance(item, warehouse)).toBe(7);
    const set = (await recordSet('receipt', doc.Ref_Key)).json();
    expect(set.RecordSet).toEqual([expect.objectContaining({ Recorder: doc.Ref_Key, Period: '2030-02-01T09:30:00', LineNumber: '1', RecordType: 'Receipt', Номенклатура_Key: item, [p.warehouseDim]: warehouse })]);
    const byPeriod = await getValue(onec(), `${p.register}_RecordType?$format=json&$filter=Period ge datetime'2030-02-01T09:30:00' and Period lt datetime'2030-02-01T09:30:01'`);
    expect(byPeriod.map((r) => r.Recorder)).toEqual([doc.Ref_Key]);
    expect(onec().snapshot().balances).toContainEqual({ productRef: item, characteristicRef: null, warehouseRef: warehouse, qty: 7 });
    expect((await get(onec(), `${p.sets.receipt}(guid'${String(doc.Ref_Key)}')?$format=json`)).json().Posted).toBe(true);
    expect((await post('receipt', doc.Ref_Key, 'Post()?PostingModeOperational=false')).status).toBe(200);
    expect(await balance(item, warehouse)).toBe(7);
    expect(onec().snapshot().movements.filter((m) => m.recorderRef === doc.Ref_Key)).toHaveLength(1);
    // A patched posted document keeps its records until it is posted again.
    await send(onec(), 'PATCH', `${p.sets.receipt}(guid'${String(doc.Ref_Key)}')`, { [p.section]: [{ LineNumber: '1', Номенклатура_Key: item, Количество: 4 }] });
    expect(await balance(item, warehouse)).toBe(7);
    await post('receipt', doc.Ref_Key);
    expect(await balance(item, warehouse)).toBe(4);
  });

  it('writes expenses for a shipment and a write-off, two records per row for a transfer, none for a count', async () => {
    const item = product();
    const [from, to] = warehouses() as [string, string];
    onec().mutate.setBalance(item, null, from, 10);
    for (const [kind, qty] of [['shipment', 2], ['writeoff', 1], ['transfer', 3], ['count', 99]] as const) {
      const doc = await create(kind, [{ product: item, qty }]);
      expect((await post(kind, doc.Ref_Key)).status, kind).toBe(200);
      const records = onec().snapshot().movements.filter((m) => m.recorderRef === doc.Ref_Key);
      if (kind === 'count') expect(records).toEqual([]);
      else if (kind === 'transfer') expect(records.map((r) => [r.lineNumber, r.warehouseRef, r.qty])).toEqual([[1, from, -3], [2, to, 3]]);
      else expect(records.map((r) => r.qty)).toEqual([-qty]);
    }
    expect(await balance(item, from)).toBe(4);
    expect(await balance(item, to)).toBe(3);
  });

  it('refuses a posting that leaves a balance below zero with 500 code -1, changing nothing', async () => {
    const item = product();
    const [warehouse] = warehouses() as [string];
    onec().mutate.setBalance(item, null, warehouse, 2);
    const doc = await create('shipment', [{ product: item, qty: 5 }]);
    const before = onec().snapshot().movements.length;
    const res = await post('shipment', doc.Ref_Key);
    expect([res.status, odataError(res).code]).toEqual([500, '-1']);
    const name = onec().snapshot().products.find((x) => x.ref === item)?.name;
    const warehouseName = onec().snapshot().warehouses[0]?.name;
    expect(odataError(res).value).toBe(
      p.id === 'ut11'
        ? `Для отгрузки товара "${name}" на складе "${warehouseName}" недостаточно остатка в наличии в количестве 3 шт.`
        : `Недостаточно свободного остатка запасов "${name}" в структурной единице "${warehouseName}": не хватает 3 шт.`,
    );
    expect(onec().document(String(doc.Ref_Key))?.posted).toBe(false);
    expect(onec().snapshot().movements.length).toBe(before);
    expect(await balance(item, warehouse)).toBe(2);
  });

  it('unposts: records gone, Posted false; refuses Post of a document marked for deletion and marking a posted one', async () => {
    const item = product();
    const [warehouse] = warehouses() as [string];
    const doc = await create('receipt', [{ product: item, qty: 3 }]);
    await post('receipt', doc.Ref_Key);
    const path = `${p.sets.receipt}(guid'${String(doc.Ref_Key)}')`;
    const mark = await send(onec(), 'PATCH', path, { DeletionMark: true });
    expect([mark.status, odataError(mark).code]).toEqual([500, '-1']);
    expect((await send(onec(), 'POST', `${path}/Unpost`)).status).toBe(200);
    expect(await balance(item, warehouse)).toBe(0);
    expect((await recordSet('receipt', doc.Ref_Key)).status).toBe(404);
    expect(onec().document(String(doc.Ref_Key))?.posted).toBe(false);
    expect((await send(onec(), 'PATCH', path, { DeletionMark: true })).status).toBe(200);
    const refused = await post('receipt', doc.Ref_Key);
    expect([refused.status, odataError(refused).code]).toEqual([500, '-1']);
    expect(onec().document(String(doc.Ref_Key))?.posted).toBe(false);
  });

  it('refuses to unpost a receipt whose goods have left, as that would leave a balance below zero', async () => {
    const item = product();
    const [warehouse] = warehouses() as [string];
    const receipt = await create('receipt', [{ product: item, qty: 4 }]);
    await post('receipt', receipt.Ref_Key);
    const shipment = await create('shipment', [{ product: item, qty: 3 }]);
    expect((await post('shipment', shipment.Ref_Key)).status).toBe(200);
    const refused = await send(onec(), 'POST', `${p.sets.receipt}(guid'${String(receipt.Ref_Key)}')/Unpost`);
    expect([refused.status, odataError(refused).code]).toEqual([500, '-1']);
    expect(odataError(refused).value).toContain('3 шт.');
    expect([onec().document(String(receipt.Ref_Key))?.posted, await balance(item, warehouse)]).toEqual([true, 1]);
  });

  it('requires Basic auth for writes', async () => {
    const count = onec().documents().length;
    const res = await fetch(`${onec().baseUrl}${p.sets.receipt}?$format=json`, { method: 'POST', headers: { Authorization: basicAuth('кто-то', 'x') }, body: '{}' });
    expect(res.status).toBe(401);
    expect(onec().documents()).toHaveLength(count);
  });

  it('creates a barcode record with 200 and refuses a taken Штрихкод with 400', async () => {
    const item = product();
    const record = { Штрихкод: `29${String(counter).padStart(11, '0')}`, Номенклатура_Key: item, Характеристика_Key: emptyGuid };
    const res = await send(onec(), 'POST', 'InformationRegister_ШтрихкодыНоменклатуры', record);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject(record);
    expect(res.json()).not.toHaveProperty('DataVersion');
    expect(onec().snapshot().barcodes).toContainEqual({ code: record.Штрихкод, productRef: item, characteristicRef: null });
    const again = await send(onec(), 'POST', 'InformationRegister_ШтрихкодыНоменклатуры', record);
    expect([again.status, odataError(again).value]).toEqual([400, 'Запись с такими значениями уже существует']);
  });
});

describe('emulator writes: $metadata, faults, client keys', () => {
  it('publishes the document sets with their tabular section and Post/Unpost, replacing the padding', async () => {
    const ut = emulators.get('ut11') as OnecEmulator;
    const metadata = (await get(ut, '$metadata')).text;
    const sets = [...metadata.matchAll(/<EntitySet Name="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(sets).size).toBe(sets.length);
    for (const set of Object.values(profiles[0]?.sets ?? {})) expect(sets).toContain(set);
    expect(metadata).toContain('Type="Collection(StandardODATA.Document_ПересчетТоваров_Товары_RowType)"');
    expect(metadata).toContain('<ComplexType Name="Document_ПриобретениеТоваровУслуг_Товары_RowType">');
    expect(metadata).toMatch(/<FunctionImport Name="Post"[^>]*>\s*<Parameter Name="bindingParameter"\s*Type="StandardODATA.Document_СписаниеНедостачТоваров"/);
    const listed = [...(await get(ut, '')).text.matchAll(/<collection href="([^"]+)"/g)].map((m) => m[1]);
    expect(listed).toEqual(sets);
    // Generated recorders are documents of the same sets: with a warehouse and rows read off their records.
    const opening = ut.snapshot().movements[0]?.recorderRef as string;
    const generated = (await get(ut, `Document_ПриобретениеТоваровУслуг(guid'${opening}')?$format=json`)).json();
    expect(generated?.Posted).toBe(true);
    expect(generated?.Склад_Key).not.toBe(emptyGuid);
    expect((generated?.Товары as unknown[]).length).toBe(ut.snapshot().movements.filter((m) => m.recorderRef === opening).length);
    expect(Object.keys((await getValue(ut, 'Document_ПриобретениеТоваровУслуг?$format=json&$top=1&$select=**'))[0] ?? {})).not.toContain('Товары');
    const rows = await getValue(ut, `Document_ПриобретениеТоваровУслуг?$format=json&$filter=Ref_Key eq guid'${opening}'&$select=Number,Товары/Количество`);
    expect(Object.keys(rows[0] ?? {})).toEqual(['Number', 'Товары']);
    expect(Object.keys((rows[0]?.Товары as Record<string, unknown>[])[0] ?? {})).toEqual(['Количество']);
    const atom = await get(ut, `Document_ПриобретениеТоваровУслуг(guid'${opening}')`);
    expect(atom.text).toContain('<d:Товары m:type="Collection(StandardODATA.Document_ПриобретениеТоваровУслуг_Товары_RowType)"><d:element');
  });

  it('commits a write whose answer is lost, and not one reset, answered 500 or truncated; failNext can wait for the next write', async () => {
    const fx = await startOnecEmulator({ profile: 'ut11', products: 20, now, slowMs: 50 });
    try {
      const doc = (comment: string) => ({ Комментарий: comment, Date: '2030-03-01T12:00:00' });
      const set = 'Document_ПриобретениеТоваровУслуг';
      fx.faults.failNext('lostresponse', 1, 'write');
      expect((await get(fx, `${set}?$format=json`)).status).toBe(200);
      await expect(send(fx, 'POST', set, doc('потерян ответ'))).rejects.toThrow();
      expect(fx.documents().map((d) => d.comment)).toEqual(['потерян ответ']);
      for (const kind of ['reset', 'truncate', '500', '503', 'html200', '401', 'slow'] as const) {
        fx.faults.failNext(kind, 1, 'write');
        const outcome = await send(fx, 'POST', set, doc(kind)).then((r) => r.status, () => 'failed');
        expect(outcome, kind).not.toBe(201);
      }
      expect(fx.documents()).toHaveLength(1);
      const ref = fx.documents()[0]?.ref as string;
      fx.faults.failNext('lostresponse', 1, 'write');
      await expect(send(fx, 'POST', `${set}(guid'${ref}')/Post?PostingModeOperational=false`)).rejects.toThrow();
      expect(fx.document(ref)?.posted).toBe(true);
      expect(fx.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([0, 0, 500, 500, 503, 200, 401, 0, 0]);
    } finally {
      await fx.close();
    }
  });

  it('gives the document a key of its own with ignoreClientKeys', async () => {
    const fx = await startOnecEmulator({ profile: 'unf', products: 10, now, ignoreClientKeys: true });
    try {
      const ref = crypto.randomUUID();
      const res = await send(fx, 'POST', 'Document_ПриходнаяНакладная', { Ref_Key: ref, Комментарий: '[prilavok:1]' });
      expect(res.status).toBe(201);
      expect(res.json().Ref_Key).not.toBe(ref);
      expect(fx.documents().map((d) => d.ref)).toEqual([res.json().Ref_Key]);
    } finally {
      await fx.close();
    }
  });

  it('refuses operational posting of a document not dated today', async () => {
    const ut = emulators.get('ut11') as OnecEmulator;
    const res = await send(ut, 'POST', 'Document_ПересчетТоваров', { Date: '2030-01-01T00:00:00' });
    const ref = String(res.json().Ref_Key);
    const operational = await send(ut, 'POST', `Document_ПересчетТоваров(guid'${ref}')/Post?PostingModeOperational=true`);
    expect([operational.status, odataError(operational).code]).toEqual([500, '-1']);
    const today = await send(ut, 'PATCH', `Document_ПересчетТоваров(guid'${ref}')`, { Date: formatDate(Math.floor(Date.now() / 1000) * 1000) });
    expect(today.status).toBe(200);
    expect((await send(ut, 'POST', `Document_ПересчетТоваров(guid'${ref}')/Post?PostingModeOperational=true`)).status).toBe(200);
    const noMode = await send(ut, 'POST', `Document_ПересчетТоваров(guid'${ref}')/Post`);
    expect([noMode.status, odataError(noMode).code]).toEqual([400, '12']);
  });
});
