// A customer on the wire: a Catalog_Контрагенты row read into local terms, and the bodies Prilavok
// sends (onec-http.md §3.1, §3.2), with the profile's names (architecture §5). Pure.
//
// Contact information is a tabular section, and PATCH replaces a tabular section wholesale (§3.2): a
// change of phone or e-mail therefore sends every row 1C has, as read just before, with only the first
// phone / e-mail row replaced. A replaced row keeps its type and its references (the kind, `…_Key`) and
// gets the new presentation; its derived text fields (number without codes, field values…) are
// dropped rather than sent stale, so 1C's own code fills them from the presentation when it can.
import { type CustomerVersion } from '../../../src-preload/contract/customers';
import { type OnecCustomersSpec, type OnecRow } from '../onec/onec';
import { emailFrom1C, formatPhone, phoneFrom1C } from './contacts';
import { inferCountry, inferKind } from './customer';

/** A counterparty as read, in local terms, with the raw contact rows kept for a later PATCH. */
export type CustomerFrom1C = {
  ref: string;
  version: CustomerVersion;
  dataVersion: string | null;
  isDeleted: boolean;
  isFolder: boolean;
  contactRows: OnecRow[];
};

/** The marker in the free-text attribute of counterparties Prilavok creates (the same words as on documents). */
export function customerMarker(customerId: string): string {
  return `Прилавок ${customerId}`;
}

/** `$select` of a full row: keys, the mapped attributes and the whole contact section. */
export function customerSelect(spec: OnecCustomersSpec): string[] {
  const fields = ['Ref_Key', 'DataVersion', 'DeletionMark', spec.name, spec.inn, spec.legalForm.field, spec.fullName, spec.isFolder, spec.kpp, spec.contacts?.section ?? null];
  return [...new Set(fields.filter((f): f is string => f !== null))];
}

/** `$filter` that leaves the groups out (null for a flat catalog). */
export function itemsOnlyFilter(spec: OnecCustomersSpec): string | undefined {
  return spec.isFolder ? `${spec.isFolder} eq false` : undefined;
}

const text = (row: OnecRow, field: string | null): string => {
  if (field === null) return '';
  const value = row[field];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
};

export function fromOnecRow(spec: OnecCustomersSpec, row: OnecRow): CustomerFrom1C {
  // Fixed-length strings (ИНН 12, КПП 9) come padded with spaces (§1.4).
  const inn = text(row, spec.inn).trim();
  const legal = text(row, spec.legalForm.field);
  const form = spec.legalForm;
  const kind: CustomerVersion['kind'] = legal === form.company ? 'company' : legal === form.person || (form.entrepreneur !== null && legal === form.entrepreneur) ? 'person' : inferKind(inn);
  const contactRows = spec.contacts && Array.isArray(row[spec.contacts.section]) ? (row[spec.contacts.section] as OnecRow[]) : [];
  const first = (type: string): string => {
    const c = spec.contacts;
    const found = c ? contactRows.find((r) => text(r, c.type) === type && text(r, c.presentation).trim() !== '') : undefined;
    return found && c ? text(found, c.presentation) : '';
  };
  const phone = spec.contacts ? first(spec.contacts.phoneType) : '';
  const email = spec.contacts ? first(spec.contacts.emailType) : '';
  return {
    ref: String(row.Ref_Key).toLowerCase(),
    version: {
      kind,
      country: inferCountry(kind, inn),
      name: text(row, spec.name).trim(),
      inn,
      kpp: text(row, spec.kpp).trim(),
      phone: phone === '' ? '' : phoneFrom1C(phone),
      email: email === '' ? '' : emailFrom1C(email),
    },
    dataVersion: typeof row.DataVersion === 'string' ? row.DataVersion : null,
    isDeleted: row.DeletionMark === true,
    isFolder: spec.isFolder !== null && row[spec.isFolder] === true,
    contactRows,
  };
}

function legalFormValue(spec: OnecCustomersSpec, kind: CustomerVersion['kind']): string {
  return kind === 'company' ? spec.legalForm.company : spec.legalForm.person;
}

function phonePresentation(phone: string): string {
  return formatPhone(phone);
}

/**
 * POST body of a new counterparty: our id as its key (1C takes it where it accepts client keys), the
 * name as both the working and the full name, and the marker in the free-text attribute.
 */
export function createBody(spec: OnecCustomersSpec, customerId: string, version: CustomerVersion): Record<string, unknown> {
  const body: Record<string, unknown> = { Ref_Key: customerId, [spec.name]: version.name };
  if (spec.fullName !== null) body[spec.fullName] = version.name;
  body[spec.legalForm.field] = legalFormValue(spec, version.kind);
  body[spec.inn] = version.inn;
  if (spec.kpp !== null) body[spec.kpp] = version.kpp;
  if (spec.comment !== null) body[spec.comment] = customerMarker(customerId);
  if (spec.contacts !== null && (version.phone !== '' || version.email !== '')) body[spec.contacts.section] = contactRowsFor(spec.contacts, [], version);
  return body;
}

/**
 * PATCH body with what differs between the local version and 1C's current one; {} when nothing does.
 * The full name is left alone on a change: it is the legal name on printed forms, kept in 1C.
 */
export function patchBody(spec: OnecCustomersSpec, local: CustomerVersion, remote: CustomerFrom1C): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const r = remote.version;
  if (local.name !== r.name) body[spec.name] = local.name;
  if (local.kind !== r.kind) body[spec.legalForm.field] = legalFormValue(spec, local.kind);
  if (local.inn !== r.inn) body[spec.inn] = local.inn;
  if (spec.kpp !== null && local.kpp !== r.kpp) body[spec.kpp] = local.kpp;
  if (spec.contacts !== null && (local.phone !== r.phone || local.email !== r.email)) body[spec.contacts.section] = contactRowsFor(spec.contacts, remote.contactRows, local);
  return body;
}

type ContactsSpec = NonNullable<OnecCustomersSpec['contacts']>;

/** Every row 1C has, with the first phone and e-mail rows made to match `version` (see the file comment). */
function contactRowsFor(c: ContactsSpec, rows: readonly OnecRow[], version: CustomerVersion): Record<string, unknown>[] {
  // Annotations, the owner's key and the old numbering are not part of a row we send.
  let out: Record<string, unknown>[] = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !key.includes('@') && key !== 'Ref_Key' && key !== 'LineNumber')));
  const put = (type: string, presentation: string | null, isSame: (current: string) => boolean): void => {
    const at = out.findIndex((row) => row[c.type] === type);
    if (presentation === null) {
      if (at >= 0) out = out.filter((_, i) => i !== at);
      return;
    }
    if (at >= 0 && isSame(typeof out[at]?.[c.presentation] === 'string' ? (out[at]?.[c.presentation] as string) : '')) return;
    const references = at >= 0 ? Object.fromEntries(Object.entries(out[at] ?? {}).filter(([key]) => key.endsWith('_Key'))) : {};
    const row = { [c.type]: type, ...references, [c.presentation]: presentation };
    out = at >= 0 ? out.map((existing, i) => (i === at ? row : existing)) : [...out, row];
  };
  put(c.phoneType, version.phone === '' ? null : phonePresentation(version.phone), (current) => phoneFrom1C(current) === version.phone);
  put(c.emailType, version.email === '' ? null : version.email, (current) => emailFrom1C(current) === version.email);
  // LineNumber 1..n, as a string like 1C's Int64 (§3.1: 1C refuses anything else).
  return out.map((row, i) => ({ LineNumber: String(i + 1), ...row }));
}
