// What each emulated configuration publishes: entity sets, their wire fields and keys, record
// sets, and the virtual tables bound to them. This is the emulator's OWN description of УТ 11 and
// УНФ (from onec-http.md §4 and the UNF $metadata excerpt), deliberately independent of the
// client's profiles, so a wrong guess on either side shows up as a failing test.
import {
  type EmulatorStore,
  type NomenclatureItem,
  type Recorder,
  type RecorderKind,
  type SimpleCatalogItem,
  emptyGuid,
  sliceLastPrices,
} from './emulator-data';
import { stockDocumentDefs } from './emulator-document-defs';
import { entityNotFound, ODataError, segmentNotFound } from './odata-error';
import { type CompositeValue, compileFilter, type EdmType, type FieldValue, parseFilter } from './odata-filter';

/** A published property. `composite` writes two properties: `name` (a GUID string) and `name_Type`. */
export type FieldDef<T> = {
  name: string;
  type: EdmType | 'composite';
  get(item: T): FieldValue;
  /** Reference fields: the navigation property (Parent for Parent_Key) and its target set. */
  nav?: { name: string; target: string };
};

export type SourceKind = 'catalog' | 'document' | 'register' | 'records' | 'recordSet' | 'virtual' | 'padding';

export type RowRef = { rec: Recorder; row: number };

/** One row of a document's tabular section, by wire name (Ref_Key, LineNumber, Номенклатура_Key…). */
export type TabularRow = Record<string, FieldValue>;

/** A tabular section published inline (sample 03): `name` is an array of rows of `rowType`. */
export type TabularSection<T> = { name: string; rowType: string; fields: FieldDef<TabularRow>[]; rows(item: T): TabularRow[] };

export type VirtualTable = {
  name: 'Balance' | 'SliceLast' | 'SliceFirst';
  /** Parameter names as in $metadata. */
  params: readonly string[];
  /** Result complex type name (Balance) or the record type (slices). */
  resultType: string;
  resultFields: FieldDef<Record<string, FieldValue>>[];
  /** Rows, and the fields they carry (Balance with Dimensions= carries only those dimensions). */
  run(params: ReadonlyMap<string, string>): { rows: Record<string, FieldValue>[]; fields: FieldDef<Record<string, FieldValue>>[] };
};

export type EntitySource<T> = {
  name: string;
  kind: SourceKind;
  keyFields: readonly { name: string; type: EdmType }[];
  fields: FieldDef<T>[];
  /** In 1C's default order (the clustered index): by ref for objects, by key for registers. */
  items(): readonly T[];
  /** Key values by key field name (GUIDs lower-case, dates in ms). */
  find(key: ReadonlyMap<string, FieldValue>): T | undefined;
  /** Record sets: the `RecordSet` rows of one recorder. */
  recordSet?: { rowType: string; fields: FieldDef<RowRef>[]; rows(item: T): RowRef[] };
  /** Documents: the tabular section, an array property after the header (sample 03). */
  tabular?: TabularSection<T>;
  functions: VirtualTable[];
  /** Document actions declared in $metadata (Post/Unpost). */
  hasPostActions?: boolean;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- sources of different item types live in one table
export type AnySource = EntitySource<any>;

export const refField = <T extends { ref: string }>(): FieldDef<T> => ({ name: 'Ref_Key', type: 'Edm.Guid', get: (i) => i.ref });
export const dataVersionField = <T extends { version: number }>(): FieldDef<T> => ({ name: 'DataVersion', type: 'Edm.String', get: (i) => dataVersionString(i.version) });
export const deletionField = <T extends { deletionMark: boolean }>(): FieldDef<T> => ({ name: 'DeletionMark', type: 'Edm.Boolean', get: (i) => i.deletionMark });
const predefinedFields = <T>(): FieldDef<T>[] => [
  { name: 'Predefined', type: 'Edm.Boolean', get: () => false },
  { name: 'PredefinedDataName', type: 'Edm.String', get: () => '' },
];

/** DataVersion as 1C sends it: base64 of an 8-byte big-endian counter (opaque to clients). */
export function dataVersionString(version: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(version));
  return bytes.toString('base64');
}

export const guidKey = [{ name: 'Ref_Key', type: 'Edm.Guid' }] as const;

function byRef<T extends { ref: string }>(map: () => ReadonlyMap<string, T>, accept: (item: T) => boolean = () => true) {
  return (key: ReadonlyMap<string, FieldValue>): T | undefined => {
    if (key.size !== 1) return undefined;
    const ref = key.get('Ref_Key');
    if (typeof ref !== 'string') return undefined;
    const item = map().get(ref);
    return item && accept(item) ? item : undefined;
  };
}

