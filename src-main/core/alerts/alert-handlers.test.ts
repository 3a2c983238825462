// The alerts.* channels through the real dispatch (zod validation, output checked against the
// contract), the real controller and a real database.
import { afterEach, describe, expect, it } from 'vitest';
import { type EventName, type EventPayload } from '../../../src-preload/contract';
import { createAlertHandlers } from '../api/alert-handlers';
import { createDispatch, type Handlers } from '../api/dispatch';
import { createEventBus } from '../api/event-bus';
import { generateDemoCatalog } from '../demo/demo-catalog.service';
import { silentLogger } from '../logging/logger';
import { openTempDb } from '../testing/temp-db';
import { createAlertsController } from './alerts-controller';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup() {
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const clock = { now: Date.UTC(2026, 10, 20, 9) };
  generateDemoCatalog(temp.db, { products: 30, warehouses: 2, seed: 5, now: clock.now });
  const events = createEventBus();
  const emitted: { event: EventName; payload: unknown }[] = [];
  events.subscribe((event, payload) => void emitted.push({ event, payload }));
  const alerts = createAlertsController({ db: temp.db, events, logger: silentLogger, clock: () => clock.now, notifier: null, smtpPassword: () => Promise.resolve(null), options: { debounceMs: 20 } });
  cleanups.push(() => alerts.close());
  // Only the alerts channels exist in this table; the dispatch is never asked for another.
  const handlers = createAlertHandlers({ db: temp.db, actor: () => ({ userId: null, role: 'admin' }), alerts, clock: () => clock.now }) as unknown as Handlers;
  const dispatch = createDispatch(handlers, { logger: silentLogger, isOutputChecked: true });
  const call = async (channel: string, input: unknown) => dispatch(channel, input);
  const ok = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await call(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  const stocked = temp.db.sqlite.prepare('SELECT product_id AS productId, warehouse_id AS warehouseId FROM stock WHERE qty_1c > 0 ORDER BY id LIMIT 3').all() as { productId: number; warehouseId: number }[];
  return { db: temp.db, clock, alerts, emitted, call, ok, stocked };
}

describe('alert handlers', () => {
  it('reject invalid rule combinations before any handler runs, and unknown ids with not_found', async () => {
    const s = setup();
    const productId = s.stocked[0]?.productId ?? 0;
    const bad = [
      { name: 'x', scope: 'product', condition: 'zero' },
      { name: 'x', scope: 'all', productId, condition: 'zero' },
      { name: 'x', scope: 'warehouse', condition: 'zero' },
      { name: 'x', scope: 'all', condition: 'below' },
      { name: 'x', scope: 'all', condition: 'zero', threshold: 5 },
      { name: ' ', scope: 'all', condition: 'zero' },
      { name: 'x', scope: 'all', condition: 'zero', channels: ['email', 'email'] },
      { name: 'x', scope: 'all', condition: 'zero', extra: 1 },
    ];
    for (const input of bad) expect((await s.call('alerts.rules.create', input)).ok, JSON.stringify(input)).toBe(false);
    expect(await s.call('alerts.rules.create', { name: 'x', scope: 'product', productId: 999_999, condition: 'zero' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Товар не найден: возможно, его удалили в 1С' },
    });
    expect(await s.call('alerts.rules.create', { name: 'x', scope: 'group', groupId: 999_999, condition: 'zero' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await s.call('alerts.rules.create', { name: 'x', scope: 'warehouse', warehouseId: 999_999, condition: 'zero' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const missing = '01900000-0000-7000-8000-000000000000';
    expect(await s.call('alerts.rules.delete', { id: missing })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await s.call('alerts.rules.update', { id: missing, name: 'x', scope: 'all', condition: 'zero' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await s.call('alerts.events.markRead', { ids: ['not-a-uuid'] })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(s.db.sqlite.prepare('SELECT count(*) FROM alert_rules').pluck().get()).toBe(0);
  });

  it('create, list, update and delete rules with names and live match counts', async () => {
    const s = setup();
    const [first] = s.stocked;
    const rule = await s.ok<{ id: string; matchingNow: number; productName: string }>('alerts.rules.create', {
      name: 'Мало',
      scope: 'product',
      productId: first?.productId,
      condition: 'below',
      threshold: 1_000_000_000,
      channels: ['desktop'],
    });
    expect(rule.productName).toEqual(expect.any(String));
    expect(rule.matchingNow).toBeGreaterThanOrEqual(1);
    const inactive = await s.ok<{ id: string; matchingNow: number; isActive: boolean }>('alerts.rules.update', {
      id: rule.id,
      name: 'Мало (выкл.)',
      scope: 'product',
      productId: first?.productId,
      condition: 'below',
      threshold: 1_000_000_000,
      isActive: false,
    });
    // An inactive rule is not evaluated; its count is computed from the stock as it is.
    expect(inactive).toMatchObject({ isActive: false, matchingNow: rule.matchingNow });
    const list = await s.ok<{ items: { id: string; name: string }[] }>('alerts.rules.list', {});
    expect(list.items.map((r) => r.name)).toEqual(['Мало (выкл.)']);
    expect(await s.ok('alerts.rules.delete', { id: rule.id })).toEqual({ id: rule.id });
    expect((await s.ok<{ items: unknown[] }>('alerts.rules.list', {})).items).toEqual([]);
  });

  it('lists alerts with names, deliveries, filters and paging; markRead updates the badge everywhere', async () => {
    const s = setup();
    await s.ok('alerts.settings.set', { desktop: true, webhook: null, email: null });
    expect(await s.ok('alerts.settings.get', {})).toEqual({ desktop: true, webhook: null, email: null });
    await s.ok('alerts.rules.create', { name: 'Закончилось', scope: 'all', condition: 'zero', channels: ['desktop'], cooldownMinutes: 0 });
    for (const pair of s.stocked) s.db.sqlite.prepare('UPDATE stock SET qty_1c = 0 WHERE product_id = ? AND warehouse_id = ?').run(pair.productId, pair.warehouseId);

    // evaluateSoon (as create-core calls it after a pull) → one 'alerts.changed' with the newest alert.
    s.alerts.evaluateSoon();
    s.alerts.evaluateSoon();
    await waitFor(() => s.emitted.some((e) => e.event === 'alerts.changed'));
    const changed = s.emitted.find((e) => e.event === 'alerts.changed')?.payload as EventPayload<'alerts.changed'>;
    expect(changed.unread).toBe(3);
    expect(changed.latest).toMatchObject({ ruleName: 'Закончилось', newQty: 0, deliveries: [{ channel: 'desktop' }] });
    await s.alerts.deliverNow();

    type Page = { items: { id: string; productName: string; warehouseName: string; deliveries: { status: string; lastError: string | null }[] }[]; total: number; unread: number };
    const page = await s.ok<Page>('alerts.events.list', { limit: 2 });
    expect(page.total).toBe(3);
    expect(page.unread).toBe(3);
    expect(page.items).toHaveLength(2);
    expect(page.items[0]?.deliveries).toEqual([expect.objectContaining({ status: 'dead', lastError: 'на этом компьютере уведомления недоступны' })]);
    const rest = await s.ok<Page>('alerts.events.list', { limit: 2, offset: 2 });
    expect(rest.items).toHaveLength(1);
    const byProduct = await s.ok<Page>('alerts.events.list', { productId: s.stocked[0]?.productId });
    expect(byProduct.items.every((e) => e.productName.length > 0 && e.warehouseName.length > 0)).toBe(true);
    expect(byProduct.total).toBe(s.stocked.filter((p) => p.productId === s.stocked[0]?.productId).length);

    s.emitted.length = 0;
    expect(await s.ok('alerts.events.markRead', { ids: [page.items[0]?.id] })).toEqual({ unread: 2 });
    expect(s.emitted).toEqual([{ event: 'alerts.changed', payload: { unread: 2, latest: null } }]);
    expect((await s.ok<Page>('alerts.events.list', { isUnreadOnly: true })).total).toBe(2);
    expect(await s.ok('alerts.events.markRead', { isAll: true })).toEqual({ unread: 0 });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
