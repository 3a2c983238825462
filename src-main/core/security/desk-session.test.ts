// Sign-in, idle lock and every permission decision, through the real dispatch gate of a real core
// on a real SQLite file: a refused call must never reach its handler.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InvokeChannel, type Role, invokeChannels } from '../../../src-preload/contract';
import { type Core, createCore } from '../app/create-core';
import { silentLogger } from '../logging/logger';
import { insertSmallCatalog } from '../testing/small-catalog';
import { makeTempDir, repoMigrationsFolder } from '../testing/temp-db';
import { auditRows } from '../documents/documents.testing';

/** The spec, written independently of permissions.ts: what each role must NOT be able to call. */
const adminOnly: InvokeChannel[] = ['settings.set', 'setup.check', 'setup.peekCertificate', 'setup.apply', 'secrets.status', 'secrets.setOnecPassword', 'secrets.setSmtpPassword', 'users.list', 'users.create', 'users.update'];
const managerAndAdmin: InvokeChannel[] = [
  'audit.list',
  'diagnostics.export',
  'alerts.rules.create',
  'alerts.rules.update',
  'alerts.rules.delete',
  'alerts.settings.get',
  'alerts.settings.set',
  'alerts.testDelivery',
  'replenishment.list',
  'replenishment.abc',
  'replenishment.createTransfer',
  'replenishment.createSupplierOrder',
  'replenishment.levels.list',
  'replenishment.levels.set',
  'replenishment.levels.acceptSuggested',
  'replenishment.settings.get',
  'replenishment.settings.set',
  'reconciliation.run',
  'devices.settings.set',
  'devices.ports',
  'scans.linkBarcode',
  'customers.conflicts.resolve',
  'cml.folder.list',
  'cml.import.start',
  'cml.import.status',
  'cml.export.orders',
];

function isAllowed(role: Role, channel: InvokeChannel): boolean {
  if (adminOnly.includes(channel)) return role === 'admin';
  if (managerAndAdmin.includes(channel)) return role !== 'cashier';
  return true;
}

const pins: Record<Role, string> = { admin: '73915264', manager: '2468', cashier: '1357' };
const t0 = 1_767_000_000_000;