/** Profile-specific names: everything that differs between УТ 11 and УНФ. */
type ProfileNames = {
  warehouses: string;
  units: string;
  stockRegister: string;
  stockDims: readonly { name: string; role: 'product' | 'characteristic' | 'warehouse' | 'organization' | 'empty' }[];
  stockResources: readonly { name: string; isMain: boolean }[];
  priceTypeDim: string;
  isPriceRegisterSubordinate: boolean;
  recorderTypes: Record<RecorderKind, string>;
  weightedField: string;
  productKind: string;
  characteristicOwnerComposite: boolean;
  padding: readonly string[];
};

/** The stock documents' sets (emulator-document-defs.ts) plus the price document. */
function recorderTypes(profile: EmulatorStore['profile']): Record<RecorderKind, string> {
  const set = (kind: RecorderKind) => stockDocumentDefs(profile).find((d) => d.kind === kind)?.set ?? '';
  return { receipt: set('receipt'), shipment: set('shipment'), transfer: set('transfer'), writeoff: set('writeoff'), prices: 'Document_УстановкаЦенНоменклатуры' };
}

const profileNames: Record<EmulatorStore['profile'], ProfileNames> = {
  ut11: {
    warehouses: 'Catalog_Склады',
    units: 'Catalog_УпаковкиЕдиницыИзмерения',
    stockRegister: 'AccumulationRegister_ТоварыНаСкладах',
    stockDims: [
      { name: 'Номенклатура', role: 'product' },
      { name: 'Характеристика', role: 'characteristic' },
      { name: 'Назначение', role: 'empty' },
      { name: 'Склад', role: 'warehouse' },
      { name: 'Помещение', role: 'empty' },
      { name: 'Серия', role: 'empty' },
    ],
    stockResources: [
      { name: 'ВНаличии', isMain: true },
      { name: 'КОтгрузке', isMain: false },
    ],
    priceTypeDim: 'ВидЦены',
    isPriceRegisterSubordinate: true,
    recorderTypes: recorderTypes('ut11'),
    weightedField: 'ВесИспользовать',
    productKind: 'Товар',
    characteristicOwnerComposite: false,
    padding: ['Catalog_Партнеры', 'Catalog_Организации', 'Catalog_Валюты', 'Catalog_ВидыНоменклатуры', 'Catalog_СерииНоменклатуры', 'Document_ПересчетТоваров', 'Document_СписаниеНедостачТоваров', 'Document_ОприходованиеИзлишковТоваров'],
  },
  unf: {
    warehouses: 'Catalog_СтруктурныеЕдиницы',
    units: 'Catalog_КлассификаторЕдиницИзмерения',
    stockRegister: 'AccumulationRegister_ЗапасыНаСкладах',
    stockDims: [
      { name: 'Организация', role: 'organization' },
      { name: 'Номенклатура', role: 'product' },
      { name: 'Характеристика', role: 'characteristic' },
      { name: 'Партия', role: 'empty' },
      { name: 'СтруктурнаяЕдиница', role: 'warehouse' },
      { name: 'Ячейка', role: 'empty' },
    ],
    stockResources: [{ name: 'Количество', isMain: true }],
    priceTypeDim: 'ВидЦен',
    isPriceRegisterSubordinate: false,
    recorderTypes: recorderTypes('unf'),
    weightedField: 'Весовой',
    productKind: 'Запас',
    characteristicOwnerComposite: true,
    padding: ['Catalog_Организации', 'Catalog_Валюты', 'Catalog_ЕдиницыИзмерения', 'Catalog_КатегорииНоменклатуры', 'Document_ИнвентаризацияЗапасов', 'Document_СписаниеЗапасов', 'Document_ОприходованиеЗапасов'],
  },
};

export function profileRecorderType(store: EmulatorStore, kind: RecorderKind): string {
  return profileNames[store.profile].recorderTypes[kind];
}

