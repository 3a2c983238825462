// What the 1C administrator runs to publish what Prilavok lacks: a BSL snippet that ADDS metadata
// objects to the composition of the standard OData interface (onec-http.md §1.1, §6.1), built from
// the OData names detection reports (MissingItem.set, metadata.ts).
//
// Composition holds whole metadata objects. A tabular section (`Document_X_Товары`), a register's
// record type (`…_RecordType`), its virtual tables (`…/Balance`, `…/SliceLast`) and every field
// come with their object (DG §17.4.4), so each name is reduced to the object it belongs to.
// findMissing reports a field, function or record type only when its set IS published (missingOf),
// so such a name without its object in the same list is a naming problem for the profile, not for
// the composition: it goes to `notComposition`.

export type CompositionSnippet = {
  /** BSL, to run on the server as an administrator (external data processor or a code console); '' when there is nothing to add. */
  code: string;
  /** 1C full names the code adds, in first-seen order: `Справочник.Номенклатура`. */
  objects: string[];
  /** Fields and functions of published sets: composition cannot help, the profile's names can. */
  notComposition: string[];
  /** Names that are not `<Kind>_<Name>` with a kind we know: commented in `code`, never turned into code. */
  unrecognized: string[];
};

type ObjectKind = {
  /** Singular, as in a full name: `Справочник.Номенклатура`. */
  fullName: string;
  /** The `Метаданные` collection: `Метаданные.Справочники`. */
  collection: string;
  /** Only these publish tabular sections as `<Prefix>_<Object>_<Section>`. */
  hasTabularSections: boolean;
};

// DG §17.4.4 prefixes (onec-http.md §1.2), plus Enum: enums are not entity sets, but an enum used by
// a published attribute is a composition member like any other (the BSP setup lists them).
const kinds: Readonly<Record<string, ObjectKind>> = {
  Catalog: { fullName: 'Справочник', collection: 'Справочники', hasTabularSections: true },
  Document: { fullName: 'Документ', collection: 'Документы', hasTabularSections: true },
  DocumentJournal: { fullName: 'ЖурналДокументов', collection: 'ЖурналыДокументов', hasTabularSections: false },
  Constant: { fullName: 'Константа', collection: 'Константы', hasTabularSections: false },
  Enum: { fullName: 'Перечисление', collection: 'Перечисления', hasTabularSections: false },
  ExchangePlan: { fullName: 'ПланОбмена', collection: 'ПланыОбмена', hasTabularSections: true },
  ChartOfAccounts: { fullName: 'ПланСчетов', collection: 'ПланыСчетов', hasTabularSections: true },
  ChartOfCalculationTypes: { fullName: 'ПланВидовРасчета', collection: 'ПланыВидовРасчета', hasTabularSections: true },
  ChartOfCharacteristicTypes: { fullName: 'ПланВидовХарактеристик', collection: 'ПланыВидовХарактеристик', hasTabularSections: true },
  InformationRegister: { fullName: 'РегистрСведений', collection: 'РегистрыСведений', hasTabularSections: false },
  AccumulationRegister: { fullName: 'РегистрНакопления', collection: 'РегистрыНакопления', hasTabularSections: false },
  CalculationRegister: { fullName: 'РегистрРасчета', collection: 'РегистрыРасчета', hasTabularSections: false },
  AccountingRegister: { fullName: 'РегистрБухгалтерии', collection: 'РегистрыБухгалтерии', hasTabularSections: false },
  BusinessProcess: { fullName: 'БизнесПроцесс', collection: 'БизнесПроцессы', hasTabularSections: true },
  Task: { fullName: 'Задача', collection: 'Задачи', hasTabularSections: true },
};

/** Type suffixes of parts of an object: record types, virtual-table result types, tabular row types. */
const partSuffixes = ['_BalanceAndTurnover', '_RecordType', '_Balance', '_Turnover', '_RowType'];

/** A 1C metadata name; anything else must never reach a BSL string literal. */
const metadataName = /^[\p{L}_][\p{L}\p{N}_]*$/u;

type Parsed = {
  raw: string;
  kind: ObjectKind;
  /** The object name, then (tabular kinds) the owners left of each `_`, longest first. */
  candidates: string[];
  /** A field, function or record type of the object rather than a set of its own. */
  isPart: boolean;
};

function parse(raw: string): Parsed | null {
  const slash = raw.indexOf('/');
  const base = slash === -1 ? raw : raw.slice(0, slash);
  const match = /^([A-Za-z]+)_(.+)$/.exec(base);
  const kind = match ? kinds[match[1] ?? ''] : undefined;
  if (!match || kind === undefined) return null;
  let name = match[2] ?? '';
  let isPart = slash !== -1;
  const suffix = partSuffixes.find((s) => name.endsWith(s) && name.length > s.length);
  if (suffix !== undefined) {
    name = name.slice(0, -suffix.length);
    isPart = true;
  }
  if (!metadataName.test(name)) return null;
  const candidates = [name];
  if (kind.hasTabularSections) {
    // Names may contain `_` themselves (onec-http.md §1.2): every split point is a possible owner.
    for (let at = name.lastIndexOf('_'); at > 0; at = name.lastIndexOf('_', at - 1)) candidates.push(name.slice(0, at));
  }
  return { raw, kind, candidates, isPart };
}

type Entry = { kind: ObjectKind; name: string; alternatives: string[]; sources: string[] };

const keyOf = (kind: ObjectKind, name: string): string => `${kind.fullName}.${name}`;

