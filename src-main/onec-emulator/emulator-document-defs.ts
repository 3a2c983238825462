// The stock documents each emulated configuration publishes, with their real 1C names: the set,
// the header attributes in wire form (and which role each plays), the tabular section and its row
// attributes, and the stock effect of posting. The emulator's own guess, like emulator-sets.ts,
// independent of the client's profiles.
import { type EmulatorProfileId, type StockDocumentKind } from './emulator-data';

/** What a header attribute means to the emulator; the wire names differ between УТ and УНФ. */
export type HeaderRole = 'organization' | 'counterparty' | 'warehouse' | 'warehouseTo' | 'comment';

export type HeaderDef = {
  name: string;
  role: HeaderRole;
  /** Reference attributes: the navigation property and the catalog it points to. */
  nav?: { name: string; target: string };
};

/** Row attributes besides LineNumber, Номенклатура_Key and Характеристика_Key. */
export type RowNumberField = 'Количество' | 'КоличествоУчет' | 'Цена' | 'Сумма';

export type StockDocumentDef = {
  kind: StockDocumentKind;
  set: string;
  /** The tabular section's name: Товары (УТ) or Запасы (УНФ). */
  section: string;
  header: readonly HeaderDef[];
  rowNumbers: readonly RowNumberField[];
  /** Sign of the stock effect at `warehouse` when posted (a transfer adds +1 at `warehouseTo`); 0: no records. */
  sign: -1 | 0 | 1;
};

const organization = (): HeaderDef => ({ name: 'Организация_Key', role: 'organization', nav: { name: 'Организация', target: 'Catalog_Организации' } });
const counterparty = (): HeaderDef => ({ name: 'Контрагент_Key', role: 'counterparty', nav: { name: 'Контрагент', target: 'Catalog_Контрагенты' } });
const ref = (name: string, role: HeaderRole, target: string): HeaderDef => ({ name: `${name}_Key`, role, nav: { name, target } });
const comment: HeaderDef = { name: 'Комментарий', role: 'comment' };
const priced: readonly RowNumberField[] = ['Количество', 'Цена', 'Сумма'];

const ut11: readonly StockDocumentDef[] = [
  {
    kind: 'receipt',
    set: 'Document_ПриобретениеТоваровУслуг',
    section: 'Товары',
    header: [organization(), counterparty(), ref('Склад', 'warehouse', 'Catalog_Склады'), comment],
    rowNumbers: priced,
    sign: 1,
  },
  {
    kind: 'shipment',
    set: 'Document_РеализацияТоваровУслуг',
    section: 'Товары',
    header: [organization(), counterparty(), ref('Склад', 'warehouse', 'Catalog_Склады'), comment],
    rowNumbers: priced,
    sign: -1,
  },
  {
    kind: 'transfer',
    set: 'Document_ПеремещениеТоваров',
    section: 'Товары',
    header: [ref('СкладОтправитель', 'warehouse', 'Catalog_Склады'), ref('СкладПолучатель', 'warehouseTo', 'Catalog_Склады'), organization(), comment],
    rowNumbers: ['Количество'],
    sign: -1,
  },
  {
    kind: 'writeoff',
    set: 'Document_СписаниеНедостачТоваров',
    section: 'Товары',
    header: [organization(), ref('Склад', 'warehouse', 'Catalog_Склады'), comment],
    rowNumbers: priced,
    sign: -1,
  },
  {
    // In УТ a count (ПересчетТоваров) records nothing in ТоварыНаСкладах.
    kind: 'count',
    set: 'Document_ПересчетТоваров',
    section: 'Товары',
    header: [ref('Склад', 'warehouse', 'Catalog_Склады'), comment],
    rowNumbers: ['Количество', 'КоличествоУчет', 'Цена', 'Сумма'],
    sign: 0,
  },
  {
    // An order records nothing in ТоварыНаСкладах (the receipt that follows does).
    kind: 'supplier_order',
    set: 'Document_ЗаказПоставщику',
    section: 'Товары',
    header: [organization(), counterparty(), ref('Склад', 'warehouse', 'Catalog_Склады'), comment],
    rowNumbers: priced,
    sign: 0,
  },
];

const unitOf = 'Catalog_СтруктурныеЕдиницы';
const unf: readonly StockDocumentDef[] = [
  {
    kind: 'receipt',
    set: 'Document_ПриходнаяНакладная',
    section: 'Запасы',
    header: [organization(), counterparty(), ref('СтруктурнаяЕдиница', 'warehouse', unitOf), comment],
    rowNumbers: priced,
    sign: 1,
  },
  {
    kind: 'shipment',
    set: 'Document_РасходнаяНакладная',
    section: 'Запасы',
    header: [organization(), counterparty(), ref('СтруктурнаяЕдиница', 'warehouse', unitOf), comment],
    rowNumbers: priced,
    sign: -1,
  },
  {
    kind: 'transfer',
    set: 'Document_ПеремещениеЗапасов',
    section: 'Запасы',
    header: [organization(), ref('СтруктурнаяЕдиница', 'warehouse', unitOf), ref('СтруктурнаяЕдиницаПолучатель', 'warehouseTo', unitOf), comment],
    rowNumbers: ['Количество'],
    sign: -1,
  },
  {
    kind: 'writeoff',
    set: 'Document_СписаниеЗапасов',
    section: 'Запасы',
    header: [organization(), ref('СтруктурнаяЕдиница', 'warehouse', unitOf), comment],
    rowNumbers: priced,
    sign: -1,
  },
  {
    kind: 'count',
    set: 'Document_ИнвентаризацияЗапасов',
    section: 'Запасы',
    header: [organization(), ref('СтруктурнаяЕдиница', 'warehouse', unitOf), comment],
    rowNumbers: ['Количество', 'КоличествоУчет', 'Цена', 'Сумма'],
    sign: 0,
  },
  {
    kind: 'supplier_order',
    set: 'Document_ЗаказПоставщику',
    section: 'Запасы',
    header: [organization(), counterparty(), ref('СтруктурнаяЕдиницаРезерв', 'warehouse', unitOf), comment],
    rowNumbers: priced,
    sign: 0,
  },
];

const defs: Record<EmulatorProfileId, readonly StockDocumentDef[]> = { ut11, unf };

export function stockDocumentDefs(profile: EmulatorProfileId): readonly StockDocumentDef[] {
  return defs[profile];
}

export function stockDocumentDef(profile: EmulatorProfileId, kind: StockDocumentKind): StockDocumentDef {
  const def = defs[profile].find((d) => d.kind === kind);
  if (!def) throw new RangeError(`Нет документа вида ${kind} в профиле ${profile}`);
  return def;
}