/** Every published set of the store's configuration, by name. */
export function buildSources(store: EmulatorStore): Map<string, AnySource> {
  const names = profileNames[store.profile];
  const sources = new Map<string, AnySource>();
  const add = (source: AnySource) => sources.set(source.name, source);
  const catalogMap = () => store.catalogByRef;

  // --- Catalog_Номенклатура (groups and items; item-only attributes are null on groups, sample 05)
  const itemOnly = <V>(get: (i: NomenclatureItem) => V) => (i: NomenclatureItem): V | undefined => (i.isFolder ? undefined : get(i));
  add({
    name: 'Catalog_Номенклатура',
    kind: 'catalog',
    keyFields: guidKey,
    fields: [
      refField(),
      dataVersionField(),
      deletionField(),
      { name: 'Parent_Key', type: 'Edm.Guid', get: (i: NomenclatureItem) => i.parentRef ?? emptyGuid, nav: { name: 'Parent', target: 'Catalog_Номенклатура' } },
      { name: 'IsFolder', type: 'Edm.Boolean', get: (i: NomenclatureItem) => i.isFolder },
      { name: 'Code', type: 'Edm.String', get: (i: NomenclatureItem) => i.code },
      { name: 'Description', type: 'Edm.String', get: (i: NomenclatureItem) => i.name },
      { name: 'Артикул', type: 'Edm.String', get: itemOnly((i) => i.article) },
      { name: 'ЕдиницаИзмерения_Key', type: 'Edm.Guid', get: itemOnly((i) => i.unitRef || emptyGuid), nav: { name: 'ЕдиницаИзмерения', target: names.units } },
      { name: names.weightedField, type: 'Edm.Boolean', get: itemOnly((i) => i.isWeighted) },
      { name: 'ТипНоменклатуры', type: 'Edm.String', get: itemOnly(() => names.productKind) },
      { name: 'Комментарий', type: 'Edm.String', get: itemOnly(() => '') },
      ...predefinedFields<NomenclatureItem>(),
    ],
    items: () => store.nomenclature,
    find: byRef(() => store.nomenclatureByRef),
    functions: [],
  } satisfies EntitySource<NomenclatureItem>);

  // --- Warehouses
  const warehouseFields: FieldDef<SimpleCatalogItem>[] =
    store.profile === 'ut11'
      ? [
          { name: 'Parent_Key', type: 'Edm.Guid', get: () => emptyGuid, nav: { name: 'Parent', target: names.warehouses } },
          { name: 'IsFolder', type: 'Edm.Boolean', get: () => false },
          { name: 'Code', type: 'Edm.String', get: (i) => i.code },
          { name: 'Description', type: 'Edm.String', get: (i) => i.name },
          // ТипыСкладов value names are not verified (onec-http.md §4): a plausible pair.
          { name: 'ТипСклада', type: 'Edm.String', get: (i) => (i.extra === 'warehouse' ? 'ОптовыйСклад' : 'РозничныйМагазин') },
        ]
      : [
          { name: 'Code', type: 'Edm.String', get: (i) => i.code },
          { name: 'Description', type: 'Edm.String', get: (i) => i.name },
          { name: 'ТипСтруктурнойЕдиницы', type: 'Edm.String', get: (i) => (i.extra === 'warehouse' ? 'Склад' : 'Розница') },
          { name: 'Организация_Key', type: 'Edm.Guid', get: () => store.organizationRef, nav: { name: 'Организация', target: 'Catalog_Организации' } },
        ];
  add(simpleCatalog(names.warehouses, () => store.warehouses, catalogMap, warehouseFields));

  // --- Units: in УТ 11 units and packages share one catalog; in УНФ the OKEI classifier (Code = OKEI)
  const unitKinds: Record<string, string> = { '796': 'КоличествоШтук', '166': 'Вес', '112': 'Объем', '778': 'КоличествоШтук' };
  const unitFields: FieldDef<SimpleCatalogItem>[] = [
    { name: 'Code', type: 'Edm.String', get: (i) => i.code },
    { name: 'Description', type: 'Edm.String', get: (i) => i.name },
    { name: 'НаименованиеПолное', type: 'Edm.String', get: (i) => i.extra2 },
    ...(store.profile === 'ut11'
      ? [{ name: 'ТипИзмеряемойВеличины', type: 'Edm.String', get: (i: SimpleCatalogItem) => unitKinds[i.extra] ?? 'КоличествоШтук' } satisfies FieldDef<SimpleCatalogItem>]
      : [{ name: 'МеждународноеСокращение', type: 'Edm.String', get: (i: SimpleCatalogItem) => ({ '796': 'PCE', '166': 'KGM', '112': 'LTR', '778': 'NMP' })[i.extra] ?? '' } satisfies FieldDef<SimpleCatalogItem>]),
  ];
  add(simpleCatalog(names.units, () => store.units, catalogMap, unitFields));

  // --- Characteristics: owner is Owner_Key (УТ 11 here) or composite Owner + Owner_Type (УНФ)
  const ownerField: FieldDef<SimpleCatalogItem> = names.characteristicOwnerComposite
    ? { name: 'Owner', type: 'composite', get: (i) => ({ guid: i.extra, type: 'StandardODATA.Catalog_Номенклатура' }) satisfies CompositeValue }
    : { name: 'Owner_Key', type: 'Edm.Guid', get: (i) => i.extra, nav: { name: 'Owner', target: 'Catalog_Номенклатура' } };
  add(
    simpleCatalog('Catalog_ХарактеристикиНоменклатуры', () => store.characteristics, catalogMap, [
      ownerField,
      { name: 'Code', type: 'Edm.String', get: (i) => i.code },
      { name: 'Description', type: 'Edm.String', get: (i) => i.name },
    ]),
  );

  // --- Price types
  add(
    simpleCatalog('Catalog_ВидыЦен', () => store.priceTypes, catalogMap, [
      { name: 'Code', type: 'Edm.String', get: (i) => i.code },
      { name: 'Description', type: 'Edm.String', get: (i) => i.name },
      { name: 'ВалютаЦены_Key', type: 'Edm.Guid', get: () => store.currencyRef, nav: { name: 'ВалютаЦены', target: 'Catalog_Валюты' } },
      { name: 'ЦенаВключаетНДС', type: 'Edm.Boolean', get: (i) => i.extra2 === '1' },
    ]),
  );

  // --- Barcodes: an independent register keyed by Штрихкод
  let sortedBarcodes: { revision: number; rows: EmulatorStore['barcodes'] } | null = null;
  add({
    name: 'InformationRegister_ШтрихкодыНоменклатуры',
    kind: 'register',
    keyFields: [{ name: 'Штрихкод', type: 'Edm.String' }],
    fields: [
      { name: 'Штрихкод', type: 'Edm.String', get: (b) => b.code },
      { name: 'Номенклатура_Key', type: 'Edm.Guid', get: (b) => b.productRef },
      { name: 'Характеристика_Key', type: 'Edm.Guid', get: (b) => b.characteristicRef ?? emptyGuid },
      ...(store.profile === 'ut11' ? [{ name: 'Упаковка_Key', type: 'Edm.Guid', get: (b) => b.packageRef ?? emptyGuid } satisfies FieldDef<EmulatorStore['barcodes'][number]>] : []),
    ],
    items: () => {
      if (sortedBarcodes?.revision !== store.revision) {
        sortedBarcodes = { revision: store.revision, rows: [...store.barcodes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)) };
      }
      return sortedBarcodes.rows;
    },
    find: (key) => {
      const code = key.get('Штрихкод');
      return key.size === 1 && typeof code === 'string' ? store.barcodeByCode.get(code) : undefined;
    },
    functions: [],
  } satisfies EntitySource<EmulatorStore['barcodes'][number]>);

  addPriceSources(store, names, add);
  addStockSources(store, names, add);

  // --- The price document: УТ 11 serves its headers (see docs), УНФ only pads the name. The stock
  // documents are emulator-documents.ts.
  const pricesDocument = names.recorderTypes.prices;
  if (!names.isPriceRegisterSubordinate) add(padding(pricesDocument, 'document'));
  else {
    add({
      name: pricesDocument,
      kind: 'document',
      keyFields: guidKey,
      fields: [
        refField(),
        dataVersionField(),
        { name: 'DeletionMark', type: 'Edm.Boolean', get: () => false },
        { name: 'Number', type: 'Edm.String', get: (r: Recorder) => r.number },
        { name: 'Date', type: 'Edm.DateTime', get: (r: Recorder) => r.date },
        { name: 'Posted', type: 'Edm.Boolean', get: () => true },
        { name: 'Комментарий', type: 'Edm.String', get: () => '' },
      ],
      items: () => store.priceRecorders,
      find: (key) => {
        const ref = key.get('Ref_Key');
        const found = typeof ref === 'string' && key.size === 1 ? store.recorderByRef.get(ref) : undefined;
        return found && found.recorder.kind === 'prices' ? found.recorder : undefined;
      },
      functions: [],
      hasPostActions: true,
    } satisfies EntitySource<Recorder>);
  }
  // Padding with the name of a stock document set would shadow it: the real set replaces it.
  const documentSets = new Set(stockDocumentDefs(store.profile).map((d) => d.set));
  for (const name of names.padding) {
    if (documentSets.has(name)) continue;
    if (name === 'Catalog_Организации') add(fixedCatalog(name, store.organizationRef, 'ООО «Прилавок»'));
    else if (name === 'Catalog_Валюты') add(fixedCatalog(name, store.currencyRef, 'руб.'));
    else add(padding(name, name.startsWith('Document_') ? 'document' : 'catalog'));
  }
  return sources;
}