export function compositionSnippet(missing: readonly string[], options: { title?: string } = {}): CompositionSnippet {
  const unrecognized: string[] = [];
  const parsed: Parsed[] = [];
  for (const raw of new Set(missing.map((m) => m.trim()).filter((m) => m !== ''))) {
    const item = parse(raw);
    if (item === null) unrecognized.push(raw);
    else parsed.push(item);
  }
  const requested = new Set(parsed.filter((p) => !p.isPart).map((p) => keyOf(p.kind, p.candidates[0] ?? '')));

  const entries = new Map<string, Entry>();
  const notComposition: string[] = [];
  for (const item of parsed) {
    if (item.isPart) {
      if (!item.candidates.some((c) => requested.has(keyOf(item.kind, c)))) notComposition.push(item.raw);
      continue;
    }
    // A tabular section whose owner is requested too belongs to that owner; without the owner in
    // the list the split is unknown here, so the code tries the whole name first, then the owners.
    const owner = item.candidates.slice(1).find((c) => requested.has(keyOf(item.kind, c)));
    const name = owner ?? item.candidates[0] ?? '';
    const key = keyOf(item.kind, name);
    const entry = entries.get(key) ?? { kind: item.kind, name, alternatives: owner === undefined ? item.candidates.slice(1) : [], sources: [] };
    entry.sources.push(item.raw);
    entries.set(key, entry);
  }

  const objects = [...entries.keys()];
  const code = objects.length === 0 && unrecognized.length === 0 ? '' : renderCode([...entries.values()], unrecognized, options.title);
  return { code, objects, notComposition, unrecognized };
}

/** One line of a `//` comment: 1C ends a comment at a line break, so none may survive. */
function commentText(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').slice(0, 200);
}

function renderEntry(entry: Entry): string[] {
  const find = (name: string): string => `Метаданные.${entry.kind.collection}.Найти("${name}")`;
  const fullName = keyOf(entry.kind, entry.name);
  const source = `// ${commentText(entry.sources.join(', '))}`;
  if (entry.alternatives.length === 0) {
    return [`Нужные.Добавить(Новый Структура("Имя, Объект", "${fullName}", ${find(entry.name)})); ${source}`];
  }
  const owners = entry.alternatives.map((a) => `«${a}»`).join(' или ');
  return [
    `${source}: объект «${entry.name}» или табличная часть объекта ${owners}`,
    `Объект = ${find(entry.name)};`,
    ...entry.alternatives.map((a) => `Если Объект = Неопределено Тогда Объект = ${find(a)}; КонецЕсли;`),
    `Нужные.Добавить(Новый Структура("Имя, Объект", "${fullName}", Объект));`,
  ];
}

// Lookups use `Коллекция.Найти`, not `Метаданные.Справочники.X`: a name the configuration lacks
// (another version, an UNCONFIRMED profile name) is reported instead of stopping the whole snippet
// before anything is written. The current composition is kept; presence is compared by full name.
function renderCode(entries: readonly Entry[], unrecognized: readonly string[], title: string | undefined): string {
  const lines = [
    '// Prilavok: добавляет в состав стандартного интерфейса OData объекты, которых не хватает программе.',
    ...(title === undefined ? [] : [`// ${commentText(title)}`]),
    '// Выполнять на сервере под пользователем с полными правами. Текущий состав сохраняется; уже',
    '// включённые объекты не дублируются; объекты, которых нет в конфигурации, только перечисляются.',
    'Состав = Новый Массив;',
    'ЕстьВСоставе = Новый Соответствие;',
    'Для Каждого Объект Из ПолучитьСоставСтандартногоИнтерфейсаOData() Цикл',
    '\t// Элемент бывает Неопределено (объект удалён из конфигурации): такой не переносим.',
    '\tЕсли Объект <> Неопределено Тогда',
    '\t\tСостав.Добавить(Объект);',
    '\t\tЕстьВСоставе.Вставить(Объект.ПолноеИмя(), Истина);',
    '\tКонецЕсли;',
    'КонецЦикла;',
    '',
    'Нужные = Новый Массив;',
    ...entries.flatMap(renderEntry),
    ...unrecognized.map((raw) => `// Не добавлено: «${commentText(raw)}» — не имя объекта OData вида Catalog_…, Document_…, InformationRegister_…; добавьте объект вручную.`),
    '',
    'Добавлено = 0;',
    'Для Каждого Нужный Из Нужные Цикл',
    '\tЕсли Нужный.Объект = Неопределено Тогда',
    '\t\tСообщить("Prilavok: в конфигурации нет объекта «" + Нужный.Имя + "» — проверьте имя в профиле 1С программы.");',
    '\tИначеЕсли ЕстьВСоставе[Нужный.Объект.ПолноеИмя()] = Неопределено Тогда',
    '\t\tСостав.Добавить(Нужный.Объект);',
    '\t\tЕстьВСоставе.Вставить(Нужный.Объект.ПолноеИмя(), Истина);',
    '\t\tДобавлено = Добавлено + 1;',
    '\tКонецЕсли;',
    'КонецЦикла;',
    'Если Добавлено > 0 Тогда',
    '\tУстановитьСоставСтандартногоИнтерфейсаOData(Состав);',
    'КонецЕсли;',
    'Сообщить("Prilavok: добавлено в состав OData объектов: " + Добавлено + "; всего в составе: " + Состав.Количество() + ".");',
  ];
  return `${lines.join('\n')}\n`;
}
