// Customers through the outbox against the 1C emulator over real HTTP: a new one is created in 1C
// exactly once (also when 1C's answer is lost, when 1C ignores our key, and after a crash between the
// send and the commit); a change is a PATCH of what changed, never over a change made in 1C meanwhile;
// 1C's refusal keeps 1C's words; a shipment for a new customer waits for it and carries its ref.
import { afterEach, describe, expect, it } from 'vitest';
import { type CustomerFieldsInput } from '../../../src-preload/contract/customers';
import { createBody } from '../customers/customer-wire';
import { findOpenConflict } from '../customers/customer-conflicts.repo';
import { findCustomer } from '../customers/customers.repo';
import { updateCustomer } from '../customers/customers.service';
import { counterpartiesOf, customerState, registerCustomer, setupCustomers } from '../customers/customers.testing';
import { addProduct, setLine } from '../documents/document-lines.service';
import { documentTransitions } from '../documents/document-sending.service';
import { createDraft, getDocument, queueDocument } from '../documents/documents.service';
import { silentLogger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { applyProfileOverrides } from '../onec/profiles';
import { createOutboxSender, type OutboxConnection } from './outbox-sender';
import { beginAttempt } from './outbox.repo';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const newCompany: CustomerFieldsInput = { kind: 'company', name: 'Лавка у дома ООО', inn: '7728168971', kpp: '772801001', phone: '8 (916) 123-45-67', email: 'Zakaz@Lavka.RU' };

const edit = (s: Awaited<ReturnType<typeof setupCustomers>>, id: string, patch: Partial<CustomerFieldsInput>) => {
  const record = findCustomer(s.db, id);
  if (!record) throw new Error(`no customer ${id}`);
  return updateCustomer(s.db, id, { ...record.version, ...patch }, { userId: null, now: Date.now() });
};

const writes = (s: Awaited<ReturnType<typeof setupCustomers>>) => s.emulator.requests.filter((r) => r.method !== 'GET' && decodeURIComponent(r.path).includes('Catalog_Контрагенты'));

describe.each(['ut11', 'unf'] as const)('customers → 1C (%s)', (profileId) => {
  it('creates a new customer once, under our key, with the legal form, tax ids, phone and e-mail rows and the marker', async () => {
    const s = await setupCustomers(profileId, cleanups);
    const customer = registerCustomer(s.db, newCompany);
    expect(await s.sender.drain()).toEqual({ state: 'idle', sent: 1 });
    const [created, ...others] = counterpartiesOf(s.emulator, customer.id);
    expect(others).toEqual([]);
    expect(created).toMatchObject({ ref: customer.id, name: 'Лавка у дома ООО', fullName: 'Лавка у дома ООО', kind: 'company', inn: '7728168971', kpp: '772801001', phones: ['+7 (916) 123-45-67'], emails: ['Zakaz@lavka.ru'] });
    expect(created?.comment).toContain(`Прилавок ${customer.id}`);
    expect(customerState(s.db, customer.id)).toEqual({ syncState: 'synced', ref1c: customer.id, last1cMessage: null });
    expect(s.customerEvents).toContain(customer.id);
    // The next pull finds it unchanged: the stored DataVersion is 1C's.
    expect((await s.pull())?.counts).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('creates it once when 1C committed the create but the answer was lost', async () => {
    const s = await setupCustomers(profileId, cleanups);
    const customer = registerCustomer(s.db, newCompany);
    s.emulator.faults.failNext('lostresponse', 1, 'write');
    const first = await s.sender.drain();
    expect(first.state).toBe('waiting');
    expect(counterpartiesOf(s.emulator, customer.id)).toHaveLength(1);
    expect(await s.sender.drain()).toEqual({ state: 'idle', sent: 1 });
    expect(counterpartiesOf(s.emulator, customer.id)).toHaveLength(1);
    expect(writes(s).filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(customerState(s.db, customer.id)).toMatchObject({ syncState: 'synced', ref1c: customer.id });
  });

  it('finds its own counterparty by the marker when 1C gave it a key of its own and the answer was lost', async () => {
    const s = await setupCustomers(profileId, cleanups, { ignoreClientKeys: true });
    const customer = registerCustomer(s.db, { kind: 'person', name: 'Гость без ИНН', phone: '+7 999 000-00-01' });
    s.emulator.faults.failNext('lostresponse', 1, 'write');
    await s.sender.drain();
    expect(await s.sender.drain()).toEqual({ state: 'idle', sent: 1 });
    const found = counterpartiesOf(s.emulator, customer.id);
    expect(found).toHaveLength(1);
    expect(found[0]?.ref).not.toBe(customer.id);
    expect(customerState(s.db, customer.id)).toMatchObject({ syncState: 'synced', ref1c: found[0]?.ref });
  });

  it('creates it once after the app died between 1C’s answer and the commit', async () => {
    const s = await setupCustomers(profileId, cleanups, { ignoreClientKeys: profileId === 'unf' });
    const customer = registerCustomer(s.db, newCompany);
    // What the dead process did: counted the attempt, sent the POST, and never wrote the answer down.
    const row = s.db.sqlite.prepare('SELECT id FROM outbox WHERE idempotency_key = ?').pluck().get(`customer:${customer.id}`) as string;
    expect(beginAttempt(s.db, row, Date.now())).toBe(1);
    const client = createOnecClient({ baseUrl: s.emulator.baseUrl, user: s.emulator.user, password: s.emulator.password }, { logger: silentLogger });
    cleanups.push(() => client.close());
    const spec = s.profile.customers;
    if (!spec) throw new Error('no customers in the profile');
    await client.write('POST', spec.set, createBody(spec, customer.id, customer.version));
    // The next start.
    expect(s.sender.recover()).toBe(1);
    expect(await s.sender.drain()).toEqual({ state: 'idle', sent: 1 });
    expect(counterpartiesOf(s.emulator, customer.id)).toHaveLength(1);
    expect(customerState(s.db, customer.id).syncState).toBe('synced');
  });

  it('links instead of creating when 1C already has a counterparty with the same ИНН', async () => {
    const s = await setupCustomers(profileId, cleanups);
    const existing = s.emulator.mutate.addCounterparty({ name: 'Лавка у дома ООО', kind: 'company', inn: '7728168971', kpp: '772801001', phone: '+7 (916) 123-45-67', email: 'Zakaz@lavka.ru' });
    const customer = registerCustomer(s.db, newCompany);
    expect(await s.sender.drain()).toEqual({ state: 'idle', sent: 1 });
    expect(writes(s)).toEqual([]);
    expect(customerState(s.db, customer.id)).toMatchObject({ syncState: 'synced', ref1c: existing });
  });

  it('sends a change as a PATCH of the changed fields only, keeping 1C’s other contact rows', async () => {
    const s = await setupCustomers(profileId, cleanups);
    // 1C also keeps an address row Prilavok does not manage: PATCH replaces the section wholesale (§3.2).
    const ref = s.emulator.mutate.addCounterparty({ name: 'Старое имя ООО', kind: 'company', inn: '7710140679', phone: '+7 (495) 000-00-01', address: 'г. Москва, ул. Тверская, д. 1', email: 'old@shop.ru' });
    await s.pull();
    const before = s.emulator.counterparty(ref)?.contacts ?? [];
    const address = before.find((r) => r.type === 'Адрес');
    expect(address).toBeDefined();
    const id = s.db.sqlite.prepare('SELECT id FROM customers WHERE ref_1c = ?').pluck().get(ref) as string;
    edit(s, id, { name: 'Новое имя ООО', phone: '+7 495 000-00-02' });
    s.emulator.resetRequestLog();
    expect(await s.sender.drain()).toEqual({ state: 'idle', sent: 1 });
    const after = s.emulator.counterparty(ref);
    expect(after).toMatchObject({ name: 'Новое имя ООО', fullName: 'Старое имя ООО', inn: '7710140679', phones: ['+7 (495) 000-00-02'], emails: ['old@shop.ru'] });
    // The address row went back exactly as it was; the phone row kept its kind and lost its stale number.
    expect(after?.contacts.find((r) => r.type === 'Адрес')).toEqual(address);
    expect(after?.contacts.find((r) => r.type === 'Телефон')).toMatchObject({ kindRef: before.find((r) => r.type === 'Телефон')?.kindRef, phone: '' });
    expect(after?.contacts.map((r) => r.type)).toEqual(before.map((r) => r.type));
    expect(writes(s).map((r) => r.method)).toEqual(['PATCH']);
    expect(customerState(s.db, id).syncState).toBe('synced');
  });

  it('keeps 1C’s change made after the pull: re-reads before the PATCH and opens a conflict instead of overwriting', async () => {
    const s = await setupCustomers(profileId, cleanups);
    const target = s.emulator.counterparties().find((c) => !c.isFolder && !c.deletionMark && c.inn !== '' && c.predefinedName === '');
    if (!target) throw new Error('no counterparty');
    const id = s.db.sqlite.prepare('SELECT id FROM customers WHERE ref_1c = ?').pluck().get(target.ref) as string;
    edit(s, id, { name: 'Так на кассе' });
    // 1C ignores If-Match (§3.5): only the re-read protects this change.
    s.emulator.mutate.changeCounterparty(target.ref, { name: 'Так в 1С' });
    s.emulator.resetRequestLog();
    expect(await s.sender.drain()).toEqual({ state: 'idle', sent: 1 });
    expect(writes(s)).toEqual([]);
    expect(s.emulator.counterparty(target.ref)?.name).toBe('Так в 1С');
    expect(customerState(s.db, id).syncState).toBe('conflict');
    expect(findOpenConflict(s.db, id)).toMatchObject({ local: { name: 'Так на кассе' }, remote: { name: 'Так в 1С' }, base: { name: target.name } });
  });

  it('keeps 1C’s words when 1C refuses, and sends again after an edit', async () => {
    const s = await setupCustomers(profileId, cleanups);
    // A profile whose legal-form value 1C does not know: 1C refuses the create (400, code 4).
    const profile = applyProfileOverrides(s.profile, { customers: { legalForm: { company: 'НетТакогоЗначения' } } });
    const sender = createOutboxSender({
      db: s.db,
      documents: documentTransitions(s.db),
      connect: async (): Promise<OutboxConnection> => {
        const client = createOnecClient({ baseUrl: s.emulator.baseUrl, user: s.emulator.user, password: s.emulator.password }, { logger: silentLogger, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
        return { client, profile, organizationRef: null, close: () => client.close() };
      },
      logger: silentLogger,
      clock: Date.now,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    const customer = registerCustomer(s.db, newCompany);
    expect(await sender.drain()).toEqual({ state: 'idle', sent: 1 });
    const state = customerState(s.db, customer.id);
    expect(state).toMatchObject({ syncState: 'rejected', ref1c: null });
    expect(state.last1cMessage).toMatch(/НетТакогоЗначения/);
    expect(counterpartiesOf(s.emulator, customer.id)).toEqual([]);
    // Fixed (here: the right profile) and edited: it goes again.
    edit(s, customer.id, { name: 'Лавка у дома' });
    expect(customerState(s.db, customer.id)).toMatchObject({ syncState: 'queued', last1cMessage: null });
    expect(await s.sender.drain()).toEqual({ state: 'idle', sent: 1 });
    expect(counterpartiesOf(s.emulator, customer.id)).toHaveLength(1);
  });

  it('sends a shipment for a new customer after the customer, with the customer’s ref as the counterparty', async () => {
    const s = await setupCustomers(profileId, cleanups, { initialPull: false });
    await s.pull(['warehouses', 'units', 'catalog', 'characteristics', 'barcodes', 'priceTypes', 'prices', 'movements', 'balances', 'customers']);
    const customer = registerCustomer(s.db, { kind: 'person', name: 'Покупатель на кассе', phone: '+7 926 111-22-33' });
    const warehouse = s.db.sqlite.prepare('SELECT id FROM warehouses WHERE ref_1c IS NOT NULL ORDER BY id LIMIT 1').pluck().get() as number;
    const product = s.db.sqlite.prepare('SELECT product_id FROM stock WHERE warehouse_id = ? AND characteristic_id IS NULL AND qty_1c >= 5000 ORDER BY product_id LIMIT 1').pluck().get(warehouse) as number;
    const now = Date.now();
    const draft = createDraft(s.db, { kind: 'shipment', warehouseId: warehouse, customerId: customer.id, userId: null, now });
    expect(draft.customerId).toBe(customer.id);
    expect(draft.customerName).toBe('Покупатель на кассе');
    addProduct(s.db, { documentId: draft.id, productId: product, characteristicId: null, qty: 1000, userId: null, now });
    setLine(s.db, { documentId: draft.id, lineNo: 1, price: 9900, userId: null, now });
    expect(queueDocument(s.db, { documentId: draft.id, userId: null, now, allowNegative: true }).outcome).toBe('queued');
    // The customer's row behind the shipment's (as after an edit that re-queued it): the shipment must wait for it.
    s.db.sqlite.prepare("UPDATE outbox SET created_at = ? WHERE idempotency_key = ?").run(now + 60_000, `customer:${customer.id}`);
    // 1C is down for the customer's first try: the shipment waits, it is not refused.
    s.emulator.faults.failNext('503', 1, 'write');
    const waiting = await s.sender.drain();
    expect(waiting.state).toBe('waiting');
    expect(getDocument(s.db, draft.id).status).toBe('queued');
    expect(counterpartiesOf(s.emulator, customer.id)).toEqual([]);
    s.db.sqlite.prepare("UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'").run();
    s.emulator.resetRequestLog();
    expect(await s.sender.drain()).toMatchObject({ state: 'idle' });
    const ref = customerState(s.db, customer.id).ref1c;
    expect(ref).toBe(customer.id);
    const local = getDocument(s.db, draft.id);
    expect(local.status).toBe('posted');
    expect(s.emulator.document(local.ref1c ?? '')?.counterpartyRef).toBe(ref);
    // The counterparty was created before the document.
    const posts = s.emulator.requests.filter((r) => r.method === 'POST').map((r) => decodeURIComponent(r.path));
    expect(posts.findIndex((p) => p.includes('Catalog_Контрагенты'))).toBeLessThan(posts.findIndex((p) => p.includes('Document_')));
  });
});
