// The customer concept: what a stored customer is, how two versions compare, and the three-way rule
// that decides what a new version from 1C means for a customer with unsent local changes. Pure.
import { type CustomerSyncState, type CustomerVersion, type CustomerVersionField } from '../../../src-preload/contract/customers';
import { hasValidKzChecksum, hasValidRuInnChecksum } from './tax-ids';

export type { CustomerSyncState, CustomerVersion };

/** A customer as stored, with its sync bookkeeping. */
export type CustomerRecord = {
  id: string;
  ref1c: string | null;
  version: CustomerVersion;
  syncState: CustomerSyncState;
  /** 1C's DataVersion of `base` (the version both sides last agreed on). */
  dataVersion1c: string | null;
  isDeleted: boolean;
  base: CustomerVersion | null;
  /** What the outbox sent since 1C last answered (an attempt whose answer was lost may have landed). */
  sent: CustomerVersion[];
  /** Local edits so far; the outbox compares it before and after a send. */
  revision: number;
  last1cMessage: string | null;
  createdAt: number;
  updatedAt: number;
};

/**
 * The fields 1C holds. `country` is not among them: 1C's counterparty has no field Prilavok maps it to,
 * so it is a local choice (which tax-id rules apply) and never a difference from 1C.
 */
export const syncedFields = ['kind', 'name', 'inn', 'kpp', 'phone', 'email'] as const satisfies readonly CustomerVersionField[];

/** Equal as far as 1C can tell. */
export function isSameIn1C(a: CustomerVersion, b: CustomerVersion): boolean {
  return syncedFields.every((field) => a[field] === b[field]);
}

/** A new version from 1C for a customer that also has a local one. */
export type RemoteVersion = { version: CustomerVersion; dataVersion: string | null };

/**
 * What a version read from 1C means for a customer with unsent local changes (queued or rejected):
 * - `seen`: 1C still has the version the local edit started from (same DataVersion): nothing to do;
 * - `agreed`: 1C already holds exactly what the counter wants: synced, nothing to send;
 * - `rebased`: 1C wrote without changing a value we read (1C moves DataVersion on every write), or
 *   what it holds is what our own earlier attempt sent: the local edit still goes, over 1C's new version;
 * - `conflict`: 1C's values changed too, differently: a person decides field by field.
 */
export type ThreeWay = 'seen' | 'agreed' | 'rebased' | 'conflict';

export function threeWay(local: Pick<CustomerRecord, 'version' | 'dataVersion1c' | 'base' | 'sent'>, remote: RemoteVersion): ThreeWay {
  if (remote.dataVersion !== null && remote.dataVersion === local.dataVersion1c) return 'seen';
  if (isSameIn1C(local.version, remote.version)) return 'agreed';
  if (local.base !== null && isSameIn1C(local.base, remote.version)) return 'rebased';
  if (local.sent.some((sent) => isSameIn1C(sent, remote.version))) return 'rebased';
  return 'conflict';
}

/**
 * Whose tax-id rules a counterparty from 1C follows, when nothing local says so: a 12-digit id of a
 * company is a Kazakh БИН (Russian companies have 10 digits); a 12-digit id of a person is Russian when
 * its Russian check digits hold, Kazakh when only the Kazakh one does.
 */
export function inferCountry(kind: CustomerVersion['kind'], inn: string): CustomerVersion['country'] {
  if (!/^\d{12}$/.test(inn)) return 'RU';
  if (kind === 'company') return 'KZ';
  if (hasValidRuInnChecksum(inn)) return 'RU';
  return hasValidKzChecksum(inn) ? 'KZ' : 'RU';
}

/** The legal form when 1C's enum value says nothing we know: by the length of the tax id. */
export function inferKind(inn: string): CustomerVersion['kind'] {
  return /^\d{12}$/.test(inn) ? 'person' : 'company';
}

/** Lower-case name, tax id, phone digits (with the leading 7 and without) and e-mail: what the list searches. */
export function searchTextOf(version: CustomerVersion): string {
  const digits = version.phone.replace(/\D/g, '');
  return [version.name, version.inn, digits, digits.startsWith('7') ? `8${digits.slice(1)}` : '', version.email].join(' ').toLocaleLowerCase('ru');
}

export function parseVersion(json: string | null): CustomerVersion | null {
  if (json === null) return null;
  const value = JSON.parse(json) as Partial<CustomerVersion>;
  return {
    kind: value.kind === 'person' ? 'person' : 'company',
    country: value.country === 'KZ' ? 'KZ' : 'RU',
    name: value.name ?? '',
    inn: value.inn ?? '',
    kpp: value.kpp ?? '',
    phone: value.phone ?? '',
    email: value.email ?? '',
  };
}

/** Versions sent without an answer yet (JSON array), oldest first. */
export function parseVersions(json: string | null): CustomerVersion[] {
  if (json === null) return [];
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.map((item) => parseVersion(JSON.stringify(item)) as CustomerVersion) : [];
}

/** The last few unconfirmed sends: enough for a crash or two between a send and its answer. */
export function withSent(sent: readonly CustomerVersion[], version: CustomerVersion): CustomerVersion[] {
  const others = sent.filter((v) => !isSameIn1C(v, version));
  return [...others, version].slice(-5);
}

/** The fields in a fixed order, so equal versions are equal JSON. */
export function versionJson(version: CustomerVersion): string {
  const { kind, country, name, inn, kpp, phone, email } = version;
  return JSON.stringify({ kind, country, name, inn, kpp, phone, email });
}