function simpleCatalog(name: string, list: () => readonly SimpleCatalogItem[], map: () => ReadonlyMap<string, SimpleCatalogItem>, fields: FieldDef<SimpleCatalogItem>[]): EntitySource<SimpleCatalogItem> {
  return {
    name,
    kind: 'catalog',
    keyFields: guidKey,
    fields: [refField(), dataVersionField(), deletionField(), ...fields, ...predefinedFields<SimpleCatalogItem>()],
    items: list,
    find: byRef(map, (item) => list().includes(item)),
    functions: [],
  };
}

type FixedItem = { ref: string; name: string; version: number; deletionMark: boolean };

function fixedCatalog(name: string, ref: string, description: string): EntitySource<FixedItem> {
  const items: FixedItem[] = [{ ref, name: description, version: 1, deletionMark: false }];
  return {
    name,
    kind: 'catalog',
    keyFields: guidKey,
    fields: [refField(), dataVersionField(), deletionField(), { name: 'Code', type: 'Edm.String', get: () => '000000001' }, { name: 'Description', type: 'Edm.String', get: (i) => i.name }, ...predefinedFields<FixedItem>()],
    items: () => items,
    find: (key) => (key.size === 1 && key.get('Ref_Key') === ref ? items[0] : undefined),
    functions: [],
  };
}

