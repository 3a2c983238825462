// Counterparties (Catalog_Контрагенты) of the emulated infobase: their data, the published set with the
// contact-information tabular section, generation and the view tests compare against. Names are the
// emulator's OWN reading of УТ 11.5 and УНФ (Catalogs/Контрагенты of both sources, onec-http.md §4),
// independent of the client's profiles, so a wrong guess on either side shows up as a failing test.
import { type SeededRandom } from '../core/demo/seeded-random';
import { compareRefs, emptyGuid, type EmulatorProfileId, type EmulatorStore, refSortKey } from './emulator-data';
import { type AnySource, dataVersionField, dataVersionString, deletionField, type EntitySource, type FieldDef, guidKey, refField, type TabularRow } from './emulator-sets';

export const counterpartySet = 'Catalog_Контрагенты';
export const contactSection = 'КонтактнаяИнформация';

/** One row of КонтактнаяИнформация. `phone` / `email` are the derived НомерТелефона / АдресЭП 1C keeps beside the presentation. */
export type ContactRow = { type: string; kindRef: string; presentation: string; fieldValues: string; email: string; phone: string };

export type Counterparty = {
  ref: string;
  isFolder: boolean;
  parentRef: string | null;
  /** УНФ numbers counterparties; УТ 11.5 publishes no Code (P8). */
  code: string;
  name: string;
  fullName: string;
  /** The enum value name of the legal-form attribute ('' = empty). */
  legalForm: string;
  inn: string;
  kpp: string;
  comment: string;
  contacts: ContactRow[];
  predefinedName: string;
  deletionMark: boolean;
  version: number;
};

/** What differs between the two configurations for this catalog. */
export type CounterpartyNames = {
  legalFormField: string;
  /** Enum values in the configuration's order; the first is the attribute's fill value. */
  legalForms: { company: string; person: string; entrepreneur: string; others: readonly string[] };
  commentField: string;
  hasCode: boolean;
};

export const counterpartyNames: Record<EmulatorProfileId, CounterpartyNames> = {
  ut11: {
    legalFormField: 'ЮрФизЛицо',
    legalForms: { company: 'ЮрЛицо', person: 'ФизЛицо', entrepreneur: 'ИндивидуальныйПредприниматель', others: ['ЮрЛицоНеРезидент'] },
    commentField: 'ДополнительнаяИнформация',
    hasCode: false,
  },
  unf: {
    legalFormField: 'ВидКонтрагента',
    legalForms: { company: 'ЮридическоеЛицо', person: 'ФизическоеЛицо', entrepreneur: 'ИндивидуальныйПредприниматель', others: ['ГосударственныйОрган'] },
    commentField: 'Комментарий',
    hasCode: true,
  },
};

export function legalFormValues(names: CounterpartyNames): string[] {
  const f = names.legalForms;
  return [f.company, f.entrepreneur, f.person, ...f.others];
}

/** Enum ТипыКонтактнойИнформации (BSP). */
export const contactTypes = ['Адрес', 'Телефон', 'АдресЭлектроннойПочты', 'ВебСтраница', 'Факс', 'Другое', 'Skype'] as const;

/** Attribute lengths of Контрагенты (УТ 11.5 Контрагенты.mdo); 1C cuts longer strings silently (P8 §4). */
export const counterpartyLengths = { Description: 100, НаименованиеПолное: 250, ИНН: 12, КПП: 9, Code: 9, Представление: 500, АдресЭП: 100, НомерТелефона: 20 } as const;

/** Refs of the predefined contact-information kinds (ТелефонКонтрагента, EmailКонтрагента, ФактАдресКонтрагента); fixed per infobase. */
export type ContactKinds = { phone: string; email: string; address: string };

export function phoneRow(kinds: ContactKinds, presentation: string): ContactRow {
  return { type: 'Телефон', kindRef: kinds.phone, presentation, fieldValues: '', email: '', phone: presentation.replace(/\D/g, '') };
}

