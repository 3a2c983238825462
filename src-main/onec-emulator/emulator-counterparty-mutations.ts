// Changes tests make to counterparties "in 1C" (as a 1C user would in the form), between syncs. Each
// write moves the counterparty's DataVersion, as every write in 1C does.
import { emptyGuid, type EmulatorStore } from './emulator-data';
import { type ContactRow, type Counterparty, counterpartyNames, emailRow, insertCounterparty, nextCounterpartyCode, phoneRow } from './emulator-counterparties';

/** The legal form by meaning; the emulator writes its configuration's enum value. */
export type CounterpartyKind = 'company' | 'person' | 'entrepreneur';

export type NewCounterparty = {
  name: string;
  kind?: CounterpartyKind;
  fullName?: string;
  inn?: string;
  kpp?: string;
  /** Presentation of a phone row (any spelling, e.g. «+7 (916) 123-45-67»). */
  phone?: string;
  email?: string;
  /** Presentation of an address row (type Адрес), kept as 1C keeps any row Prilavok does not manage. */
  address?: string;
  comment?: string;
  parentRef?: string | null;
  /** A given ref (lower-case GUID); default: a new 1C-like ref. */
  ref?: string;
};

/** null for phone / email removes the first row of that type. */
export type CounterpartyPatch = Partial<Omit<NewCounterparty, 'ref' | 'phone' | 'email' | 'address'>> & { phone?: string | null; email?: string | null; address?: string | null };

export type CounterpartyMutations = {
  /** Adds an element (not a group); returns its ref. */
  addCounterparty(input: NewCounterparty): string;
  changeCounterparty(ref: string, patch: CounterpartyPatch): void;
  /** Physical deletion, as OData DELETE or 1C's «Удаление помеченных» does it. */
  removeCounterparty(ref: string): void;
};

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createCounterpartyMutations(store: EmulatorStore): CounterpartyMutations {
  const names = counterpartyNames[store.profile];
  const touch = (): number => {
    store.revision += 1;
    return store.nextVersion();
  };
  const get = (ref: string): Counterparty => {
    const item = store.counterpartyByRef.get(ref);
    if (!item) throw new RangeError(`Нет контрагента ${ref}`);
    return item;
  };
  /** Replaces the first row of `type` (or appends one); null removes it. */
  const setContact = (rows: ContactRow[], type: string, value: string | null | undefined, make: (v: string) => ContactRow): ContactRow[] => {
    if (value === undefined) return rows;
    const at = rows.findIndex((r) => r.type === type);
    if (value === null) return at < 0 ? rows : rows.filter((_, i) => i !== at);
    const row = make(value);
    return at < 0 ? [...rows, row] : rows.map((r, i) => (i === at ? row : r));
  };
  return {
    addCounterparty(input) {
      const ref = input.ref?.toLowerCase() ?? store.newRef();
      if (!guidPattern.test(ref) || ref === emptyGuid || store.counterpartyByRef.has(ref)) throw new RangeError(`Недопустимая или занятая ссылка ${ref}`);
      let contacts: ContactRow[] = [];
      if (input.phone !== undefined) contacts = setContact(contacts, 'Телефон', input.phone, (v) => phoneRow(store.contactKinds, v));
      if (input.email !== undefined) contacts = setContact(contacts, 'АдресЭлектроннойПочты', input.email, (v) => emailRow(store.contactKinds, v));
      if (input.address !== undefined) contacts = setContact(contacts, 'Адрес', input.address, (v) => ({ type: 'Адрес', kindRef: store.contactKinds.address, presentation: v, fieldValues: `<Адрес>${v}</Адрес>`, email: '', phone: '' }));
      insertCounterparty(store, {
        ref,
        isFolder: false,
        parentRef: input.parentRef ?? null,
        code: names.hasCode ? nextCounterpartyCode(store) : '',
        name: input.name,
        fullName: input.fullName ?? input.name,
        legalForm: names.legalForms[input.kind ?? 'company'],
        inn: input.inn ?? '',
        kpp: input.kpp ?? '',
        comment: input.comment ?? '',
        contacts,
        predefinedName: '',
        deletionMark: false,
        version: touch(),
      });
      return ref;
    },
    changeCounterparty(ref, patch) {
      const item = get(ref);
      if (patch.name !== undefined) item.name = patch.name;
      if (patch.fullName !== undefined) item.fullName = patch.fullName;
      if (patch.kind !== undefined) item.legalForm = names.legalForms[patch.kind];
      if (patch.inn !== undefined) item.inn = patch.inn;
      if (patch.kpp !== undefined) item.kpp = patch.kpp;
      if (patch.comment !== undefined) item.comment = patch.comment;
      if (patch.parentRef !== undefined) item.parentRef = patch.parentRef;
      if (patch.phone !== undefined) item.contacts = setContact(item.contacts, 'Телефон', patch.phone, (v) => phoneRow(store.contactKinds, v));
      if (patch.email !== undefined) item.contacts = setContact(item.contacts, 'АдресЭлектроннойПочты', patch.email, (v) => emailRow(store.contactKinds, v));
      if (patch.address !== undefined) item.contacts = setContact(item.contacts, 'Адрес', patch.address, (v) => ({ type: 'Адрес', kindRef: store.contactKinds.address, presentation: v, fieldValues: `<Адрес>${v}</Адрес>`, email: '', phone: '' }));
      item.version = touch();
    },
    removeCounterparty(ref) {
      const item = get(ref);
      store.counterparties.splice(store.counterparties.indexOf(item), 1);
      store.counterpartyByRef.delete(ref);
      touch();
    },
  };
}