/** A published object the emulator has no data for: plausible fields, always empty. */
function padding(name: string, kind: 'catalog' | 'document'): EntitySource<FixedItem> {
  const nameFields: FieldDef<FixedItem>[] =
    kind === 'catalog'
      ? [{ name: 'Code', type: 'Edm.String', get: () => '' }, { name: 'Description', type: 'Edm.String', get: (i) => i.name }]
      : [{ name: 'Number', type: 'Edm.String', get: () => '' }, { name: 'Date', type: 'Edm.DateTime', get: () => null }, { name: 'Posted', type: 'Edm.Boolean', get: () => false }];
  return {
    name,
    kind: 'padding',
    keyFields: guidKey,
    fields: [refField(), dataVersionField(), deletionField(), ...nameFields, { name: 'Комментарий', type: 'Edm.String', get: () => '' }],
    items: () => [],
    find: () => undefined,
    functions: [],
    hasPostActions: kind === 'document',
  };
}

function parseFunctionDate(params: ReadonlyMap<string, string>, name: string): number | null {
  const raw = params.get(name);
  if (raw === undefined || raw === '') return null;
  const m = /^datetime'([^']*)'$/.exec(raw.trim());
  const node = m ? parseFilter(`X eq datetime'${m[1]}'`, name) : null;
  if (!node || node.kind !== 'compare' || node.right.kind !== 'literal' || node.right.literal.kind !== 'datetime') {
    throw new ODataError(400, '14', `Ошибка при разборе параметра ${name}`);
  }
  return node.right.literal.value;
}

type Row = Record<string, FieldValue>;
const rowField = (name: string, type: EdmType): FieldDef<Row> => ({ name, type, get: (r) => r[name] });