export function emailRow(kinds: ContactKinds, presentation: string): ContactRow {
  return { type: 'АдресЭлектроннойПочты', kindRef: kinds.email, presentation, fieldValues: '', email: presentation, phone: '' };
}

// ---------------------------------------------------------------------------------------------
// Generation: a small, realistic customer base (groups, companies with ИНН/КПП, ИП, private persons,
// a few Kazakh partners, the predefined retail buyer, one marked for deletion).

type Seed = { name: string; full?: string; form: 'company' | 'person' | 'entrepreneur'; country?: 'KZ'; region?: string; phone?: boolean; email?: string; noInn?: boolean; group: 'buyers' | 'suppliers' };

const seeds: readonly Seed[] = [
  { name: 'Ромашка ООО', full: 'Общество с ограниченной ответственностью «Ромашка»', form: 'company', region: '77', phone: true, email: 'info@romashka-shop.ru', group: 'buyers' },
  { name: 'Вектор ООО', full: 'ООО «Вектор»', form: 'company', region: '78', phone: true, group: 'buyers' },
  { name: 'Северный ветер АО', full: 'Акционерное общество «Северный ветер»', form: 'company', region: '29', email: 'zakaz@sev-veter.ru', group: 'buyers' },
  { name: 'ТД Лидер ООО', full: 'ООО «Торговый дом Лидер»', form: 'company', region: '50', phone: true, email: 'opt@td-lider.ru', group: 'buyers' },
  { name: 'Стройматериалы Плюс ООО', form: 'company', region: '66', phone: true, group: 'buyers' },
  { name: 'Кофейня на Арбате ООО', form: 'company', region: '77', email: 'arbat@coffee-house.ru', group: 'buyers' },
  { name: 'Пекарня Колосок ООО', form: 'company', region: '16', phone: true, email: 'kolosok@bk.ru', group: 'buyers' },
  { name: 'Белые ночи ООО', form: 'company', region: '78', group: 'buyers' },
  { name: 'Детский сад № 12 МБДОУ', full: 'Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 12»', form: 'company', region: '54', phone: true, group: 'buyers' },
  { name: 'Молочный двор АО', form: 'company', region: '36', phone: true, email: 'sales@mol-dvor.ru', group: 'suppliers' },
  { name: 'Хлебозавод № 3 АО', form: 'company', region: '77', phone: true, group: 'suppliers' },
  { name: 'Фермер и К ООО', form: 'company', region: '23', email: 'fermer-k@yandex.ru', group: 'suppliers' },
  { name: 'ИП Иванов Сергей Петрович', form: 'entrepreneur', region: '77', phone: true, email: 'ivanov.sp@mail.ru', group: 'suppliers' },
  { name: 'ИП Смирнова Ольга Николаевна', form: 'entrepreneur', region: '50', phone: true, group: 'buyers' },
  { name: 'ИП Козлов Артём Олегович', form: 'entrepreneur', region: '61', email: 'kozlov.ao@gmail.com', group: 'buyers' },
  { name: 'Петров Алексей Владимирович', form: 'person', region: '77', phone: true, group: 'buyers' },
  { name: 'Кузнецова Мария Игоревна', form: 'person', region: '78', phone: true, email: 'maria.kuznetsova@yandex.ru', group: 'buyers' },
  { name: 'Соколов Дмитрий Андреевич', form: 'person', noInn: true, phone: true, group: 'buyers' },
  { name: 'Попова Анна Сергеевна', form: 'person', noInn: true, email: 'anna.popova@list.ru', group: 'buyers' },
  { name: 'Лебедев Игорь Викторович', form: 'person', region: '52', phone: true, email: 'lebedev-iv@rambler.ru', group: 'buyers' },
  { name: 'Морозова Екатерина Павловна', form: 'person', noInn: true, group: 'buyers' },
  { name: 'Алматы Трейд ТОО', full: 'Товарищество с ограниченной ответственностью «Алматы Трейд»', form: 'company', country: 'KZ', phone: true, email: 'office@almaty-trade.kz', group: 'buyers' },
  { name: 'Астана Маркет ТОО', form: 'company', country: 'KZ', phone: true, group: 'buyers' },
  { name: 'ИП Ахметов Ерлан Серикович', form: 'entrepreneur', country: 'KZ', phone: true, group: 'suppliers' },
];

