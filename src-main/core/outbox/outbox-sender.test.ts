// The outbox against the 1C emulator over real HTTP: every document kind in both profiles reaches 1C
// as the right object and gets posted; 1C's balances move; the next pull agrees with what the store
// saw meanwhile. Then the exactly-once paths (lost answers, ignored keys), refusals, offline and 401.
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { addProduct, setLine } from '../documents/document-lines.service';
import { readDisplayedQty } from '../documents/displayed-stock.repo';
import { createDraft, getDocument, queueDocument } from '../documents/documents.service';
import { type DocumentKind } from '../documents/document-kinds';
import { type Logger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { getProfile } from '../onec/profiles';
import { createSyncService } from '../sync/sync.service';
import { openTempDb } from '../testing/temp-db';
import { documentTransitions } from '../documents/document-sending.service';
import { type EmulatorDocument, type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { prilavokMarker } from './document-body';
import { createOutboxSender, type OutboxConnection } from './outbox-sender';

const quietLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Profile = 'ut11' | 'unf';

async function setup(profileId: Profile, options: { ignoreClientKeys?: boolean; password?: string } = {}) {
  const emulator = await startOnecEmulator({ port: 0, profile: profileId, products: 300, ...options });
  cleanups.push(() => emulator.close());
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const profile = getProfile(profileId);
  const clientFor = (password: string) => createOnecClient({ baseUrl: emulator.baseUrl, user: emulator.user, password }, { logger: quietLogger, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
  const syncClient = clientFor(emulator.password);
  cleanups.push(() => syncClient.close());
  const sync = createSyncService({ db: temp.db, client: syncClient, profile, logger: quietLogger, clock: Date.now });
  cleanups.push(() => sync.shutdown());
  const pull = async () => {
    const summary = await sync.runNow();
    expect(summary.status, JSON.stringify(summary.jobs.find((j) => j.error)?.error)).toBe('ok');
  };
  await pull();
  let password = emulator.password;
  const sender = createOutboxSender({
    db: temp.db,
    documents: documentTransitions(temp.db),
    connect: async (): Promise<OutboxConnection> => {
      const client = clientFor(password);
      return { client, profile, organizationRef: null, close: () => client.close() };
    },
    logger: quietLogger,
    clock: Date.now,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  return { emulator, db: temp.db, profile, pull, sender, setPassword: (p: string) => (password = p) };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** Warehouses and products with stock, by 1C ref and local id. */
function pickStock(s: Setup, count: number) {
  const warehouses = s.db.sqlite.prepare('SELECT id, ref_1c AS ref FROM warehouses WHERE ref_1c IS NOT NULL ORDER BY id').all() as { id: number; ref: string }[];
  const [from, to] = warehouses as [{ id: number; ref: string }, { id: number; ref: string }];
  const products = s.db.sqlite
    .prepare(
      `SELECT st.product_id AS id, p.ref_1c AS ref, st.characteristic_id AS characteristicId, c.ref_1c AS characteristicRef, st.qty_1c AS qty
       FROM stock st JOIN products p ON p.id = st.product_id LEFT JOIN characteristics c ON c.id = st.characteristic_id
       WHERE st.warehouse_id = ? AND st.qty_1c >= 10000 ORDER BY st.product_id LIMIT ?`,
    )
    .all(from.id, count) as { id: number; ref: string; characteristicId: number | null; characteristicRef: string | null; qty: number }[];
  expect(products).toHaveLength(count);
  return { from, to, products };
}

/** A queued document of `kind` with one line per product: qty 2 + index (units), price 100 + index rubles. */
function queueDoc(db: AppDb, kind: DocumentKind, from: number, to: number | null, products: readonly { id: number; characteristicId: number | null }[], comment = ''): string {
  const now = Date.now();
  const draft = createDraft(db, { kind, warehouseId: from, toWarehouseId: to, comment, userId: null, now });
  products.forEach((p, i) => {
    addProduct(db, { documentId: draft.id, productId: p.id, characteristicId: p.characteristicId, qty: (2 + i) * 1000, userId: null, now });
    if (kind === 'receipt' || kind === 'shipment' || kind === 'writeoff' || kind === 'supplier_order') setLine(db, { documentId: draft.id, lineNo: i + 1, price: (100 + i) * 100 + 55, userId: null, now });
  });
  const queued = queueDocument(db, { documentId: draft.id, userId: null, now, negativeStockPolicy: 'warn', allowNegative: true });
  expect(queued.outcome).toBe('queued');
  return draft.id;
}

const balanceOf = (emulator: OnecEmulator, productRef: string, characteristicRef: string | null, warehouseRef: string): number =>
  emulator.snapshot().balances.find((b) => b.productRef === productRef && b.characteristicRef === characteristicRef && b.warehouseRef === warehouseRef)?.qty ?? 0;

const byMarker = (emulator: OnecEmulator, id: string): EmulatorDocument[] => emulator.documents().filter((d) => d.comment.includes(prilavokMarker(id)));

const kinds: DocumentKind[] = ['receipt', 'shipment', 'transfer', 'writeoff', 'count', 'supplier_order'];
/** Sign of a line's effect at the source warehouse, and at the destination (transfers). */
const effect: Record<DocumentKind, [number, number]> = { receipt: [1, 0], shipment: [-1, 0], transfer: [-1, 1], writeoff: [-1, 0], count: [0, 0], supplier_order: [0, 0] };

describe.each(['ut11', 'unf'] as const)('outbox → 1C (%s)', (profileId) => {
  it('sends every kind as the configuration’s document, posts it, moves 1C’s balances, and the next pull agrees with the display', async () => {
    const s = await setup(profileId);
    const { from, to, products } = pickStock(s, 2);
    const before = new Map(products.map((p) => [p.ref, [balanceOf(s.emulator, p.ref, p.characteristicRef, from.ref), balanceOf(s.emulator, p.ref, p.characteristicRef, to.ref)]]));
    const ids = kinds.map((kind) => queueDoc(s.db, kind, from.id, kind === 'transfer' ? to.id : null, products, `тест ${kind}`));

    const result = await s.sender.drain();
    expect(result).toEqual({ state: 'idle', sent: kinds.length });

    for (const [i, kind] of kinds.entries()) {
      const id = ids[i] as string;
      const local = getDocument(s.db, id);
      const spec = s.profile.documents[kind];
      if (!spec) throw new Error(`no ${kind} in ${profileId}`);
      const [remote] = byMarker(s.emulator, id);
      expect(byMarker(s.emulator, id), kind).toHaveLength(1);
      if (!remote) throw new Error('unreachable');
      expect(local.status, kind).toBe('posted');
      expect(local.ref1c).toBe(remote.ref);
      expect(remote.ref, 'our key was taken as the new object’s key').toBe(id);
      expect(local.number1c).toBe(remote.number);
      expect(remote.set).toBe(spec.set);
      // A supplier order stays an unposted draft in 1C; locally it is done ('posted').
      expect(remote.posted, kind).toBe(kind !== 'supplier_order');
      expect(remote.warehouseRef).toBe(from.ref);
      expect(remote.warehouseToRef).toBe(kind === 'transfer' ? to.ref : null);
      expect(remote.comment).toContain(`тест ${kind}`);
      expect(remote.lines.map((l) => ({ n: l.lineNumber, product: l.productRef, characteristic: l.characteristicRef, qty: l.qty }))).toEqual(
        products.map((p, n) => ({ n: n + 1, product: p.ref, characteristic: p.characteristicRef, qty: 2 + n })),
      );
      if (spec.lines.price !== null) {
        expect(remote.lines.map((l) => [l.price, l.amount])).toEqual(products.map((_, n) => [100 + n + 0.55, Math.round((2 + n) * (100 + n + 0.55) * 100) / 100]));
      }
    }

    // 1C's balances moved once per document: +receipt −shipment −transfer −writeoff at the source, +transfer at the destination.
    const netFrom = kinds.reduce((sum, k) => sum + (effect[k][0] ?? 0), 0);
    const netTo = kinds.reduce((sum, k) => sum + (effect[k][1] ?? 0), 0);
    for (const [n, p] of products.entries()) {
      const [fromBefore, toBefore] = before.get(p.ref) as [number, number];
      expect(balanceOf(s.emulator, p.ref, p.characteristicRef, from.ref)).toBeCloseTo(fromBefore + netFrom * (2 + n), 6);
      expect(balanceOf(s.emulator, p.ref, p.characteristicRef, to.ref)).toBeCloseTo(toBefore + netTo * (2 + n), 6);
      // Before the next pull the store already sees the documents' effect on top of the old 1C balance...
      const key = { productId: p.id, characteristicId: p.characteristicId };
      expect(readDisplayedQty(s.db, { ...key, warehouseId: from.id }).displayed).toBe(Math.round((fromBefore + netFrom * (2 + n)) * 1000));
    }
    // ...and after it, 1C's new balance alone, counted once.
    await s.pull();
    for (const p of products) {
      const key = { productId: p.id, characteristicId: p.characteristicId };
      for (const w of [from, to]) {
        const shown = readDisplayedQty(s.db, { ...key, warehouseId: w.id });
        expect(shown.pending).toBe(0);
        expect(shown.displayed).toBe(Math.round(balanceOf(s.emulator, p.ref, p.characteristicRef, w.ref) * 1000));
      }
    }
  });
});

describe('exactly once', () => {
  it('a create whose answer was lost is found by its key, not created twice', async () => {
    const s = await setup('ut11');
    const { from, products } = pickStock(s, 1);
    const id = queueDoc(s.db, 'receipt', from.id, null, products);
    s.emulator.faults.failNext('lostresponse', 1, 'write');
    const first = await s.sender.drain();
    expect(first.state).toBe('waiting');
    expect(byMarker(s.emulator, id)).toHaveLength(1);
    expect(getDocument(s.db, id).status).toBe('queued');
    await new Promise((r) => setTimeout(r, 10));
    expect((await s.sender.drain()).state).toBe('idle');
    expect(byMarker(s.emulator, id)).toHaveLength(1);
    expect(byMarker(s.emulator, id)[0]?.posted).toBe(true);
    expect(getDocument(s.db, id).status).toBe('posted');
  });

  it('when 1C ignores our key, the marker in the comment finds the document', async () => {
    const s = await setup('unf', { ignoreClientKeys: true });
    const { from, products } = pickStock(s, 1);
    const id = queueDoc(s.db, 'writeoff', from.id, null, products);
    s.emulator.faults.failNext('lostresponse', 1, 'write');
    expect((await s.sender.drain()).state).toBe('waiting');
    await new Promise((r) => setTimeout(r, 10));
    expect((await s.sender.drain()).state).toBe('idle');
    const remote = byMarker(s.emulator, id);
    expect(remote).toHaveLength(1);
    expect(remote[0]?.ref).not.toBe(id);
    expect(getDocument(s.db, id).ref1c).toBe(remote[0]?.ref);
    expect(getDocument(s.db, id).status).toBe('posted');
  });

  it('a Post whose answer was lost is not posted again: 1C says it is posted', async () => {
    const s = await setup('ut11');
    const { from, products } = pickStock(s, 1);
    const p = products[0] as (typeof products)[number];
    const balance = balanceOf(s.emulator, p.ref, p.characteristicRef, from.ref);
    const id = queueDoc(s.db, 'shipment', from.id, null, products);
    // Both writes happen in 1C and both answers are lost: the create (found again by key), then the Post.
    s.emulator.faults.failNext('lostresponse', 2, 'write');
    await s.sender.drain();
    await new Promise((r) => setTimeout(r, 10));
    await s.sender.drain();
    await new Promise((r) => setTimeout(r, 10));
    expect((await s.sender.drain()).state).toBe('idle');
    expect(byMarker(s.emulator, id)).toHaveLength(1);
    expect(getDocument(s.db, id).status).toBe('posted');
    expect(balanceOf(s.emulator, p.ref, p.characteristicRef, from.ref)).toBeCloseTo(balance - 2, 6);
  });
  it('two senders on one database (the app and `prilavok outbox --send`) never send a document twice', async () => {
    const s = await setup('unf', { ignoreClientKeys: true });
    const { from, products } = pickStock(s, 3);
    const ids = products.map((p) => queueDoc(s.db, 'receipt', from.id, null, [p]));
    const other = createOutboxSender({
      db: s.db,
      documents: documentTransitions(s.db),
      connect: async () => {
        const client = createOnecClient({ baseUrl: s.emulator.baseUrl, user: s.emulator.user, password: s.emulator.password }, { logger: quietLogger });
        return { client, profile: s.profile, organizationRef: null, close: () => client.close() };
      },
      logger: quietLogger,
      clock: Date.now,
    });
    const results = await Promise.all([s.sender.drain(), other.drain()]);
    expect(results.map((r) => r.state).sort()).toEqual(['idle', 'waiting']);
    expect(ids.map((id) => byMarker(s.emulator, id).length)).toEqual([1, 1, 1]);
    expect(ids.map((id) => getDocument(s.db, id).status)).toEqual(['posted', 'posted', 'posted']);
  });
});

describe('refusals, outages and credentials', () => {
  it('a shortage refusal ends as rejected with 1C’s words; fixed and sent again, the same 1C document is posted', async () => {
    const s = await setup('ut11');
    const { from, products } = pickStock(s, 1);
    const p = products[0] as (typeof products)[number];
    s.emulator.mutate.setBalance(p.ref, p.characteristicRef, from.ref, 1);
    const id = queueDoc(s.db, 'shipment', from.id, null, products);
    await s.sender.drain();
    const rejected = getDocument(s.db, id);
    expect(rejected.status).toBe('rejected');
    expect(rejected.last1cMessage).toMatch(/недостаточно/);
    expect(byMarker(s.emulator, id)).toHaveLength(1);
    expect(byMarker(s.emulator, id)[0]?.posted).toBe(false);

    setLine(s.db, { documentId: id, lineNo: 1, qty: 1000, userId: null, now: Date.now() });
    expect(queueDocument(s.db, { documentId: id, userId: null, now: Date.now(), negativeStockPolicy: 'warn', allowNegative: true }).outcome).toBe('queued');
    expect((await s.sender.drain()).state).toBe('idle');
    const remote = byMarker(s.emulator, id);
    expect(remote).toHaveLength(1);
    expect(remote[0]?.posted).toBe(true);
    expect(remote[0]?.lines.map((l) => l.qty)).toEqual([1]);
    expect(getDocument(s.db, id).status).toBe('posted');
    expect(balanceOf(s.emulator, p.ref, p.characteristicRef, from.ref)).toBe(0);
  });

  it('with 1C unreachable documents wait in the queue; when it is back they post in the order they were made', async () => {
    const s = await setup('unf');
    const { from, products } = pickStock(s, 3);
    s.emulator.faults.set({ reset: 1 });
    const ids = products.map((p) => queueDoc(s.db, 'receipt', from.id, null, [p]));
    for (let i = 0; i < 3; i += 1) {
      expect((await s.sender.drain()).state).toBe('waiting');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(s.emulator.documents()).toHaveLength(0);
    expect(ids.map((id) => getDocument(s.db, id).status)).toEqual(['queued', 'queued', 'queued']);
    s.emulator.faults.set(null);
    expect(await s.sender.drain()).toEqual({ state: 'idle', sent: 3 });
    expect(s.emulator.documents().map((d) => d.ref)).toEqual(ids);
  });

  it('connecting already asks 1C (profile detection): a 401 there pauses for credentials, an unreachable 1C backs off', async () => {
    const s = await setup('ut11', { password: 'верный' });
    const { from, products } = pickStock(s, 1);
    const id = queueDoc(s.db, 'receipt', from.id, null, products);
    const detecting = (password: string, baseUrl = s.emulator.baseUrl) =>
      createOutboxSender({
        db: s.db,
        documents: documentTransitions(s.db),
        connect: async () => {
          const client = createOnecClient({ baseUrl, user: s.emulator.user, password }, { logger: quietLogger, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
          try {
            await client.getMetadata();
          } catch (err) {
            await client.close();
            throw err;
          }
          return { client, profile: s.profile, organizationRef: null, close: () => client.close() };
        },
        logger: quietLogger,
        clock: Date.now,
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
      });
    const paused = await detecting('неверный').drain();
    expect(paused.state === 'paused' && paused.pause.reason).toBe('auth');
    // A closed port: nothing listens there.
    const down = await detecting('верный', 'http://127.0.0.1:9/trade/odata/standard.odata/').drain();
    expect(down.state).toBe('waiting');
    expect(getDocument(s.db, id).status).toBe('queued');
    await new Promise((r) => setTimeout(r, 10));
    expect((await detecting('верный').drain()).state).toBe('idle');
    expect(getDocument(s.db, id).status).toBe('posted');
  });

  it('a wrong password pauses the queue without losing anything; the right one sends it', async () => {
    const s = await setup('ut11', { password: 'верный' });
    const { from, products } = pickStock(s, 1);
    const id = queueDoc(s.db, 'receipt', from.id, null, products);
    s.setPassword('неверный');
    const paused = await s.sender.drain();
    expect(paused.state).toBe('paused');
    expect(paused.state === 'paused' && paused.pause.reason).toBe('auth');
    expect(getDocument(s.db, id).status).toBe('queued');
    s.setPassword('верный');
    expect((await s.sender.drain()).state).toBe('idle');
    expect(getDocument(s.db, id).status).toBe('posted');
  });
});
