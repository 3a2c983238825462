// Reconciliation against the real 1C emulator over HTTP: a full pull, then local documents that 1C
// does not have yet, 1C documents posted after the pull, one of our documents already posted in 1C,
// and a balance change the mirror missed. Every difference must be found and explained exactly.
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { addProduct } from '../documents/document-lines.service';
import { createDraft, queueDocument } from '../documents/documents.service';
import { silentLogger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { type OnecClient } from '../onec/onec';
import { getProfile } from '../onec/profiles';
import { createSyncService } from '../sync/sync.service';
import { openTempDb } from '../testing/temp-db';
import { type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { reconcileWarehouse } from './reconciliation.service';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Setup = { emulator: OnecEmulator; db: AppDb; client: OnecClient; clock: () => number };

async function setup(profile: 'ut11' | 'unf'): Promise<Setup> {
  const emulator = await startOnecEmulator({ port: 0, profile, products: 40 });
  cleanups.push(() => emulator.close());
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const client = createOnecClient({ baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password }, { logger: silentLogger, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 } });
  cleanups.push(() => client.close());
  // A clock fixed at the start: every 1C change below is later than the pull (real time, whole seconds).
  const start = Date.now();
  return { emulator, db: temp.db, client, clock: () => start };
}

const idOf = (db: AppDb, table: 'products' | 'warehouses', ref: string): number =>
  db.sqlite.prepare(`SELECT id FROM ${table} WHERE ref_1c = ?`).pluck().get(ref) as number;

function queue(db: AppDb, kind: 'writeoff' | 'transfer', warehouseId: number, productId: number, qty: number, now: number, toWarehouseId?: number): string {
  const draft = createDraft(db, { kind, warehouseId, toWarehouseId: toWarehouseId ?? null, userId: null, now });
  addProduct(db, { documentId: draft.id, productId, qty, userId: null, now });
  queueDocument(db, { documentId: draft.id, userId: null, now });
  return draft.id;
}

describe('reconcileWarehouse', () => {
  it.each(['ut11', 'unf'] as const)('explains every difference on %s: local documents not in 1C, unpulled 1C movements, and an unexplained one', async (profileId) => {
    const s = await setup(profileId);
    const profile = getProfile(profileId);
    const [store, other] = s.emulator.snapshot().warehouses;
    if (!store || !other) throw new Error('the emulator has at least three warehouses');
    // Six products of our own (no variants), 20 each at the store.
    const names = ['Алфа', 'Бета', 'Вега', 'Гамма', 'Дельта', 'Эпсилон'] as const;
    const refs = Object.fromEntries(names.map((name) => [name, s.emulator.mutate.addProduct({ name: `Товар ${name}` })])) as Record<(typeof names)[number], string>;
    for (const ref of Object.values(refs)) s.emulator.mutate.setBalance(ref, null, store.ref, 20);

    const sync = createSyncService({ db: s.db, client: s.client, profile, logger: silentLogger, clock: s.clock });
    expect((await sync.runNow()).status).toBe('ok');
    const w = idOf(s.db, 'warehouses', store.ref);
    const w2 = idOf(s.db, 'warehouses', other.ref);
    const id = Object.fromEntries(names.map((name) => [name, idOf(s.db, 'products', refs[name])])) as Record<(typeof names)[number], number>;

    // Nothing differs right after a full pull.
    expect((await reconcileWarehouse({ db: s.db, client: s.client, profile, warehouseId: w, clock: s.clock })).rows).toEqual([]);

    // Гамма: 1C's balance changes to 27 and only the movements job runs (the balances job failed):
    // the ledger has the record, the cursor is past it, the mirror still says 20 → unexplained +7.
    s.emulator.mutate.setBalance(refs.Гамма, null, store.ref, 27);
    expect((await sync.runNow({ jobs: ['movements'] })).status).toBe('ok');
    const cursor = JSON.parse(s.db.sqlite.prepare("SELECT cursor FROM sync_state WHERE job = 'movements'").pluck().get() as string) as { until: number };
    const after = cursor.until + 60_000;

    // Алфа: a queued write-off of 3 (not sent) → the app shows 17, 1C 20.
    queue(s.db, 'writeoff', w, id.Алфа, 3000, s.clock());
    // Бета: a queued transfer of 4 to the other warehouse.
    queue(s.db, 'transfer', w, id.Бета, 4000, s.clock(), w2);
    // Вега: 1C sold 5 after the pull.
    s.emulator.mutate.postMovement({ productRef: refs.Вега, warehouseRef: store.ref, qty: -5, period: after });
    // Дельта: both: a queued write-off of 2 here, 1 sold in 1C → 1C 19, app 18.
    queue(s.db, 'writeoff', w, id.Дельта, 2000, s.clock());
    s.emulator.mutate.postMovement({ productRef: refs.Дельта, warehouseRef: store.ref, qty: -1, period: after });
    // Эпсилон: our write-off of 6 already posted in 1C after the pull (its records are "after the
    // cursor" but are our own document, counted once), plus 1 sold in 1C.
    const ours = queue(s.db, 'writeoff', w, id.Эпсилон, 6000, s.clock());
    const oursRef = s.emulator.mutate.postMovement({ productRef: refs.Эпсилон, warehouseRef: store.ref, qty: -6, period: after });
    s.db.sqlite.prepare("UPDATE documents SET status = 'posted', ref_1c = ?, posted_at = ? WHERE id = ?").run(oursRef, s.clock() + 1000, ours);
    s.emulator.mutate.postMovement({ productRef: refs.Эпсилон, warehouseRef: store.ref, qty: -1, period: after });

    const report = await reconcileWarehouse({ db: s.db, client: s.client, profile, warehouseId: w, clock: () => s.clock() + 5000 });
    expect(report.warehouseId).toBe(w);
    expect(report.warehouseName).toBe(store.name);
    expect(report.takenAt).toBe(s.clock() + 5000);
    const summary = report.rows.map(({ name, mirrorQty, displayedQty, onecQty, difference, pendingLocal, unpulled1c, unexplained }) => ({
      name,
      mirrorQty,
      displayedQty,
      onecQty,
      difference,
      pendingLocal,
      unpulled1c,
      unexplained,
    }));
    expect(summary).toEqual([
      // Unexplained first.
      { name: 'Товар Гамма', mirrorQty: 20_000, displayedQty: 20_000, onecQty: 27_000, difference: 7000, pendingLocal: 0, unpulled1c: 0, unexplained: 7000 },
      { name: 'Товар Алфа', mirrorQty: 20_000, displayedQty: 17_000, onecQty: 20_000, difference: 3000, pendingLocal: -3000, unpulled1c: 0, unexplained: 0 },
      { name: 'Товар Бета', mirrorQty: 20_000, displayedQty: 16_000, onecQty: 20_000, difference: 4000, pendingLocal: -4000, unpulled1c: 0, unexplained: 0 },
      { name: 'Товар Вега', mirrorQty: 20_000, displayedQty: 20_000, onecQty: 15_000, difference: -5000, pendingLocal: 0, unpulled1c: -5000, unexplained: 0 },
      { name: 'Товар Дельта', mirrorQty: 20_000, displayedQty: 18_000, onecQty: 19_000, difference: 1000, pendingLocal: -2000, unpulled1c: -1000, unexplained: 0 },
      { name: 'Товар Эпсилон', mirrorQty: 20_000, displayedQty: 14_000, onecQty: 13_000, difference: -1000, pendingLocal: 0, unpulled1c: -1000, unexplained: 0 },
    ]);
    for (const row of report.rows) expect(row.difference).toBe(-row.pendingLocal + row.unpulled1c + row.unexplained);
    expect(report.totals).toEqual({ compared: report.totals.compared, differences: 6, explained: 5, unexplained: 1 });
    expect(report.totals.compared).toBeGreaterThan(6);

    const text = (name: string) => report.rows.find((row) => row.name === name)?.explanation;
    const unit = s.db.sqlite.prepare('SELECT u.name FROM products p JOIN units u ON u.id = p.unit_id WHERE p.id = ?').pluck().get(id.Алфа) as string;
    expect(text('Товар Алфа')).toBe(
      `В 1С на 3 ${unit} больше, чем в программе. Документы программы, которых ещё нет в 1С (СП-000001): −3 ${unit} — 1С учтёт их после проведения. Разница объяснена полностью.`,
    );
    expect(text('Товар Вега')).toBe(`В 1С на 5 ${unit} меньше, чем в программе. Движения в 1С после последней загрузки: −5 ${unit} — появятся после синхронизации. Разница объяснена полностью.`);
    expect(text('Товар Гамма')).toMatch(new RegExp(`^В 1С на 7 ${unit} больше, чем в программе\\. Не объяснено: \\+7 ${unit} — проверьте документы 1С, проведённые задним числом`));
  });
});
