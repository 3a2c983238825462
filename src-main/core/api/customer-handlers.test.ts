// The customer channels through the real dispatch of a real core, against the 1C emulator over real
// HTTP: both directions, a conflict resolved field by field (1C ends up with the merged version),
// the validation issues a form places next to its fields, duplicates refused, and customers on
// shipments only.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CustomerConflict, type CustomerDetail, type CustomerRow, type DocumentView, type EventPayload, type IpcResult } from '../../../src-preload/contract';
import { type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { type Core, createCore } from '../app/create-core';
import { silentLogger } from '../logging/logger';
import { makeTempDir, repoMigrationsFolder } from '../testing/temp-db';

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

describe.each(['ut11', 'unf'] as const)('customer channels (%s)', (profileId) => {
  let temp: ReturnType<typeof makeTempDir>;
  let emulator: OnecEmulator;
  let core: Core;
  const changes: EventPayload<'customers.changed'>[] = [];

  beforeEach(async () => {
    temp = makeTempDir();
    emulator = await startOnecEmulator({ port: 0, profile: profileId, products: 40, user: 'Кассир', password: 'секрет' });
    changes.length = 0;
    core = createCore({
      dbPath: join(temp.dir, 'app.db'),
      migrationsFolder: repoMigrationsFolder,
      logger: silentLogger,
      host: 'web',
      version: 't',
      isOutboxRunning: false,
      isDevicesRunning: false,
      isAlertsRunning: false,
      isOutputChecked: true,
      secrets: { onecPassword: () => Promise.resolve('секрет') },
      outbox: { retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    });
    core.events.subscribe((event, payload) => {
      if (event === 'customers.changed') changes.push(payload as EventPayload<'customers.changed'>);
    });
    core.settings.set({ onecUrl: emulator.baseUrl, onecUser: 'Кассир', onecProfile: profileId });
  });
  afterEach(async () => {
    await core.sync.idle();
    await core.outbox.idle();
    await core.close();
    await emulator.close();
    temp.cleanup();
  });

  const pull = async (jobs: Parameters<Core['sync']['runNow']>[0] = ['customers']) => {
    await core.sync.runNow(jobs);
    await core.sync.idle();
    const job = core.sync.overview().jobs.find((j) => j.job === 'customers');
    expect(job?.lastRun?.status, job?.lastRun?.errorMessage ?? '').toBe('ok');
  };

  it('syncs both ways and resolves a conflict through the channels: 1C gets the merged version', async () => {
    await pull();
    const listed = value<{ rows: CustomerRow[]; total: number }>(await core.dispatch('customers.list', { search: 'ромашка' }));
    expect(listed.rows.map((r) => r.name)).toEqual(['Ромашка ООО']);
    const romashka = listed.rows[0] as CustomerRow;
    expect(romashka).toMatchObject({ syncState: 'synced', kind: 'company', country: 'RU' });
    const ref = romashka.ref1c as string;
    // A phone typed any way finds its customer.
    const byPhone = value<{ rows: CustomerRow[] }>(await core.dispatch('customers.list', { search: `8${romashka.phone.slice(2, 5)} ${romashka.phone.slice(5, 8)}` }));
    expect(byPhone.rows.map((r) => r.id)).toContain(romashka.id);

    // Here: a new name and phone. In 1C meanwhile: another name and a new e-mail.
    const edited = value<CustomerRow>(await core.dispatch('customers.update', { id: romashka.id, fields: { ...fieldsOf(romashka), name: 'Ромашка (касса)', phone: '8 916 700-00-01' } }));
    expect(edited).toMatchObject({ syncState: 'queued', phone: '+79167000001' });
    emulator.mutate.changeCounterparty(ref, { name: 'Ромашка (1С)', email: 'buh@romashka.ru' });
    await pull();

    const conflicts = value<CustomerConflict[]>(await core.dispatch('customers.conflicts.list', {}));
    expect(conflicts).toHaveLength(1);
    const conflict = conflicts[0] as CustomerConflict;
    expect(conflict).toMatchObject({
      customerId: romashka.id,
      local: { name: 'Ромашка (касса)', phone: '+79167000001', email: romashka.email },
      remote: { name: 'Ромашка (1С)', phone: romashka.phone, email: 'buh@romashka.ru' },
      base: { name: 'Ромашка ООО', phone: romashka.phone, email: romashka.email },
    });
    const detail = value<CustomerDetail>(await core.dispatch('customers.get', { id: romashka.id }));
    expect(detail).toMatchObject({ syncState: 'conflict', openConflictId: conflict.id });
    // No edits while the conflict waits.
    expect(await core.dispatch('customers.update', { id: romashka.id, fields: { ...fieldsOf(edited), name: 'ещё' } })).toMatchObject({ ok: false, error: { code: 'conflict', details: { conflictId: conflict.id } } });

    const take = { kind: 'local', country: 'local', name: 'remote', inn: 'local', kpp: 'local', phone: 'local', email: 'remote' } as const;
    const resolved = value<CustomerRow>(await core.dispatch('customers.conflicts.resolve', { id: conflict.id, take }));
    expect(resolved).toMatchObject({ syncState: 'queued', name: 'Ромашка (1С)', phone: '+79167000001', email: 'buh@romashka.ru' });
    expect(value<CustomerConflict[]>(await core.dispatch('customers.conflicts.list', {}))).toEqual([]);
    expect(await core.dispatch('customers.conflicts.resolve', { id: conflict.id, take })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await core.outbox.sendNow();
    expect(emulator.counterparty(ref)).toMatchObject({ name: 'Ромашка (1С)', phones: ['+7 (916) 700-00-01'], emails: ['buh@romashka.ru'] });
    expect(value<CustomerDetail>(await core.dispatch('customers.get', { id: romashka.id })).syncState).toBe('synced');
    // Every state change was announced.
    const states = changes.filter((c) => c.id === romashka.id).map((c) => c.syncState);
    expect(states).toEqual(expect.arrayContaining(['queued', 'conflict', 'synced']));
    // The audit log has the edit and the resolution, with who decided what.
    const actions = core.db.sqlite.prepare("SELECT action FROM audit_log WHERE details_json LIKE ? ORDER BY id").pluck().all(`%${romashka.id}%`);
    expect(actions).toEqual(expect.arrayContaining(['customer.edit', 'customer.conflict', 'customer.resolve']));
  });

  it('resolving to 1C’s version leaves nothing to send', async () => {
    await pull();
    const row = value<{ rows: CustomerRow[] }>(await core.dispatch('customers.list', { search: 'Вектор' })).rows[0] as CustomerRow;
    value(await core.dispatch('customers.update', { id: row.id, fields: { ...fieldsOf(row), name: 'Вектор (касса)' } }));
    emulator.mutate.changeCounterparty(row.ref1c as string, { name: 'Вектор (1С)' });
    await pull();
    const [conflict] = value<CustomerConflict[]>(await core.dispatch('customers.conflicts.list', {}));
    const all = { kind: 'remote', country: 'remote', name: 'remote', inn: 'remote', kpp: 'remote', phone: 'remote', email: 'remote' } as const;
    expect(value<CustomerRow>(await core.dispatch('customers.conflicts.resolve', { id: conflict?.id, take: all }))).toMatchObject({ syncState: 'synced', name: 'Вектор (1С)' });
    emulator.resetRequestLog();
    await core.outbox.sendNow();
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('registers a customer at the counter, sends it, and finds it unchanged on the next pull', async () => {
    await pull();
    const created = value<CustomerRow>(await core.dispatch('customers.create', { kind: 'person', country: 'KZ', name: 'Ахметова Айгерим', inn: '791028302728', phone: '+7 (701) 555 12 34', email: 'aigerim@Mail.KZ' }));
    expect(created).toMatchObject({ syncState: 'queued', ref1c: null, country: 'KZ', phone: '+77015551234', email: 'aigerim@mail.kz' });
    await core.outbox.sendNow();
    const sent = value<CustomerDetail>(await core.dispatch('customers.get', { id: created.id }));
    expect(sent).toMatchObject({ syncState: 'synced', ref1c: created.id, country: 'KZ' });
    expect(emulator.counterparty(created.id)).toMatchObject({ name: 'Ахметова Айгерим', inn: '791028302728', kind: 'person', phones: ['+7 (701) 555-12-34'] });
    await pull();
    expect(value<CustomerDetail>(await core.dispatch('customers.get', { id: created.id }))).toMatchObject({ syncState: 'synced', country: 'KZ', name: 'Ахметова Айгерим' });
  });

  it('puts each validation message next to its field, for create (fields at the root) and update (under fields)', async () => {
    const bad = await core.dispatch('customers.create', { kind: 'company', name: 'Ошибка ООО', inn: '7707083894', kpp: '77360100', phone: '12345', email: 'нет почты' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
    const details = (bad as { error: { details: { path: (string | number)[]; message: string }[] } }).error.details;
    expect(details.map((d) => d.path)).toEqual([['inn'], ['kpp'], ['phone'], ['email']]);
    expect(details[0]?.message).toMatch(/ИНН с ошибкой/);
    expect(details[2]?.message).toMatch(/Телефон/);
    const ok = value<CustomerRow>(await core.dispatch('customers.create', { kind: 'company', name: 'Верно ООО', inn: '7707083893' }));
    const badUpdate = await core.dispatch('customers.update', { id: ok.id, fields: { ...fieldsOf(ok), kind: 'person' } });
    expect(badUpdate).toMatchObject({ ok: false, error: { code: 'validation', details: [{ path: ['fields', 'inn'], message: expect.stringMatching(/12 цифр/) }] } });
  });

  it('refuses a second customer with the same ИНН, e-mail or phone, naming the first', async () => {
    const first = value<CustomerRow>(await core.dispatch('customers.create', { kind: 'person', name: 'Первый', phone: '8 999 123 45 67' }));
    const again = await core.dispatch('customers.create', { kind: 'person', name: 'Второй', phone: '+7 (999) 123-45-67' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('«Первый»'), details: { customerId: first.id, field: 'phone' } } });
  });

  it('refuses input the contract does not allow before any handler runs', async () => {
    for (const [channel, input] of [
      ['customers.create', { kind: 'firm', name: 'X' }],
      ['customers.create', { kind: 'person', name: '   ' }],
      ['customers.create', { kind: 'person', name: 'X', country: 'BY' }],
      ['customers.create', { kind: 'person', name: 'X', extra: 1 }],
      ['customers.update', { id: 'not-a-uuid', fields: { kind: 'person', name: 'X' } }],
      ['customers.get', { id: 42 }],
      ['customers.list', { limit: 100_000 }],
      ['customers.conflicts.resolve', { id: '0190c7a0-0000-7000-8000-000000000000', take: { name: 'both' } }],
    ] as const) {
      expect(await core.dispatch(channel, input), `${channel} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
  });

  it('attaches a customer to a shipment only, shows its name, and audits the change', async () => {
    await pull(['warehouses', 'customers']);
    const customer = value<CustomerRow>(await core.dispatch('customers.create', { kind: 'person', name: 'Покупатель отгрузки' }));
    const warehouseId = core.db.sqlite.prepare('SELECT id FROM warehouses ORDER BY id LIMIT 1').pluck().get() as number;
    const shipment = value<DocumentView>(await core.dispatch('documents.create', { kind: 'shipment', warehouseId, customerId: customer.id }));
    expect(shipment).toMatchObject({ customerId: customer.id, customerName: 'Покупатель отгрузки' });
    const cleared = value<DocumentView>(await core.dispatch('documents.updateHeader', { id: shipment.id, customerId: null }));
    expect(cleared).toMatchObject({ customerId: null, customerName: null });
    value(await core.dispatch('documents.updateHeader', { id: shipment.id, customerId: customer.id }));
    expect(value<CustomerDetail>(await core.dispatch('customers.get', { id: customer.id })).documents.map((d) => d.id)).toEqual([shipment.id]);
    const receipt = await core.dispatch('documents.create', { kind: 'receipt', warehouseId, customerId: customer.id });
    expect(receipt).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('только в отгрузке'), details: [{ path: ['customerId'] }] } });
    const unknown = await core.dispatch('documents.create', { kind: 'shipment', warehouseId, customerId: '0190c7a0-0000-7000-8000-000000000000' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const edits = core.db.sqlite.prepare("SELECT details_json FROM audit_log WHERE action = 'document.edit'").pluck().all() as string[];
    expect(edits.some((d) => d.includes('"customerId"'))).toBe(true);
  });
});

function fieldsOf(row: CustomerRow) {
  return { kind: row.kind, country: row.country, name: row.name, inn: row.inn, kpp: row.kpp, phone: row.phone, email: row.email };
}