function checkDigitRu(digits: readonly number[], weights: readonly number[]): number {
  return (weights.reduce((sum, w, i) => sum + w * (digits[i] ?? 0), 0) % 11) % 10;
}

/** A 10-digit ИНН of an organisation in `region` with a correct check digit (ФНС algorithm). */
function companyInn(random: SeededRandom, region: string): string {
  const digits = [...`${region}${String(random.int(100)).padStart(2, '0')}${String(random.int(100_000)).padStart(5, '0')}`].map(Number);
  digits.push(checkDigitRu(digits, [2, 4, 10, 3, 5, 9, 4, 6, 8]));
  return digits.join('');
}

/** A 12-digit ИНН of a person. */
function personInn(random: SeededRandom, region: string): string {
  const digits = [...`${region}${String(random.int(100)).padStart(2, '0')}${String(random.int(1_000_000)).padStart(6, '0')}`].map(Number);
  digits.push(checkDigitRu(digits, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]));
  digits.push(checkDigitRu(digits, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]));
  return digits.join('');
}

/** A Kazakh БИН (organisations: YYMM + 4 + 0 + serial) or ИИН whose check digit exists (retries when it cannot). */
function kazakhId(random: SeededRandom, isCompany: boolean): string {
  for (;;) {
    const head = isCompany
      ? `${String(random.between(95, 99))}${String(random.between(1, 12)).padStart(2, '0')}40${String(random.int(100_000)).padStart(5, '0')}`
      : `${String(random.between(70, 99))}${String(random.between(1, 12)).padStart(2, '0')}${String(random.between(1, 28)).padStart(2, '0')}3${String(random.int(10_000)).padStart(4, '0')}`;
    const d = [...head].map(Number);
    let check = d.reduce((sum, v, i) => sum + v * (i + 1), 0) % 11;
    if (check === 10) check = d.reduce((sum, v, i) => sum + v * ([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2][i] ?? 0), 0) % 11;
    if (check !== 10) return `${head}${check}`;
  }
}

function mobile(random: SeededRandom, country: 'RU' | 'KZ'): string {
  const code = country === 'KZ' ? random.pick(['701', '705', '707', '747', '777']) : random.pick(['903', '905', '916', '921', '926', '977', '999']);
  const n = String(random.int(10_000_000)).padStart(7, '0');
  return `+7 (${code}) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`;
}

/**
 * Adds the generated counterparties to the store, after the rest of the infobase exists and with a
 * random of their own, so the products, documents and refs generated before stay what they were.
 */
