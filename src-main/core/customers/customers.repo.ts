// Queries over customers. Plain SQL through the statement cache like the other repos; the services
// and the sync steps own the transactions around these. Empty fields are stored as NULL.
import { type CustomerRow } from '../../../src-preload/contract/customers';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { AppError } from '../errors/app-error';
import { type CustomerRecord, type CustomerSyncState, type CustomerVersion, parseVersion, parseVersions, searchTextOf, versionJson } from './customer';

type StoredRow = {
  id: string;
  ref1c: string | null;
  kind: 'person' | 'company';
  country: 'RU' | 'KZ';
  name: string;
  inn: string | null;
  kpp: string | null;
  phone: string | null;
  email: string | null;
  syncState: CustomerSyncState;
  dataVersion1c: string | null;
  isDeleted: number;
  baseJson: string | null;
  sentJson: string | null;
  revision: number;
  last1cMessage: string | null;
  createdAt: number;
  updatedAt: number;
};

const columns = `id, ref_1c AS ref1c, kind, country, name, inn, kpp, phone, email, sync_state AS syncState,
  data_version_1c AS dataVersion1c, is_deleted AS isDeleted, base_json AS baseJson, sent_json AS sentJson, revision,
  last_1c_message AS last1cMessage, created_at AS createdAt, updated_at AS updatedAt`;