function addPriceSources(store: EmulatorStore, names: ProfileNames, add: (s: AnySource) => void): void {
  const p = store.prices;
  const recorderOf = (i: number): Recorder => store.priceRecorders[p.recorder[i] as number] as Recorder;
  const unitOf = (product: string) => store.nomenclatureByRef.get(product)?.unitRef || emptyGuid;
  // Record fields by row index, in $metadata order.
  const dims: FieldDef<number>[] = names.isPriceRegisterSubordinate
    ? [
        { name: 'Номенклатура_Key', type: 'Edm.Guid', get: (i) => p.product[i] },
        { name: 'Характеристика_Key', type: 'Edm.Guid', get: (i) => p.characteristic[i] ?? emptyGuid },
        { name: `${names.priceTypeDim}_Key`, type: 'Edm.Guid', get: (i) => p.priceType[i] },
        { name: 'Цена', type: 'Edm.Double', get: (i) => p.price[i] },
        { name: 'Упаковка_Key', type: 'Edm.Guid', get: () => emptyGuid },
        { name: 'Валюта_Key', type: 'Edm.Guid', get: () => store.currencyRef },
      ]
    : [
        { name: `${names.priceTypeDim}_Key`, type: 'Edm.Guid', get: (i) => p.priceType[i] },
        { name: 'Номенклатура_Key', type: 'Edm.Guid', get: (i) => p.product[i] },
        { name: 'Характеристика_Key', type: 'Edm.Guid', get: (i) => p.characteristic[i] ?? emptyGuid },
        { name: 'Цена', type: 'Edm.Double', get: (i) => p.price[i] },
        { name: 'Актуальность', type: 'Edm.Boolean', get: () => true },
        { name: 'ЕдиницаИзмерения_Key', type: 'Edm.Guid', get: (i) => unitOf(p.product[i] as string) },
        { name: 'ВалютаЦены_Key', type: 'Edm.Guid', get: () => store.currencyRef },
      ];
  const recordFields: FieldDef<number>[] = names.isPriceRegisterSubordinate
    ? [
        { name: 'Recorder_Key', type: 'Edm.Guid', get: (i) => recorderOf(i).ref },
        { name: 'Period', type: 'Edm.DateTime', get: (i) => p.period[i] },
        { name: 'LineNumber', type: 'Edm.Int64', get: (i) => p.line[i] },
        { name: 'Active', type: 'Edm.Boolean', get: () => true },
        ...dims,
      ]
    : [{ name: 'Period', type: 'Edm.DateTime', get: (i) => p.period[i] }, ...dims];

  const registerName = 'InformationRegister_ЦеныНоменклатуры';
  const slice = (isFirst: boolean): VirtualTable => ({
    name: isFirst ? 'SliceFirst' : 'SliceLast',
    params: ['Condition', 'Period'],
    resultType: names.isPriceRegisterSubordinate ? `${registerName}_RecordType` : registerName,
    resultFields: recordFields.map((f) => rowField(f.name, f.type as EdmType)),
    run: (params) => {
      const period = parseFunctionDate(params, 'Period');
      const condition = conditionPredicate(params, recordFields);
      const rows = sliceLastPrices(store, period, isFirst)
        .filter((i) => condition(i))
        .map((i) => Object.fromEntries(recordFields.map((f) => [f.name, f.get(i)])));
      return { rows, fields: recordFields.map((f) => rowField(f.name, f.type as EdmType)) };
    },
  });
  const allRows = () => Array.from({ length: p.product.length }, (_, i) => i);
  let cachedAll: { revision: number; rows: number[] } | null = null;
  const allRowsCached = () => {
    if (cachedAll?.revision !== store.revision) cachedAll = { revision: store.revision, rows: allRows() };
    return cachedAll.rows;
  };

  if (names.isPriceRegisterSubordinate) {
    // Record sets keyed by the recorder; a single recorder type, so the key is Recorder_Key (§1.5).
    add(recordSetSource(store, registerName, () => store.priceRecorders, [{ name: 'Recorder_Key', type: 'Edm.Guid', get: (r) => r.ref }], recordFields, 'prices', []));
    add({
      name: `${registerName}_RecordType`,
      kind: 'records',
      keyFields: [
        { name: 'Recorder_Key', type: 'Edm.Guid' },
        { name: 'LineNumber', type: 'Edm.Int64' },
      ],
      fields: recordFields,
      items: allRowsCached,
      find: (key) => findRecord(store, 'prices', key.get('Recorder_Key'), key.get('LineNumber'), key.size),
      functions: [slice(false), slice(true)],
    } satisfies EntitySource<number>);
  } else {
    add({
      name: registerName,
      kind: 'register',
      keyFields: [
        { name: 'Period', type: 'Edm.DateTime' },
        { name: `${names.priceTypeDim}_Key`, type: 'Edm.Guid' },
        { name: 'Номенклатура_Key', type: 'Edm.Guid' },
        { name: 'Характеристика_Key', type: 'Edm.Guid' },
      ],
      fields: recordFields,
      items: allRowsCached,
      find: (key) => {
        if (key.size !== 4) return undefined;
        for (let i = 0; i < p.product.length; i += 1) {
          if (
            p.period[i] === key.get('Period') &&
            p.priceType[i] === key.get(`${names.priceTypeDim}_Key`) &&
            p.product[i] === key.get('Номенклатура_Key') &&
            (p.characteristic[i] ?? emptyGuid) === key.get('Характеристика_Key')
          ) {
            return i;
          }
        }
        return undefined;
      },
      functions: [slice(false), slice(true)],
    } satisfies EntitySource<number>);
  }
}