export function generateCounterparties(store: EmulatorStore, random: SeededRandom): void {
  const names = counterpartyNames[store.profile];
  const forms = names.legalForms;
  store.contactKinds = { phone: store.newRef(), email: store.newRef(), address: store.newRef() };
  const kinds = store.contactKinds;
  const add = (item: Omit<Counterparty, 'ref' | 'version' | 'code'>): Counterparty => {
    const counterparty: Counterparty = { ...item, ref: store.newRef(), code: names.hasCode ? nextCounterpartyCode(store) : '', version: store.nextVersion() };
    insertCounterparty(store, counterparty);
    return counterparty;
  };
  const folder = (name: string) =>
    add({ isFolder: true, parentRef: null, name, fullName: '', legalForm: '', inn: '', kpp: '', comment: '', contacts: [], predefinedName: '', deletionMark: false });
  const buyers = folder('Покупатели');
  const suppliers = folder('Поставщики');
  // УТ 11.5 ships the predefined РозничныйПокупатель (Контрагенты.mdo); УНФ is given the same for symmetry.
  add({ isFolder: false, parentRef: null, name: 'Розничный покупатель', fullName: 'Розничный покупатель', legalForm: forms.person, inn: '', kpp: '', comment: '', contacts: [], predefinedName: 'РозничныйПокупатель', deletionMark: false });
  for (const seed of seeds) {
    const country = seed.country ?? 'RU';
    const isCompany = seed.form === 'company';
    const region = seed.region ?? '77';
    const inn = seed.noInn ? '' : country === 'KZ' ? kazakhId(random, isCompany) : isCompany ? companyInn(random, region) : personInn(random, region);
    const contacts: ContactRow[] = [];
    if (seed.phone) contacts.push(phoneRow(kinds, mobile(random, country)));
    if (seed.email) contacts.push(emailRow(kinds, seed.email));
    add({
      isFolder: false,
      parentRef: seed.group === 'buyers' ? buyers.ref : suppliers.ref,
      name: seed.name,
      fullName: seed.full ?? seed.name,
      legalForm: forms[seed.form],
      inn,
      kpp: isCompany && country === 'RU' ? `${region}${String(random.between(1, 99)).padStart(2, '0')}01001` : '',
      comment: '',
      contacts,
      predefinedName: '',
      deletionMark: false,
    });
  }
  // A customer someone marked for deletion in 1C.
  add({ isFolder: false, parentRef: buyers.ref, name: 'Закрытая лавка ООО (не использовать)', fullName: 'ООО «Закрытая лавка»', legalForm: forms.company, inn: companyInn(random, '77'), kpp: '772801001', comment: 'дубль', contacts: [], predefinedName: '', deletionMark: true });
}

export function nextCounterpartyCode(store: EmulatorStore): string {
  store.counters.counterparty += 1;
  return String(store.counters.counterparty).padStart(9, '0');
}

/** Keeps 1C's storage order (the ref's binary layout): new refs land at the end, a given ref anywhere. */
export function insertCounterparty(store: EmulatorStore, item: Counterparty): void {
  const list = store.counterparties;
  const last = list[list.length - 1];
  if (!last || compareRefs(last.ref, item.ref) < 0) list.push(item);
  else {
    const key = refSortKey(item.ref);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (refSortKey((list[mid] as Counterparty).ref) < key) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, item);
  }
  store.counterpartyByRef.set(item.ref, item);
  store.revision += 1;
}

// ---------------------------------------------------------------------------------------------
// The published set

