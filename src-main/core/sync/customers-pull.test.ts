// The customers pull against the 1C emulator over real HTTP, in both configurations: the mirror is
// 1C's counterparties exactly, changes and deletions in 1C arrive, a customer registered here is
// recognised in 1C's data by ИНН, then e-mail, then phone, and a change on both sides is a conflict.
import { afterEach, describe, expect, it } from 'vitest';
import { customerState, expectedMirror, readMirroredCustomers, registerCustomer, setupCustomers } from '../customers/customers.testing';
import { findOpenConflict } from '../customers/customer-conflicts.repo';
import { updateCustomer } from '../customers/customers.service';
import { findCustomer } from '../customers/customers.repo';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(['ut11', 'unf'] as const)('customers pull (%s)', (profileId) => {
  it('mirrors every counterparty exactly (groups left out, ИП as persons, first phone and e-mail normalised, deletion marks kept)', async () => {
    const s = await setupCustomers(profileId, cleanups);
    const expected = expectedMirror(s.emulator.counterparties());
    expect(expected.length).toBeGreaterThan(20);
    expect(expected.some((c) => c.isDeleted)).toBe(true);
    expect(expected.some((c) => c.phone !== '' && c.email !== '')).toBe(true);
    expect(readMirroredCustomers(s.db)).toEqual(expected);
    // Every one of them is in sync and has 1C's DataVersion.
    const states = s.db.sqlite.prepare("SELECT count(*) FROM customers WHERE sync_state <> 'synced' OR data_version_1c IS NULL").pluck().get();
    expect(states).toBe(0);
    // A Kazakh БИН is recognised as Kazakh, a Russian one as Russian.
    const almaty = s.db.sqlite.prepare("SELECT country FROM customers WHERE name = 'Алматы Трейд ТОО'").pluck().get();
    const romashka = s.db.sqlite.prepare("SELECT country FROM customers WHERE name = 'Ромашка ООО'").pluck().get();
    expect([almaty, romashka]).toEqual(['KZ', 'RU']);

    // A second pull with nothing changed in 1C reads only keys and versions.
    const again = await s.pull();
    expect(again?.counts).toMatchObject({ inserted: 0, updated: 0, deleted: 0, unchanged: expected.length });
  });

  it('brings changes, new counterparties, deletion marks and physical deletions made in 1C', async () => {
    const s = await setupCustomers(profileId, cleanups);
    const [first, second, third] = s.emulator.counterparties().filter((c) => !c.isFolder && !c.deletionMark && c.predefinedName === '');
    if (!first || !second || !third) throw new Error('too few counterparties');
    s.emulator.mutate.changeCounterparty(first.ref, { name: 'Ромашка-Опт ООО', phone: '8 (495) 111-22-33', email: 'Opt@Romashka.RU' });
    s.emulator.mutate.markDeleted(second.ref);
    s.emulator.mutate.removeCounterparty(third.ref);
    const added = s.emulator.mutate.addCounterparty({ name: 'ИП Новиков Павел Андреевич', kind: 'entrepreneur', inn: '500100732259', phone: '+7 916 000-11-22' });
    s.changes.length = 0;
    const summary = await s.pull();
    expect(summary?.counts).toMatchObject({ inserted: 1, updated: 2, deleted: 1 });
    const mirror = readMirroredCustomers(s.db);
    const byRef = new Map(mirror.map((c) => [c.ref, c]));
    expect(byRef.get(first.ref)).toMatchObject({ name: 'Ромашка-Опт ООО', phone: '+74951112233', email: 'Opt@romashka.ru' });
    expect(byRef.get(second.ref)?.isDeleted).toBe(true);
    expect(byRef.get(third.ref)?.isDeleted, 'gone from 1C: marked, never dropped').toBe(true);
    expect(byRef.get(added)).toMatchObject({ kind: 'person', inn: '500100732259', phone: '+79160001122' });
    // The live part of the mirror equals 1C; what 1C dropped is kept, marked deleted.
    expect(mirror.filter((c) => c.ref !== third.ref)).toEqual(expectedMirror(s.emulator.counterparties()));
    expect(s.changes.map((c) => c.id).length).toBeGreaterThanOrEqual(4);
  });

  it('recognises a customer registered here by ИНН, then e-mail, then phone, instead of duplicating it', async () => {
    const s = await setupCustomers(profileId, cleanups, { initialPull: false });
    // Three local customers, none sent yet, each matching a different 1C counterparty by one key only.
    const byInn = registerCustomer(s.db, { kind: 'company', name: 'Ромашка (касса)', inn: '7707083893' });
    const byEmail = registerCustomer(s.db, { kind: 'person', name: 'Мария К.', email: 'Maria.K@Example.RU' });
    const byPhone = registerCustomer(s.db, { kind: 'person', name: 'Игорь Л.', phone: '8 (916) 555-44-33' });
    // A 1C counterparty that matches byEmail's e-mail AND byPhone's phone: e-mail wins over phone.
    const innRef = s.emulator.mutate.addCounterparty({ name: 'Ромашка (касса)', kind: 'company', inn: '7707083893' });
    const emailRef = s.emulator.mutate.addCounterparty({ name: 'Мария К.', kind: 'person', email: 'maria.k@example.ru', phone: '+7 916 555-44-33' });
    const phoneRef = s.emulator.mutate.addCounterparty({ name: 'Игорь Л.', kind: 'person', phone: '+7 (916) 555-44-33' });
    await s.pull();
    expect(customerState(s.db, byInn.id)).toMatchObject({ ref1c: innRef, syncState: 'synced' });
    // Matched by e-mail (case aside), not taken by byPhone; 1C also has a phone the counter did not
    // type, so the two differ and a person decides (a conflict with no common base).
    expect(customerState(s.db, byEmail.id)).toMatchObject({ ref1c: emailRef, syncState: 'conflict' });
    expect(findOpenConflict(s.db, byEmail.id)).toMatchObject({ base: null, local: { phone: '' }, remote: { phone: '+79165554433', email: 'maria.k@example.ru' } });
    expect(customerState(s.db, byPhone.id)).toMatchObject({ ref1c: phoneRef, syncState: 'synced' });
    // No duplicates: each of the three refs is held by exactly one customer, and nothing is left to send.
    for (const ref of [innRef, emailRef, phoneRef]) expect(s.db.sqlite.prepare('SELECT count(*) FROM customers WHERE ref_1c = ?').pluck().get(ref)).toBe(1);
    expect(s.db.sqlite.prepare("SELECT count(*) FROM outbox WHERE kind = 'customer.send' AND status IN ('pending', 'sending')").pluck().get()).toBe(0);
  });

  it('prefers ИНН over e-mail and e-mail over phone when one 1C counterparty matches several local customers', async () => {
    const s = await setupCustomers(profileId, cleanups, { initialPull: false });
    const phoneOnly = registerCustomer(s.db, { kind: 'person', name: 'По телефону', phone: '+7 903 777-66-55' });
    const emailOnly = registerCustomer(s.db, { kind: 'person', name: 'По почте', email: 'shared@mail.ru' });
    const innOnly = registerCustomer(s.db, { kind: 'person', name: 'По ИНН', inn: '773370857141' });
    const ref = s.emulator.mutate.addCounterparty({ name: 'Общий', kind: 'person', inn: '773370857141', email: 'shared@mail.ru', phone: '+7 903 777-66-55' });
    await s.pull();
    expect(customerState(s.db, innOnly.id).ref1c).toBe(ref);
    expect(customerState(s.db, emailOnly.id).ref1c).toBeNull();
    expect(customerState(s.db, phoneOnly.id).ref1c).toBeNull();
    // Matched with different values: a conflict with no common base, to be decided by a person.
    expect(customerState(s.db, innOnly.id).syncState).toBe('conflict');
    expect(findOpenConflict(s.db, innOnly.id)).toMatchObject({ base: null, local: { name: 'По ИНН' }, remote: { name: 'Общий', email: 'shared@mail.ru' } });
  });

  it('turns a change on both sides into a conflict (three-way), a no-op 1C write or an equal change into none', async () => {
    const s = await setupCustomers(profileId, cleanups);
    const [a, b, c] = s.emulator.counterparties().filter((x) => !x.isFolder && !x.deletionMark && x.predefinedName === '' && x.inn !== '');
    if (!a || !b || !c) throw new Error('too few counterparties');
    const local = (ref: string) => s.db.sqlite.prepare('SELECT id FROM customers WHERE ref_1c = ?').pluck().get(ref) as string;
    const edit = (ref: string, patch: Record<string, string>) => {
      const record = findCustomer(s.db, local(ref));
      if (!record) throw new Error('no local customer');
      updateCustomer(s.db, record.id, { ...record.version, ...patch }, { userId: null, now: Date.now() });
    };
    // a: both sides change the name differently → conflict.
    edit(a.ref, { name: 'Имя на кассе' });
    s.emulator.mutate.changeCounterparty(a.ref, { name: 'Имя в 1С' });
    // b: 1C rewrites without changing a value (DataVersion moves) → the local edit still goes.
    edit(b.ref, { email: 'new@b-shop.ru' });
    s.emulator.mutate.changeCounterparty(b.ref, {});
    // c: both sides make the same change → in sync, nothing to send.
    edit(c.ref, { name: 'Одинаково' });
    s.emulator.mutate.changeCounterparty(c.ref, { name: 'Одинаково' });
    await s.pull();
    expect(customerState(s.db, local(a.ref)).syncState).toBe('conflict');
    expect(findOpenConflict(s.db, local(a.ref))).toMatchObject({ local: { name: 'Имя на кассе' }, remote: { name: 'Имя в 1С' }, base: { name: a.name } });
    expect(s.db.sqlite.prepare('SELECT status FROM outbox WHERE idempotency_key = ?').pluck().get(`customer:${local(a.ref)}`)).toBe('paused');
    expect(customerState(s.db, local(b.ref)).syncState).toBe('queued');
    expect(customerState(s.db, local(c.ref)).syncState).toBe('synced');
    expect(s.db.sqlite.prepare('SELECT status FROM outbox WHERE idempotency_key = ?').pluck().get(`customer:${local(c.ref)}`)).toBe('done');
  });
});
