// Writes to Catalog_Контрагенты as 1C answers them (onec-http.md §3.1, §3.2, §3.5): POST → 201 with
// Location and the full entity (a valid unused Ref_Key in the body is honoured unless the emulator
// ignores client keys; a taken one is 400/15); PATCH → 200 with the full entity, only the properties
// sent change, a tabular section sent replaces the whole section, DataVersion moves on EVERY write and
// If-Match is ignored. Unknown properties are ignored, strings are cut to the attribute's length, an
// enum value the configuration lacks is refused. Everything is checked before anything changes.
import { emptyGuid } from './emulator-data';
import {
  contactSection,
  contactTypes,
  type ContactRow,
  type Counterparty,
  counterpartyLengths,
  counterpartyNames,
  counterpartySet,
  insertCounterparty,
  legalFormValues,
  nextCounterpartyCode,
} from './emulator-counterparties';
import { type AnySource } from './emulator-sets';
import { booleanValue, guidValue, internalError, numberValue, stringValue } from './emulator-write-values';
import { type WriteContext, type WriteOutcome } from './emulator-writes';
import { ODataError } from './odata-error';

/** What a body says about a counterparty; only the properties it carries. */
type CounterpartyInput = Partial<Pick<Counterparty, 'name' | 'fullName' | 'legalForm' | 'inn' | 'kpp' | 'comment' | 'code' | 'deletionMark' | 'isFolder'>> & {
  parentRef?: string | null;
  contacts?: ContactRow[];
};

function cut(name: keyof typeof counterpartyLengths, value: string): string {
  return value.slice(0, counterpartyLengths[name]);
}

function readInput(ctx: WriteContext, body: Record<string, unknown>): CounterpartyInput {
  const names = counterpartyNames[ctx.store.profile];
  const input: CounterpartyInput = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === 'Description') input.name = cut('Description', stringValue(name, value));
    else if (name === 'НаименованиеПолное') input.fullName = cut('НаименованиеПолное', stringValue(name, value));
    else if (name === 'ИНН') input.inn = cut('ИНН', stringValue(name, value));
    else if (name === 'КПП') input.kpp = cut('КПП', stringValue(name, value));
    else if (name === names.commentField) input.comment = stringValue(name, value);
    else if (name === 'Code' && names.hasCode) input.code = cut('Code', stringValue(name, value));
    else if (name === 'DeletionMark') input.deletionMark = booleanValue(value);
    else if (name === 'IsFolder') input.isFolder = booleanValue(value);
    else if (name === 'Parent_Key') {
      const ref = guidValue(value);
      input.parentRef = ref === emptyGuid ? null : ref;
    } else if (name === names.legalFormField) {
      const form = stringValue(name, value);
      // An enum is sent as its value's name (§1.4); '' is the empty value.
      if (form !== '' && !legalFormValues(names).includes(form)) {
        throw new ODataError(400, '4', `Неверное значение свойства ${name}: «${form}» не является значением перечисления`);
      }
      input.legalForm = form;
    } else if (name === contactSection) input.contacts = readContacts(value);
    // Ref_Key, DataVersion, Predefined…: read-only or the key; anything unknown: ignored (§3.1, P8 §7).
  }
  return input;
}

/** The section's rows: LineNumber 1..n in order (missing → 500/-1, otherwise wrong → 400), as for documents (P9-7). */
function readContacts(value: unknown): ContactRow[] {
  if (!Array.isArray(value)) throw internalError(`значение табличной части ${contactSection} не является массивом`);
  return value.map((raw: unknown, i): ContactRow => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw internalError(`строка табличной части ${contactSection} не является объектом`);
    const row = raw as Record<string, unknown>;
    if (row.LineNumber === undefined || row.LineNumber === null) throw new ODataError(500, '-1', 'Внутренняя ошибка OData сервиса');
    if (numberValue('LineNumber', row.LineNumber, 0) !== i + 1) {
      throw new ODataError(400, '4', `Неверное значение свойства LineNumber (${String(row.LineNumber)}): строки табличной части ${contactSection} нумеруются подряд с 1`);
    }
    const text = (name: keyof typeof counterpartyLengths | 'ЗначенияПолей'): string => {
      if (row[name] === undefined) return '';
      const v = stringValue(name, row[name]);
      return name === 'ЗначенияПолей' ? v : cut(name, v);
    };
    const type = row.Тип === undefined ? '' : stringValue('Тип', row.Тип);
    if (type !== '' && !(contactTypes as readonly string[]).includes(type)) {
      throw new ODataError(400, '4', `Неверное значение свойства Тип: «${type}» не является значением перечисления ТипыКонтактнойИнформации`);
    }
    return {
      type,
      kindRef: row.Вид_Key === undefined ? '' : guidValue(row.Вид_Key) === emptyGuid ? '' : guidValue(row.Вид_Key),
      presentation: text('Представление'),
      fieldValues: text('ЗначенияПолей'),
      // Stored as sent: 1C's own handlers would derive them; the emulator does not guess (docs).
      email: text('АдресЭП'),
      phone: text('НомерТелефона'),
    };
  });
}