function findRecord(store: EmulatorStore, table: 'stock' | 'prices', recorderKey: FieldValue, line: FieldValue, size: number): number | undefined {
  const recorderRef = typeof recorderKey === 'object' && recorderKey !== null ? recorderKey.guid : recorderKey;
  if (typeof recorderRef !== 'string' || typeof line !== 'number') return undefined;
  const found = store.recorderByRef.get(recorderRef);
  if (!found || found.table !== table || size < 2 || line < 1 || line > found.recorder.count) return undefined;
  return found.recorder.start + line - 1;
}

function conditionPredicate<T>(params: ReadonlyMap<string, string>, fields: readonly FieldDef<T>[]): (item: T) => boolean {
  const condition = params.get('Condition');
  if (condition === undefined || condition.trim() === '') return () => true;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const node = parseFilter(condition, 'Condition');
  return compileFilter<T>(node, (path) => {
    const f = byName.get(path);
    return f && f.type !== 'composite' ? { type: f.type, get: f.get } : f ? { type: 'composite', get: f.get } : undefined;
  }, 'Condition');
}

function recordSetSource(
  store: EmulatorStore,
  name: string,
  recorders: () => readonly Recorder[],
  keyFields: FieldDef<Recorder>[],
  rowFields: FieldDef<number>[],
  table: 'stock' | 'prices',
  functions: VirtualTable[],
): EntitySource<Recorder> {
  const rowRefFields: FieldDef<RowRef>[] = rowFields.map((f) => ({ ...f, get: (r: RowRef) => f.get(r.row) }));
  // A set lists the recorders that have records: an unposted document (count 0) has no record set.
  let withRecords: { revision: number; rows: readonly Recorder[] } | null = null;
  return {
    name,
    kind: 'recordSet',
    keyFields: keyFields.map((f) => ({ name: f.name, type: f.type === 'composite' ? 'Edm.String' : f.type })),
    fields: keyFields,
    items: () => {
      if (withRecords?.revision !== store.revision) withRecords = { revision: store.revision, rows: recorders().filter((r) => r.count > 0) };
      return withRecords.rows;
    },
    find: (key) => {
      const first = keyFields[0];
      if (!first || key.size !== keyFields.length) return undefined;
      const value = key.get(first.name);
      const found = typeof value === 'string' ? store.recorderByRef.get(value) : undefined;
      if (!found || found.table !== table || found.recorder.count === 0) return undefined;
      if (keyFields.length === 2) {
        const expectedType = keyFields[1]?.get(found.recorder);
        if (key.get('Recorder_Type') !== expectedType) return undefined;
      }
      return found.recorder;
    },
    recordSet: {
      rowType: `${name}_RowType`,
      fields: rowRefFields,
      rows: (rec) => Array.from({ length: rec.count }, (_, i) => ({ rec, row: rec.start + i })),
    },
    functions,
  };
}

