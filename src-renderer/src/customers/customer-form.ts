import {
  type CustomerCountry,
  type CustomerFieldsInput,
  type CustomerKind,
  type CustomerRow,
  type CustomerSyncState,
  type CustomerVersionField,
  type IpcError,
} from '../../../src-preload/contract';

// Records rather than arrays, so the compiler reports a value added to the contract but missing
// here (the renderer imports only types from the contract, not its runtime lists).
const kindOrder = { person: 0, company: 1 } satisfies Record<CustomerKind, number>;
const countryOrder = { RU: 0, KZ: 1 } satisfies Record<CustomerCountry, number>;
const syncStateOrder = { synced: 0, queued: 1, rejected: 2, conflict: 3 } satisfies Record<CustomerSyncState, number>;
const fieldOrder = { kind: 0, country: 1, name: 2, inn: 3, kpp: 4, phone: 5, email: 6 } satisfies Record<CustomerVersionField, number>;

function ordered<K extends string>(order: Record<K, number>): K[] {
  return (Object.keys(order) as K[]).sort((a, b) => order[a] - order[b]);
}

export const customerKindList = ordered(kindOrder);
export const customerCountryList = ordered(countryOrder);
export const customerSyncStateList = ordered(syncStateOrder);
/** The fields a customer card edits and a conflict compares, in the order they are shown. */
export const customerFieldList = ordered(fieldOrder);

export function isCustomerKind(value: string): value is CustomerKind {
  return Object.hasOwn(kindOrder, value);
}
export function isCustomerCountry(value: string): value is CustomerCountry {
  return Object.hasOwn(countryOrder, value);
}
export function isCustomerSyncState(value: string): value is CustomerSyncState {
  return Object.hasOwn(syncStateOrder, value);
}

/** What the customer card holds while the user types. */
export type CustomerForm = { kind: CustomerKind; country: CustomerCountry; name: string; inn: string; kpp: string; phone: string; email: string };

export function emptyCustomerForm(): CustomerForm {
  return { kind: 'person', country: 'RU', name: '', inn: '', kpp: '', phone: '', email: '' };
}

export function formFromCustomer(customer: Pick<CustomerRow, CustomerVersionField>): CustomerForm {
  return { kind: customer.kind, country: customer.country, name: customer.name, inn: customer.inn, kpp: customer.kpp, phone: customer.phone, email: customer.email };
}

/** КПП exists only for Russian organisations. */
export function isKppShown(form: Pick<CustomerForm, 'kind' | 'country'>): boolean {
  return form.kind === 'company' && form.country === 'RU';
}

/**
 * Which tax id the INN field holds: Russian ИНН (10 digits for an organisation, 12 for a person),
 * Kazakh БИН for an organisation, ИИН for a person. Used as the field's label.
 */
export function taxIdName(form: Pick<CustomerForm, 'kind' | 'country'>): 'inn' | 'bin' | 'iin' {
  if (form.country === 'RU') return 'inn';
  return form.kind === 'company' ? 'bin' : 'iin';
}

/**
 * The input the host validates. Checksums, phone and e-mail forms are core's rules (the same words
 * for every host), shown next to the fields; here only what the card itself decides: КПП is sent
 * empty when it does not apply, so a value typed before switching to a person does not linger.
 */
export function customerInputFromForm(form: CustomerForm): CustomerFieldsInput {
  return {
    kind: form.kind,
    country: form.country,
    name: form.name.trim(),
    inn: form.inn.trim(),
    kpp: isKppShown(form) ? form.kpp.trim() : '',
    phone: form.phone.trim(),
    email: form.email.trim(),
  };
}

/** Whether saving would change anything (compared as sent: trimmed, КПП only where it applies). */
export function isFormChanged(form: CustomerForm, saved: Pick<CustomerRow, CustomerVersionField>): boolean {
  const now = customerInputFromForm(form);
  const before = customerInputFromForm(formFromCustomer(saved));
  return customerFieldList.some((field) => now[field] !== before[field]);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idIn(value: unknown): string | null {
  if (typeof value === 'string') return uuidPattern.test(value) ? value : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const key of ['existingId', 'customerId', 'id']) {
    const found = idIn(Reflect.get(value, key));
    if (found) return found;
  }
  return null;
}

/**
 * The customer that already has this INN, e-mail or phone, when customers.create refused with
 * `conflict` (its id travels in the error's details); null for any other error.
 */
export function existingCustomerId(error: IpcError): string | null {
  return error.code === 'conflict' ? idIn(error.details) : null;
}
