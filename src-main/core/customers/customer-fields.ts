// The fields of a customer as the counter edits them: checked and normalised in one place, with the
// messages every host shows. Failures are AppError('validation') with the same issue list the
// dispatcher sends for schema failures (api/dispatch.ts), so a form puts each message next to its field.
import { type CustomerFields, type CustomerVersion, type CustomerVersionField, customerVersionFields } from '../../../src-preload/contract/customers';
import { AppError } from '../errors/app-error';
import { normalizeEmail, normalizePhone } from './contacts';
import { checkKpp, checkKzBin, checkRuInn } from './tax-ids';

/** 1C's Контрагенты.Наименование is 100 characters (УТ 11.5, УНФ); a longer name would be cut by 1C silently. */
export const maxCustomerNameLength = 100;

export type FieldIssue = { path: (string | number)[]; message: string };

/** An empty customer version: what a field holds when it was never given. */
export function emptyVersion(kind: CustomerVersion['kind'], country: CustomerVersion['country'] = 'RU'): CustomerVersion {
  return { kind, country, name: '', inn: '', kpp: '', phone: '', email: '' };
}

/**
 * The issues of `fields` (nothing normalised yet), for the fields in `only` (default: all). Tax ids
 * depend on kind and country, so checking `inn` or `kpp` always reads those two as well.
 */
export function findFieldIssues(fields: CustomerVersion, only: ReadonlySet<CustomerVersionField> = new Set(customerVersionFields)): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: CustomerVersionField, message: string | null): void => {
    if (message !== null && only.has(field)) issues.push({ path: [field], message });
  };
  const name = fields.name.trim();
  if (name === '') add('name', 'Укажите наименование организации или ФИО');
  else if (name.length > maxCustomerNameLength) {
    add('name', `Наименование длиннее ${maxCustomerNameLength} символов (${name.length}): 1С сохранит только первые ${maxCustomerNameLength} — сократите его`);
  }
  const inn = compactTaxId(fields.inn);
  if (inn !== '') add('inn', fields.country === 'RU' ? checkRuInn(inn, fields.kind) : checkKzBin(inn, fields.kind));
  const kpp = fields.kpp.trim().toUpperCase();
  if (kpp !== '') {
    if (fields.country !== 'RU' || fields.kind !== 'company') add('kpp', 'КПП бывает только у российских организаций — очистите это поле');
    else add('kpp', checkKpp(kpp));
  }
  if (fields.phone.trim() !== '') {
    const phone = normalizePhone(fields.phone);
    add('phone', 'error' in phone ? phone.error : null);
  }
  if (fields.email.trim() !== '') {
    const email = normalizeEmail(fields.email);
    add('email', 'error' in email ? email.error : null);
  }
  return issues;
}

/**
 * Checks and normalises what the counter typed: tax ids without spaces, КПП in capitals, phone as
 * +7XXXXXXXXXX, e-mail with a lower-case domain. Throws AppError('validation') whose details are the
 * issues with `pathPrefix` in front (['fields'] for customers.update, where the form's fields sit).
 */
export function normalizeCustomerFields(
  fields: CustomerFields,
  options: { pathPrefix?: readonly string[]; only?: ReadonlySet<CustomerVersionField> } = {},
): CustomerVersion {
  const version: CustomerVersion = { ...fields };
  const issues = findFieldIssues(version, options.only);
  if (issues.length > 0) throw fieldsError(issues, options.pathPrefix ?? []);
  return normalizeValid(version);
}

/** Normalises fields known to pass (or not checked on purpose): what fails to normalise is kept as it is. */
export function normalizeValid(fields: CustomerVersion): CustomerVersion {
  const phone = fields.phone.trim() === '' ? null : normalizePhone(fields.phone);
  const email = fields.email.trim() === '' ? null : normalizeEmail(fields.email);
  return {
    kind: fields.kind,
    country: fields.country,
    name: fields.name.trim(),
    inn: compactTaxId(fields.inn),
    kpp: fields.kpp.trim().toUpperCase(),
    phone: phone === null ? '' : 'value' in phone ? phone.value : fields.phone.trim(),
    email: email === null ? '' : 'value' in email ? email.value : fields.email.trim(),
  };
}

export function fieldsError(issues: readonly FieldIssue[], pathPrefix: readonly string[] = []): AppError {
  const details = issues.map((issue) => ({ path: [...pathPrefix, ...issue.path], message: issue.message }));
  return new AppError('validation', `Проверьте данные покупателя: ${issues.map((issue) => issue.message).join('; ')}`, { details });
}

/** "7707 083 893" → "7707083893": people copy tax ids with spaces. */
function compactTaxId(value: string): string {
  return value.replace(/[\s\u00a0]/g, '');
}

/** The fields that differ between two versions, in contract order. */
export function changedFields(a: CustomerVersion, b: CustomerVersion): CustomerVersionField[] {
  return customerVersionFields.filter((field) => a[field] !== b[field]);
}