function addStockSources(store: EmulatorStore, names: ProfileNames, add: (s: AnySource) => void): void {
  const m = store.movements;
  const recorderOf = (i: number): Recorder => store.stockRecorders[m.recorder[i] as number] as Recorder;
  const typeOf = (r: Recorder) => `StandardODATA.${names.recorderTypes[r.kind]}`;
  const dimValue = (role: ProfileNames['stockDims'][number]['role'], i: number): string => {
    switch (role) {
      case 'product':
        return m.product[i] as string;
      case 'characteristic':
        return m.characteristic[i] ?? emptyGuid;
      case 'warehouse':
        return m.warehouse[i] as string;
      case 'organization':
        return store.organizationRef;
      case 'empty':
        return emptyGuid;
    }
  };
  const dimFields: FieldDef<number>[] = names.stockDims.map((d) => ({ name: `${d.name}_Key`, type: 'Edm.Guid', get: (i: number) => dimValue(d.role, i) }));
  const resourceFields: FieldDef<number>[] = names.stockResources.map((r) => ({
    name: r.name,
    type: 'Edm.Double',
    // Records carry positive quantities; the sign is in RecordType.
    get: (i: number) => (r.isMain ? Math.abs(m.qty[i] as number) : 0),
  }));
  // Several recorder types post to this register, so its key is Recorder + Recorder_Type (§1.5, sample 08).
  const recordFields: FieldDef<number>[] = [
    { name: 'Recorder', type: 'Edm.String', get: (i) => recorderOf(i).ref },
    { name: 'Recorder_Type', type: 'Edm.String', get: (i) => typeOf(recorderOf(i)) },
    { name: 'Period', type: 'Edm.DateTime', get: (i) => m.period[i] },
    { name: 'LineNumber', type: 'Edm.Int64', get: (i) => m.line[i] },
    { name: 'Active', type: 'Edm.Boolean', get: () => true },
    { name: 'RecordType', type: 'Edm.String', get: (i) => ((m.qty[i] as number) < 0 ? 'Expense' : 'Receipt') },
    ...dimFields,
    ...resourceFields,
  ];

  const balance: VirtualTable = {
    name: 'Balance',
    params: ['Condition', 'Dimensions', 'Period'],
    resultType: `${names.stockRegister}_Balance`,
    resultFields: [...dimFields.map((f) => rowField(f.name, 'Edm.Guid')), ...names.stockResources.map((r) => rowField(`${r.name}Balance`, 'Edm.Double'))],
    run: (params) => {
      const period = parseFunctionDate(params, 'Period');
      const dimensionsParam = params.get('Dimensions');
      let dims = names.stockDims;
      if (dimensionsParam !== undefined && dimensionsParam.trim() !== '') {
        const wanted = dimensionsParam.split(',').map((s) => s.trim());
        for (const w of wanted) if (!names.stockDims.some((d) => d.name === w)) throw segmentNotFound(w);
        dims = names.stockDims.filter((d) => wanted.includes(d.name));
      }
      const condition = conditionPredicate(params, dimFields);
      // Grouping keys are short strings of interned ref numbers: joining GUID strings per record made
      // a 600,000-record Balance allocate ~100 MB of keys.
      const ids = new Map<string, number>();
      const idOf = (ref: string): number => {
        let id = ids.get(ref);
        if (id === undefined) ids.set(ref, (id = ids.size));
        return id;
      };
      const groups = new Map<string, { row: number; qty: number }>();
      const isVariable = dims.filter((d) => d.role !== 'empty' && d.role !== 'organization');
      for (let i = 0; i < m.product.length; i += 1) {
        if (period !== null && (m.period[i] as number) >= period) continue;
        if (!condition(i)) continue;
        let key = '';
        for (const d of isVariable) key += `${idOf(dimValue(d.role, i))},`;
        const g = groups.get(key);
        if (g) g.qty += m.qty[i] as number;
        else groups.set(key, { row: i, qty: m.qty[i] as number });
      }
      const rows: Row[] = [];
      for (const g of groups.values()) {
        const qty = Math.round(g.qty * 1000) / 1000;
        // A virtual table has no row whose resources are all zero.
        if (qty === 0) continue;
        const row: Row = {};
        for (const d of dims) row[`${d.name}_Key`] = dimValue(d.role, g.row);
        for (const r of names.stockResources) row[`${r.name}Balance`] = r.isMain ? qty : 0;
        rows.push(row);
      }
      const fields = [...dims.map((d) => rowField(`${d.name}_Key`, 'Edm.Guid')), ...names.stockResources.map((r) => rowField(`${r.name}Balance`, 'Edm.Double'))];
      return { rows, fields };
    },
  };

  add(
    recordSetSource(
      store,
      names.stockRegister,
      () => store.stockRecorders,
      [
        { name: 'Recorder', type: 'Edm.String', get: (r) => r.ref },
        { name: 'Recorder_Type', type: 'Edm.String', get: (r) => typeOf(r) },
      ],
      recordFields,
      'stock',
      [balance],
    ),
  );
  let cachedAll: { revision: number; rows: number[] } | null = null;
  add({
    name: `${names.stockRegister}_RecordType`,
    kind: 'records',
    keyFields: [
      { name: 'Recorder', type: 'Edm.String' },
      { name: 'LineNumber', type: 'Edm.Int64' },
      { name: 'Recorder_Type', type: 'Edm.String' },
    ],
    fields: recordFields,
    items: () => {
      if (cachedAll?.revision !== store.revision) cachedAll = { revision: store.revision, rows: Array.from({ length: m.product.length }, (_, i) => i) };
      return cachedAll.rows;
    },
    find: (key) => {
      const i = findRecord(store, 'stock', key.get('Recorder'), key.get('LineNumber'), key.size);
      return i !== undefined && key.size === 3 && key.get('Recorder_Type') === typeOf(recorderOf(i)) ? i : undefined;
    },
    functions: [],
  } satisfies EntitySource<number>);
}

/** Resolves a set name or fails like 1C: 404 code 8. */
export function requireSource(sources: ReadonlyMap<string, AnySource>, name: string): AnySource {
  const source = sources.get(name);
  if (!source) throw entityNotFound(name);
  return source;
}