function toRecord(row: StoredRow): CustomerRecord {
  return {
    id: row.id,
    ref1c: row.ref1c,
    version: { kind: row.kind, country: row.country, name: row.name, inn: row.inn ?? '', kpp: row.kpp ?? '', phone: row.phone ?? '', email: row.email ?? '' },
    syncState: row.syncState,
    dataVersion1c: row.dataVersion1c,
    isDeleted: row.isDeleted === 1,
    base: parseVersion(row.baseJson),
    sent: parseVersions(row.sentJson),
    revision: row.revision,
    last1cMessage: row.last1cMessage,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toCustomerRow(record: CustomerRecord): CustomerRow {
  return { id: record.id, ref1c: record.ref1c, ...record.version, syncState: record.syncState, last1cMessage: record.last1cMessage, updatedAt: record.updatedAt };
}

export function findCustomer(db: AppDb, id: string): CustomerRecord | null {
  const row = cachedStatement(db, `SELECT ${columns} FROM customers WHERE id = ?`).get(id) as StoredRow | undefined;
  return row ? toRecord(row) : null;
}

export function requireCustomer(db: AppDb, id: string): CustomerRecord {
  const found = findCustomer(db, id);
  if (!found) throw new AppError('not_found', `Покупатель ${id} не найден`);
  return found;
}

export function findCustomerByRef(db: AppDb, ref1c: string): CustomerRecord | null {
  const row = cachedStatement(db, `SELECT ${columns} FROM customers WHERE ref_1c = ?`).get(ref1c) as StoredRow | undefined;
  return row ? toRecord(row) : null;
}

/** Records of these 1C refs, by ref (one query per page of a pull). */
export function findCustomersByRefs(db: AppDb, refs: readonly string[]): Map<string, CustomerRecord> {
  const rows = cachedStatement(db, `SELECT ${columns} FROM customers WHERE ref_1c IN (SELECT value FROM json_each(?))`).all(JSON.stringify(refs)) as StoredRow[];
  return new Map(rows.map((row) => [row.ref1c as string, toRecord(row)]));
}

const nullable = (value: string): string | null => (value === '' ? null : value);

export type NewCustomerRow = Pick<CustomerRecord, 'id' | 'ref1c' | 'version' | 'syncState' | 'dataVersion1c' | 'isDeleted' | 'base' | 'revision'> & {
  now: number;
  seenAt: number | null;
};

export function insertCustomer(db: AppDb, row: NewCustomerRow): void {
  const v = row.version;
  cachedStatement(
    db,
    `INSERT INTO customers (id, ref_1c, seen_at, kind, country, name, inn, kpp, phone, email, sync_state, data_version_1c, is_deleted,
       base_json, revision, search_text, created_at, updated_at)
     VALUES (@id, @ref1c, @seenAt, @kind, @country, @name, @inn, @kpp, @phone, @email, @syncState, @dataVersion1c, @isDeleted,
       @baseJson, @revision, @searchText, @now, @now)`,
  ).run({
    id: row.id,
    ref1c: row.ref1c,
    seenAt: row.seenAt,
    kind: v.kind,
    country: v.country,
    name: v.name,
    inn: nullable(v.inn),
    kpp: nullable(v.kpp),
    phone: nullable(v.phone),
    email: nullable(v.email),
    syncState: row.syncState,
    dataVersion1c: row.dataVersion1c,
    isDeleted: row.isDeleted ? 1 : 0,
    baseJson: row.base === null ? null : versionJson(row.base),
    revision: row.revision,
    searchText: searchTextOf(v),
    now: row.now,
  });
}

/**
 * Changes what the record holds. Only the members given are written; `version` writes every field
 * (and the search text). Returns whether the row exists.
 */
export function updateCustomer(
  db: AppDb,
  id: string,
  patch: {
    version?: CustomerVersion;
    ref1c?: string | null;
    syncState?: CustomerSyncState;
    dataVersion1c?: string | null;
    isDeleted?: boolean;
    base?: CustomerVersion | null;
    sent?: readonly CustomerVersion[];
    revision?: number;
    last1cMessage?: string | null;
    seenAt?: number;
  },
  now: number,
): boolean {
  const sets: string[] = ['updated_at = @now'];
  const params: Record<string, unknown> = { id, now };
  const set = (column: string, name: string, value: unknown): void => {
    sets.push(`${column} = @${name}`);
    params[name] = value;
  };
  if (patch.version) {
    const v = patch.version;
    set('kind', 'kind', v.kind);
    set('country', 'country', v.country);
    set('name', 'name', v.name);
    set('inn', 'inn', nullable(v.inn));
    set('kpp', 'kpp', nullable(v.kpp));
    set('phone', 'phone', nullable(v.phone));
    set('email', 'email', nullable(v.email));
    set('search_text', 'searchText', searchTextOf(v));
  }
  if (patch.ref1c !== undefined) set('ref_1c', 'ref1c', patch.ref1c);
  if (patch.syncState !== undefined) set('sync_state', 'syncState', patch.syncState);
  if (patch.dataVersion1c !== undefined) set('data_version_1c', 'dataVersion1c', patch.dataVersion1c);
  if (patch.isDeleted !== undefined) set('is_deleted', 'isDeleted', patch.isDeleted ? 1 : 0);
  if (patch.base !== undefined) set('base_json', 'baseJson', patch.base === null ? null : versionJson(patch.base));
  if (patch.sent !== undefined) set('sent_json', 'sentJson', patch.sent.length === 0 ? null : `[${patch.sent.map(versionJson).join(',')}]`);
  if (patch.revision !== undefined) set('revision', 'revision', patch.revision);
  if (patch.last1cMessage !== undefined) set('last_1c_message', 'last1cMessage', patch.last1cMessage);
  if (patch.seenAt !== undefined) set('seen_at', 'seenAt', patch.seenAt);
  // Dynamic column list: prepared per shape (a handful of shapes in practice), not cached.
  return db.sqlite.prepare(`UPDATE customers SET ${sets.join(', ')} WHERE id = @id`).run(params).changes === 1;
}

/** The identity fields in the order they decide a match (ИНН/БИН, e-mail, phone), empty ones included. */
const identityProbes = (version: CustomerVersion): Array<['inn' | 'email' | 'phone', string]> => [
  ['inn', version.inn],
  ['email', version.email],
  ['phone', version.phone],
];

/**
 * Another live customer that already has this ИНН/БИН, e-mail or phone (the first rule that matches,
 * in that order), other than `exceptId`. Deleted ones do not count: 1C no longer uses them.
 */
export function findDuplicate(db: AppDb, version: CustomerVersion, exceptId: string | null): { customer: CustomerRecord; field: 'inn' | 'email' | 'phone' } | null {
  for (const [field, value] of identityProbes(version)) {
    if (value === '') continue;
    // ИНН alone is shared by a company's branches; they differ by КПП.
    const kppClause = field === 'inn' && version.kpp !== '' ? 'AND (kpp IS NULL OR kpp = @kpp)' : '';
    const sql = `SELECT ${columns} FROM customers WHERE ${field === 'email' ? 'lower(email) = lower(@value)' : `${field} = @value`} ${kppClause}
      AND is_deleted = 0 AND id IS NOT @exceptId ORDER BY created_at LIMIT 1`;
    const row = cachedStatement(db, sql).get({ value, kpp: version.kpp, exceptId }) as StoredRow | undefined;
    if (row) return { customer: toRecord(row), field };
  }
  return null;
}

/**
 * A local customer not yet linked to 1C that a counterparty from 1C is the same as: by ИНН (and КПП
 * when both have one), then e-mail, then phone. Customers whose create is in flight are left alone
 * (the outbox links them itself when 1C answers).
 */
export function findUnlinkedMatch(db: AppDb, version: CustomerVersion, takenIds: ReadonlySet<string>): { customer: CustomerRecord; by: 'inn' | 'email' | 'phone' } | null {
  for (const [field, value] of identityProbes(version)) {
    if (value === '') continue;
    const kppClause = field === 'inn' ? "AND (kpp IS NULL OR @kpp = '' OR kpp = @kpp)" : '';
    const rows = cachedStatement(
      db,
      `SELECT ${columns} FROM customers
       WHERE ref_1c IS NULL AND is_deleted = 0 AND ${field === 'email' ? 'lower(email) = lower(@value)' : `${field} = @value`} ${kppClause}
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.idempotency_key = 'customer:' || customers.id AND o.status = 'sending')
       ORDER BY created_at`,
    ).all({ value, kpp: version.kpp }) as StoredRow[];
    const row = rows.find((r) => !takenIds.has(r.id));
    if (row) return { customer: toRecord(row), by: field };
  }
  return null;
}

export type CustomerListQuery = { offset: number; limit: number; search?: string; syncState?: CustomerSyncState };

/** Live customers (not deleted in 1C), by name; search over name, tax id, phone (any spelling) and e-mail. */
export function listCustomerRecords(db: AppDb, query: CustomerListQuery): { records: CustomerRecord[]; total: number } {
  fillMissingSearchText(db);
  const where = ['is_deleted = 0'];
  const params: Record<string, unknown> = { limit: query.limit, offset: query.offset };
  if (query.syncState !== undefined) {
    where.push('sync_state = @syncState');
    params.syncState = query.syncState;
  }
  const search = query.search?.trim().toLocaleLowerCase('ru') ?? '';
  if (search !== '') {
    const digits = search.replace(/\D/g, '');
    // A phone typed as «8 916 123» or «+7 (916) 123» is found by its digits.
    const alternatives = ["search_text LIKE @text ESCAPE '\\'"];
    params.text = `%${escapeLike(search)}%`;
    if (digits.length >= 3 && digits !== search) {
      alternatives.push("search_text LIKE @digits ESCAPE '\\'");
      params.digits = `%${digits}%`;
    }
    where.push(`(${alternatives.join(' OR ')})`);
  }
  const filter = `WHERE ${where.join(' AND ')}`;
  const rows = db.sqlite.prepare(`SELECT ${columns} FROM customers ${filter} ORDER BY name COLLATE NOCASE, id LIMIT @limit OFFSET @offset`).all(params) as StoredRow[];
  const total = db.sqlite.prepare(`SELECT count(*) FROM customers ${filter}`).pluck().get(params) as number;
  return { records: rows.map(toRecord), total };
}

/** Rows written without the search text (by another part of the app, or before it existed) get it now. */
function fillMissingSearchText(db: AppDb): void {
  const rows = cachedStatement(db, `SELECT ${columns} FROM customers WHERE search_text = '' LIMIT 1000`).all() as StoredRow[];
  if (rows.length === 0) return;
  const update = cachedStatement(db, 'UPDATE customers SET search_text = ? WHERE id = ?');
  db.sqlite.transaction(() => {
    for (const row of rows) update.run(searchTextOf(toRecord(row).version), row.id);
  })();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Local documents that name this customer, newest first. */
export function customerDocuments(db: AppDb, customerId: string): { id: string; kind: string; localNumber: string; status: string; date: number }[] {
  return cachedStatement(
    db,
    'SELECT id, kind, local_number AS localNumber, status, date FROM documents WHERE customer_id = ? ORDER BY date DESC, id DESC LIMIT 200',
  ).all(customerId) as { id: string; kind: string; localNumber: string; status: string; date: number }[];
}

/** Live refs mirrored locally (for finding the ones 1C no longer has). */
export function readLiveCustomerRefs(db: AppDb): string[] {
  return cachedStatement(db, 'SELECT ref_1c FROM customers WHERE ref_1c IS NOT NULL AND is_deleted = 0').pluck().all() as string[];
}

/**
 * The 1C DataVersion each mirrored ref was last read at: the agreed one, or for a customer in conflict
 * the one of 1C's side of the conflict (a conflict from an identity match has no agreed version, and
 * must not be fetched again on every pull while it waits).
 */
export function readCustomerDataVersions(db: AppDb, refs: readonly string[]): Map<string, string | null> {
  const rows = cachedStatement(
    db,
    `SELECT c.ref_1c AS ref,
       CASE WHEN c.sync_state = 'conflict'
         THEN (SELECT k.remote_version_1c FROM customer_conflicts k WHERE k.customer_id = c.id AND k.resolved_at IS NULL)
         ELSE c.data_version_1c END AS version
     FROM customers c WHERE c.ref_1c IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(refs)) as {
    ref: string;
    version: string | null;
  }[];
  return new Map(rows.map((r) => [r.ref, r.version]));
}

export function countMirroredCustomers(db: AppDb): number {
  return cachedStatement(db, 'SELECT count(*) FROM customers WHERE ref_1c IS NOT NULL').pluck().get() as number;
}