function location(ctx: WriteContext, ref: string): string {
  // Raw UTF-8 in the header, as 1C sends it (M2 finding 1); see documentLocation in emulator-writes.ts.
  return Buffer.from(`${ctx.baseUrl}${counterpartySet}(guid'${ref}')`, 'utf8').toString('latin1');
}

export function createCounterparty(ctx: WriteContext, source: AnySource, body: Record<string, unknown>): WriteOutcome {
  const { store } = ctx;
  const names = counterpartyNames[store.profile];
  const input = readInput(ctx, body);
  let ref: string | null = null;
  if (!ctx.isIgnoringClientKeys && body.Ref_Key !== undefined) {
    const given = guidValue(body.Ref_Key);
    if (given !== emptyGuid) {
      if (store.counterpartyByRef.has(given)) throw new ODataError(400, '15', `Экземпляр сущности "${counterpartySet}" с ключом guid'${given}' уже существует`);
      ref = given;
    }
  }
  const isFolder = input.isFolder ?? false;
  const item: Counterparty = {
    ref: ref ?? store.newRef(),
    isFolder,
    parentRef: input.parentRef ?? null,
    code: names.hasCode ? input.code || nextCounterpartyCode(store) : '',
    name: input.name ?? '',
    fullName: isFolder ? '' : (input.fullName ?? ''),
    // The attribute's fill value applies to a new object: ЮрЛицо in УТ 11.5 (Контрагенты.mdo).
    legalForm: isFolder ? '' : (input.legalForm ?? names.legalForms.company),
    inn: isFolder ? '' : (input.inn ?? ''),
    kpp: isFolder ? '' : (input.kpp ?? ''),
    comment: isFolder ? '' : (input.comment ?? ''),
    contacts: isFolder ? [] : (input.contacts ?? []),
    predefinedName: '',
    deletionMark: input.deletionMark ?? false,
    version: store.nextVersion(),
  };
  insertCounterparty(store, item);
  return { kind: 'entity', status: 201, source, item, headers: { Location: location(ctx, item.ref) } };
}

export function patchCounterparty(ctx: WriteContext, source: AnySource, item: Counterparty, body: Record<string, unknown>): WriteOutcome {
  const input = readInput(ctx, body);
  if (input.isFolder !== undefined && input.isFolder !== item.isFolder) {
    throw new ODataError(500, '-1', 'Нельзя изменить признак группы у существующего элемента справочника');
  }
  if (input.name !== undefined) item.name = input.name;
  if (input.code !== undefined) item.code = input.code || item.code;
  if (input.parentRef !== undefined) item.parentRef = input.parentRef;
  if (input.deletionMark !== undefined) item.deletionMark = input.deletionMark;
  if (!item.isFolder) {
    if (input.fullName !== undefined) item.fullName = input.fullName;
    if (input.legalForm !== undefined) item.legalForm = input.legalForm;
    if (input.inn !== undefined) item.inn = input.inn;
    if (input.kpp !== undefined) item.kpp = input.kpp;
    if (input.comment !== undefined) item.comment = input.comment;
    // The rows sent become the whole section (§3.2, P9-6).
    if (input.contacts !== undefined) item.contacts = input.contacts;
  }
  // Every write moves DataVersion, even one that changes nothing (P8).
  item.version = ctx.store.nextVersion();
  ctx.store.revision += 1;
  return { kind: 'entity', status: 200, source, item, headers: {} };
}