export function counterpartiesSource(store: EmulatorStore): EntitySource<Counterparty> {
  const names = counterpartyNames[store.profile];
  // Item attributes are null on groups (sample 05 shows the same for products).
  const itemOnly = <V>(get: (c: Counterparty) => V) => (c: Counterparty): V | undefined => (c.isFolder ? undefined : get(c));
  const rowField = (name: string, type: FieldDef<TabularRow>['type']): FieldDef<TabularRow> => ({ name, type, get: (r) => r[name] });
  const fields: FieldDef<Counterparty>[] = [
    refField(),
    dataVersionField(),
    deletionField(),
    { name: 'Parent_Key', type: 'Edm.Guid', get: (c) => c.parentRef ?? emptyGuid, nav: { name: 'Parent', target: counterpartySet } },
    { name: 'IsFolder', type: 'Edm.Boolean', get: (c) => c.isFolder },
    ...(names.hasCode ? [{ name: 'Code', type: 'Edm.String', get: (c: Counterparty) => c.code } satisfies FieldDef<Counterparty>] : []),
    { name: 'Description', type: 'Edm.String', get: (c) => c.name },
    { name: 'НаименованиеПолное', type: 'Edm.String', get: itemOnly((c) => c.fullName) },
    { name: names.legalFormField, type: 'Edm.String', get: itemOnly((c) => c.legalForm) },
    { name: 'ИНН', type: 'Edm.String', get: itemOnly((c) => c.inn) },
    { name: 'КПП', type: 'Edm.String', get: itemOnly((c) => c.kpp) },
    { name: names.commentField, type: 'Edm.String', get: itemOnly((c) => c.comment) },
    ...(store.profile === 'ut11'
      ? [{ name: 'Партнер_Key', type: 'Edm.Guid', get: itemOnly(() => emptyGuid), nav: { name: 'Партнер', target: 'Catalog_Партнеры' } } satisfies FieldDef<Counterparty>]
      : []),
    { name: 'Predefined', type: 'Edm.Boolean', get: (c) => c.predefinedName !== '' },
    { name: 'PredefinedDataName', type: 'Edm.String', get: (c) => c.predefinedName },
  ];
  return {
    name: counterpartySet,
    kind: 'catalog',
    keyFields: guidKey,
    fields,
    tabular: {
      name: contactSection,
      rowType: `${counterpartySet}_${contactSection}_RowType`,
      fields: [
        rowField('Ref_Key', 'Edm.Guid'),
        rowField('LineNumber', 'Edm.Int64'),
        rowField('Тип', 'Edm.String'),
        rowField('Вид_Key', 'Edm.Guid'),
        rowField('Представление', 'Edm.String'),
        rowField('ЗначенияПолей', 'Edm.String'),
        rowField('АдресЭП', 'Edm.String'),
        rowField('НомерТелефона', 'Edm.String'),
      ],
      rows: (c) =>
        c.contacts.map((row, i) => ({
          Ref_Key: c.ref,
          LineNumber: i + 1,
          Тип: row.type,
          Вид_Key: row.kindRef || emptyGuid,
          Представление: row.presentation,
          ЗначенияПолей: row.fieldValues,
          АдресЭП: row.email,
          НомерТелефона: row.phone,
        })),
    },
    items: () => store.counterparties,
    find: (key) => {
      const ref = key.get('Ref_Key');
      return key.size === 1 && typeof ref === 'string' ? store.counterpartyByRef.get(ref) : undefined;
    },
    functions: [],
  };
}

export function isCounterpartySource(source: AnySource): boolean {
  return source.name === counterpartySet && source.kind === 'catalog';
}

// ---------------------------------------------------------------------------------------------
// The view tests compare with (`OnecEmulator.counterparties()`)

export type EmulatorCounterparty = {
  ref: string;
  isFolder: boolean;
  parentRef: string | null;
  code: string;
  name: string;
  fullName: string;
  /** The enum value name as 1C holds it. */
  legalForm: string;
  /** The same as a kind: the emulator's own mapping of its enum values. */
  kind: 'company' | 'person' | 'entrepreneur' | 'other' | null;
  inn: string;
  kpp: string;
  comment: string;
  /** Presentations of the rows of type Телефон / АдресЭлектроннойПочты, in row order. */
  phones: string[];
  emails: string[];
  contacts: ContactRow[];
  predefinedName: string;
  deletionMark: boolean;
  dataVersion: string;
};

export function counterpartyView(store: EmulatorStore, c: Counterparty): EmulatorCounterparty {
  const forms = counterpartyNames[store.profile].legalForms;
  const kind = c.legalForm === '' ? null : c.legalForm === forms.company ? 'company' : c.legalForm === forms.person ? 'person' : c.legalForm === forms.entrepreneur ? 'entrepreneur' : 'other';
  return {
    ref: c.ref,
    isFolder: c.isFolder,
    parentRef: c.parentRef,
    code: c.code,
    name: c.name,
    fullName: c.fullName,
    legalForm: c.legalForm,
    kind: c.isFolder ? null : kind,
    inn: c.inn,
    kpp: c.kpp,
    comment: c.comment,
    phones: c.contacts.filter((r) => r.type === 'Телефон').map((r) => r.presentation),
    emails: c.contacts.filter((r) => r.type === 'АдресЭлектроннойПочты').map((r) => r.presentation),
    contacts: c.contacts.map((r) => ({ ...r })),
    predefinedName: c.predefinedName,
    deletionMark: c.deletionMark,
    dataVersion: dataVersionString(c.version),
  };
}