describe('desk session and roles', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let core: Core;
  let now: number;
  const started: InvokeChannel[] = [];
  const ids = {} as Record<Role, string>;

  const call = (channel: string, input: unknown = {}) => core.dispatch(channel, input);
  const ok = async <T>(channel: string, input: unknown = {}): Promise<T> => {
    const result = await call(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  const signIn = (role: Role) => ok('auth.signIn', { userId: ids[role], pin: pins[role] });

  beforeEach(async () => {
    temp = makeTempDir();
    now = t0;
    started.length = 0;
    core = createCore({
      dbPath: join(temp.dir, 'desk.db'),
      migrationsFolder: repoMigrationsFolder,
      logger: silentLogger,
      host: 'web',
      version: '0.0.0-test',
      clock: () => now,
      createSyncRunner: null,
      isOutboxRunning: false,
      isDevicesRunning: false,
      isAlertsRunning: false,
      onHandlerStart: (channel) => started.push(channel),
    });
    insertSmallCatalog(core.db);
  });
  afterEach(async () => {
    await core.close();
    temp.cleanup();
  });

  async function createStaff(): Promise<void> {
    ids.admin = (await ok<{ id: string }>('users.create', { name: 'Ольга Админова', role: 'admin', pin: pins.admin })).id;
    ids.manager = (await ok<{ id: string }>('users.create', { name: 'Мария Менеджер', role: 'manager', pin: pins.manager })).id;
    ids.cashier = (await ok<{ id: string }>('users.create', { name: 'Касса Кассирова', role: 'cashier', pin: pins.cashier })).id;
  }

  it('runs open until the first user, which must be an admin and signs its creator in', async () => {
    expect(await ok('auth.status')).toMatchObject({ mode: 'open', user: null });
    expect(await call('settings.set', { stockTtlMinutes: 20 })).toMatchObject({ ok: true });
    expect(await call('users.create', { name: 'Касса', role: 'cashier', pin: '1111' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    const admin = await ok<{ id: string }>('users.create', { name: 'Ольга', role: 'admin', pin: '73915264' });
    expect(await ok('auth.status')).toMatchObject({ mode: 'signedIn', user: { id: admin.id, role: 'admin' } });
    await ok('auth.signOut');
    expect(await ok('auth.status')).toMatchObject({ mode: 'signedOut', user: null, permissions: [], users: [{ id: admin.id, name: 'Ольга', role: 'admin' }] });
  });

  it('decides every channel for every role as the spec says, before the input is parsed', async () => {
    await createStaff();
    for (const role of ['admin', 'manager', 'cashier'] as const) {
      await signIn(role);
      started.length = 0;
      for (const channel of invokeChannels) {
        // Input no channel accepts: an allowed call stops at validation, a refused one before it.
        const result = await call(channel, { __probe__: true });
        const expected = isAllowed(role, channel) ? 'validation' : 'forbidden';
        expect({ role, channel, code: result.ok ? 'ok' : result.error.code }).toEqual({ role, channel, code: expected });
      }
      expect(started).toEqual([]);
    }
    const denied = auditRows(core.db).filter((row) => row.action === 'auth.denied');
    expect(denied).toHaveLength(adminOnly.length * 2 + managerAndAdmin.length);
    expect(denied.find((row) => row.details.channel === 'settings.set' && row.userId === ids.cashier)).toBeDefined();
  });

  it('refuses everything but the sign-in screen when nobody is signed in', async () => {
    await createStaff();
    await ok('auth.signOut');
    started.length = 0;
    for (const channel of invokeChannels) {
      const result = await call(channel, {});
      const isPublic = channel.startsWith('auth.') || channel === 'app.info';
      if (!isPublic) expect({ channel, result }).toMatchObject({ channel, result: { ok: false, error: { code: 'unauthenticated' } } });
    }
    expect(started.filter((channel) => !channel.startsWith('auth.') && channel !== 'app.info')).toEqual([]);
    const status = await ok<{ users: unknown[] }>('auth.status');
    expect(status.users).toHaveLength(3);
  });

  it('refuses a wrong PIN, pauses after five, and keeps the PIN out of the database', async () => {
    await createStaff();
    await ok('auth.signOut');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect(await call('auth.signIn', { userId: ids.manager, pin: '0000' })).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: 'Неверный PIN.' } });
    }
    const paused = await call('auth.signIn', { userId: ids.manager, pin: pins.manager });
    expect(paused).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: expect.stringContaining('подождите 60 с') } });
    now += 61_000;
    expect(await signIn('manager')).toMatchObject({ mode: 'signedIn', user: { id: ids.manager, role: 'manager' } });
    // Another user's PIN does not open this user.
    await ok('auth.signOut');
    expect(await call('auth.signIn', { userId: ids.cashier, pin: pins.admin })).toMatchObject({ ok: false });
    core.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(temp.dir, 'desk.db')).includes(pins.admin)).toBe(false);
    const hashes = core.db.sqlite.prepare('SELECT pin_hash AS h FROM users').all() as Array<{ h: string }>;
    expect(hashes.every((row) => row.h.startsWith('scrypt$'))).toBe(true);
    const actions = auditRows(core.db).map((row) => row.action);
    expect(actions.filter((action) => action === 'auth.signInFailed')).toHaveLength(6);
    expect(JSON.stringify(auditRows(core.db))).not.toContain(pins.manager);
  });

  it('locks after the idle time, announces it, and only a PIN opens it again', async () => {
    await createStaff();
    await ok('settings.set', { idleLockMinutes: 5 });
    await signIn('cashier');
    const modes: string[] = [];
    core.events.subscribe((event, payload) => {
      if (event === 'auth.changed') modes.push((payload as { mode: string }).mode);
    });
    // Timers polling passive channels do not keep the session alive; the person's touches do.
    now += 4 * 60_000;
    await ok('outbox.status');
    await ok('auth.touch');
    now += 4 * 60_000;
    await ok('outbox.status');
    expect(await ok('auth.status')).toMatchObject({ mode: 'signedIn' });
    now += 60_000;
    core.session.checkIdle();
    await Promise.resolve();
    expect(modes).toEqual(['locked']);
    expect(await call('products.list', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: expect.stringContaining('5 мин простоя') } });
    expect(await ok('auth.status')).toMatchObject({ mode: 'locked', user: { id: ids.cashier }, permissions: [] });
    expect(await call('auth.signIn', { userId: ids.cashier, pin: '9999' })).toMatchObject({ ok: false });
    expect(await signIn('cashier')).toMatchObject({ mode: 'signedIn' });
    expect(await call('products.list', {})).toMatchObject({ ok: true });
    expect(auditRows(core.db).some((row) => row.action === 'auth.lock' && row.details.reason === 'idle' && row.userId === ids.cashier)).toBe(true);
  });

  it('lets a cashier cancel a draft but not a document already handed to 1C; a manager can', async () => {
    await createStaff();
    await signIn('cashier');
    const draft = await ok<{ id: string }>('documents.create', { kind: 'receipt', warehouseId: 1 });
    expect(await call('documents.cancel', { id: draft.id })).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    const queued = await ok<{ id: string }>('documents.create', { kind: 'receipt', warehouseId: 1 });
    await ok('documents.addProduct', { id: queued.id, productId: 1, qty: 2000 });
    await ok('documents.send', { id: queued.id });
    expect(await call('documents.cancel', { id: queued.id })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('менеджер') } });
    await ok('auth.signOut');
    await signIn('manager');
    expect(await call('documents.cancel', { id: queued.id })).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    const cancels = auditRows(core.db).filter((row) => row.action === 'document.cancel');
    expect(cancels.map((row) => row.userId)).toEqual([ids.cashier, ids.manager]);
  });

  it('never leaves the PC without an active admin', async () => {
    await createStaff();
    await signIn('admin');
    expect(await call('users.update', { id: ids.admin, role: 'manager' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call('users.update', { id: ids.admin, isActive: false })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await ok('users.update', { id: ids.manager, role: 'admin' });
    expect(await call('users.update', { id: ids.admin, isActive: false })).toMatchObject({ ok: true, value: { isActive: false } });
    expect(await call('users.create', { name: 'мария менеджер', role: 'cashier', pin: '4444' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('records who did what, and the viewer filters it', async () => {
    await createStaff();
    await signIn('admin');
    await ok('settings.set', { stockTtlMinutes: 30 });
    now += 1000;
    await ok('users.update', { id: ids.cashier, pin: '8642' });
    const all = await ok<{ items: Array<{ action: string; userName: string | null; details: Record<string, unknown> }>; total: number }>('audit.list', {});
    expect(all.items[0]).toMatchObject({ action: 'user.update', userName: 'Ольга Админова', details: { isPinChanged: true } });
    expect(JSON.stringify(all.items)).not.toContain('8642');
    const settingsRows = await ok<{ items: Array<{ details: Record<string, unknown> }>; total: number }>('audit.list', { action: 'settings.' });
    expect(settingsRows.items.map((row) => row.details)).toEqual([{ changed: { stockTtlMinutes: 30 } }]);
    const byUser = await ok<{ total: number }>('audit.list', { userId: ids.admin, from: t0 + 500 });
    expect(byUser.total).toBe(1);
    const byText = await ok<{ items: Array<{ action: string }> }>('audit.list', { text: 'Кассирова' });
    expect(byText.items.map((row) => row.action)).toEqual(['user.update', 'user.create']);
    expect(() => core.db.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });
});
