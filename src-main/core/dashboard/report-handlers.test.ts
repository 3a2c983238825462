// The report channels end to end through the contract: the input is parsed as the dispatcher parses
// it (defaults applied), the handler runs, and its output must pass the contract's output schema.
// (Beside the dashboard rather than api/report-handlers.ts only because this session owns these folders.)
import { afterEach, describe, expect, it } from 'vitest';
import { type z } from 'zod';
import { type EventName, type EventPayload, reportsContract } from '../../../src-preload/contract';
import { createEventBus } from '../api/event-bus';
import { createReportHandlers } from '../api/report-handlers';
import { silentLogger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { getProfile } from '../onec/profiles';
import { createSyncService } from '../sync/sync.service';
import { openTempDb } from '../testing/temp-db';
import { startOnecEmulator } from '../../onec-emulator/emulator';
import { openDashboardDb, now, p, wh } from './dashboard.testing';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Channel = keyof typeof reportsContract;

function harness(db: Parameters<typeof createReportHandlers>[0]['db'], connectOnec: Parameters<typeof createReportHandlers>[0]['connectOnec'] = () => Promise.reject(new Error('no 1C in this test'))) {
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const bus = createEventBus();
  bus.subscribe(<E extends EventName>(event: E, payload: EventPayload<E>) => void events.push({ event, payload }));
  let kicks = 0;
  const handlers = createReportHandlers({ db, actor: () => ({ userId: null, role: 'admin' }), events: bus, clock: () => now, connectOnec, outbox: { kick: () => void (kicks += 1) } });
  const call = async <C extends Channel>(channel: C, input: z.input<(typeof reportsContract)[C]['input']>): Promise<z.output<(typeof reportsContract)[C]['output']>> => {
    const parsed: unknown = reportsContract[channel].input.parse(input);
    const handler = handlers[channel] as (value: unknown) => unknown;
    const value = await handler(parsed);
    // Strict: the output must be exactly what the contract declares.
    return (reportsContract[channel].output as z.ZodType).parse(value) as z.output<(typeof reportsContract)[C]['output']>;
  };
  return { call, events, kicks: () => kicks };
}

describe('report handlers', () => {
  it('answer every dashboard and replenishment channel in the contract shape', async () => {
    const { db, cleanup } = openDashboardDb();
    cleanups.push(cleanup);
    const h = harness(db);

    expect(await h.call('dashboard.summary', {})).toMatchObject({ warehouseId: null, stockValue: 607_300 });
    expect(await h.call('dashboard.summary', { warehouseId: wh.lenina })).toMatchObject({ lowStockCount: 3 });
    expect(await h.call('dashboard.trend', { days: 7 })).toEqual({ points: [] });

    const defaults = await h.call('replenishment.settings.get', {});
    expect(await h.call('replenishment.settings.set', { ...defaults, transferEtaDays: 2 })).toMatchObject({ transferEtaDays: 2 });

    expect((await h.call('replenishment.levels.list', { warehouseId: wh.lenina })).total).toBe(6);
    expect(await h.call('replenishment.levels.set', { warehouseId: wh.lenina, productId: p.cheese, minQty: 1000, maxQty: 2000 })).toMatchObject({ minQty: 1000, source: 'manual' });
    expect(await h.call('replenishment.levels.acceptSuggested', { warehouseId: wh.lenina, productIds: [p.bread] })).toEqual({ updated: 1 });
    expect(h.events.filter((e) => e.event === 'data.changed')).toHaveLength(2);

    // «Мира» is below its own minimum; the central warehouse gets 8 шт to give.
    db.sqlite.prepare('INSERT INTO stock (product_id, warehouse_id, qty_1c, as_of_1c) VALUES (?, ?, 8000, 1)').run(p.milk, wh.central);
    const list = await h.call('replenishment.list', { warehouseId: wh.lenina });
    expect(list.items.map((row) => row.productId)).toContain(p.milk);
    expect(list.items.find((row) => row.productId === p.milk)?.availabilityText).toBe('есть в другом магазине, перемещение ~ послезавтра');
    expect((await h.call('replenishment.abc', {})).counts).toEqual({ A: 1, B: 2, C: 1 });

    const transfer = await h.call('replenishment.createTransfer', { fromWarehouseId: wh.mira, toWarehouseId: wh.lenina, lines: [{ productId: p.milk, qty: 5000 }] });
    expect(transfer.localNumber).toBe('ПМ-000008');
    const order = await h.call('replenishment.createSupplierOrder', { warehouseId: wh.lenina, lines: [{ productId: p.salt, qty: 3000 }] });
    expect(order.localNumber).toBe('ЗП-000001');
    expect(h.events.filter((e) => e.event === 'documents.changed').map((e) => e.payload)).toEqual([
      { id: transfer.documentId, status: 'queued' },
      { id: order.documentId, status: 'queued' },
    ]);
    expect(h.kicks()).toBe(2);
  });

  it('runs reconciliation through a 1C session and closes it', async () => {
    const emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 20 });
    cleanups.push(() => emulator.close());
    const temp = openTempDb();
    cleanups.push(temp.cleanup);
    const profile = getProfile('ut11');
    const client = createOnecClient({ baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password }, { logger: silentLogger });
    cleanups.push(() => client.close());
    await createSyncService({ db: temp.db, client, profile, logger: silentLogger, clock: () => now }).runNow();
    let closed = 0;
    const h = harness(temp.db, () => Promise.resolve({ client, profile, organizationRef: null, close: () => Promise.resolve(void (closed += 1)) }));
    const warehouseId = temp.db.sqlite.prepare('SELECT min(id) FROM warehouses').pluck().get() as number;
    const report = await h.call('reconciliation.run', { warehouseId });
    expect(report.rows).toEqual([]);
    expect(report.totals.differences).toBe(0);
    expect(closed).toBe(1);
  });
});
