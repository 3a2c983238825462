// Test support for customers: a store database pulled from a running 1C emulator by the real sync,
// the real outbox sender against the same emulator, and the local mirror read back in the emulator's
// terms, so a test can compare the two exhaustively.
import { type CustomerFieldsInput, customerFields } from '../../../src-preload/contract/customers';
import { type AppDb } from '../db/open';
import { silentLogger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { getProfile } from '../onec/profiles';
import { createOutboxSender, type OutboxConnection } from '../outbox/outbox-sender';
import { documentTransitions } from '../documents/document-sending.service';
import { createSyncService, type SyncService } from '../sync/sync.service';
import { type CustomerChange } from './customer-sync.service';
import { formatPhone, phoneFrom1C, emailFrom1C } from './contacts';
import { openTempDb } from '../testing/temp-db';
import { type EmulatorCounterparty, type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { createCustomer } from './customers.service';
import { type CustomerRecord } from './customer';

export type CustomersSetup = Awaited<ReturnType<typeof setupCustomers>>;

/**
 * An emulator of `profileId`, a store database, a sync service and an outbox sender over real HTTP.
 * `cleanups` collects what the test must close.
 */
export async function setupCustomers(
  profileId: 'ut11' | 'unf',
  cleanups: (() => Promise<void> | void)[],
  options: { ignoreClientKeys?: boolean; initialPull?: boolean } = {},
) {
  const emulator = await startOnecEmulator({ port: 0, profile: profileId, products: 60, ...(options.ignoreClientKeys ? { ignoreClientKeys: true } : {}) });
  cleanups.push(() => emulator.close());
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const profile = getProfile(profileId);
  const client = createOnecClient({ baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password }, { logger: silentLogger, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
  cleanups.push(() => client.close());
  const changes: CustomerChange[] = [];
  const sync: SyncService = createSyncService({ db: temp.db, client, profile, logger: silentLogger, clock: Date.now, onCustomersChanged: (c) => changes.push(...c) });
  cleanups.push(() => sync.shutdown());
  const customerEvents: string[] = [];
  const sender = createOutboxSender({
    db: temp.db,
    documents: documentTransitions(temp.db),
    connect: async (): Promise<OutboxConnection> => {
      const c = createOnecClient({ baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password }, { logger: silentLogger, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
      return { client: c, profile, organizationRef: null, close: () => c.close() };
    },
    logger: silentLogger,
    clock: Date.now,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    onCustomerChange: (id) => customerEvents.push(id),
  });
  /** Pulls customers only (or every job); throws when the job failed. */
  const pull = async (jobs: readonly ('customers' | 'warehouses' | 'units' | 'catalog' | 'characteristics' | 'barcodes' | 'priceTypes' | 'prices' | 'movements' | 'balances')[] = ['customers']) => {
    const summary = await sync.runNow({ jobs });
    const failed = summary.jobs.find((job) => job.status !== 'ok');
    if (failed) throw new Error(`pull ${failed.job} failed: ${failed.error?.message ?? failed.status}`);
    return summary.jobs.find((job) => job.job === 'customers');
  };
  if (options.initialPull !== false) await pull();
  return { emulator, db: temp.db, profile, pull, sync, sender, changes, customerEvents };
}

export type MirroredCustomer = { ref: string; kind: 'person' | 'company'; name: string; inn: string; kpp: string; phone: string; email: string; isDeleted: boolean };

/** Every customer linked to 1C, as the pull should have mirrored it, by ref. */
export function readMirroredCustomers(db: AppDb): MirroredCustomer[] {
  const rows = db.sqlite
    .prepare(
      `SELECT ref_1c AS ref, kind, name, coalesce(inn, '') AS inn, coalesce(kpp, '') AS kpp, coalesce(phone, '') AS phone, coalesce(email, '') AS email, is_deleted AS isDeleted
       FROM customers WHERE ref_1c IS NOT NULL ORDER BY ref_1c`,
    )
    .all() as (Omit<MirroredCustomer, 'isDeleted'> & { isDeleted: number })[];
  return rows.map((r) => ({ ...r, isDeleted: r.isDeleted === 1 }));
}

/**
 * 1C's elements (groups left out) the way the mirror should hold them: the legal form read by the
 * emulator's own meaning (an ИП is a person), the first phone and e-mail normalised.
 */
export function expectedMirror(counterparties: readonly EmulatorCounterparty[]): MirroredCustomer[] {
  return counterparties
    .filter((c) => !c.isFolder)
    .map((c) => ({
      ref: c.ref,
      kind: c.kind === 'company' ? ('company' as const) : c.kind === 'person' || c.kind === 'entrepreneur' ? ('person' as const) : /^\d{12}$/.test(c.inn.trim()) ? ('person' as const) : ('company' as const),
      name: c.name.trim(),
      inn: c.inn.trim(),
      kpp: c.kpp.trim(),
      phone: c.phones[0] ? phoneFrom1C(c.phones[0]) : '',
      email: c.emails[0] ? emailFrom1C(c.emails[0]) : '',
      isDeleted: c.deletionMark,
    }))
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

/** A customer registered at the counter (through the service, as the handler does). */
export function registerCustomer(db: AppDb, fields: CustomerFieldsInput): CustomerRecord {
  return createCustomer(db, customerFields.parse(fields), { userId: null, now: Date.now() });
}

/** Counterparties of the emulator that carry this customer's marker or key. */
export function counterpartiesOf(emulator: OnecEmulator, customerId: string): EmulatorCounterparty[] {
  return emulator.counterparties().filter((c) => c.ref === customerId || c.comment.includes(`Прилавок ${customerId}`));
}

export function customerState(db: AppDb, id: string): { syncState: string; ref1c: string | null; last1cMessage: string | null } {
  return db.sqlite.prepare('SELECT sync_state AS syncState, ref_1c AS ref1c, last_1c_message AS last1cMessage FROM customers WHERE id = ?').get(id) as {
    syncState: string;
    ref1c: string | null;
    last1cMessage: string | null;
  };
}

/** How 1C shows a normalised phone (for comparing emulator rows). */
export function shownPhone(phone: string): string {
  return formatPhone(phone);
}

