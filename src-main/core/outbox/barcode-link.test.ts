// «Привязать к товару» end to end against the emulator: the code resolves locally at once, and the
// barcode-register record reaches 1C exactly once (also when the answer to the POST was lost).
import { afterEach, describe, expect, it } from 'vitest';
import { handleScan, linkBarcode } from '../devices/scans/scan.service';
import { documentTransitions } from '../documents/document-sending.service';
import { type Logger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { getProfile } from '../onec/profiles';
import { createSyncService } from '../sync/sync.service';
import { openTempDb } from '../testing/temp-db';
import { startOnecEmulator } from '../../onec-emulator/emulator';
import { createOutboxSender } from './outbox-sender';

const quietLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 200 });
  cleanups.push(() => emulator.close());
  const temp = openTempDb();
  cleanups.push(temp.cleanup);
  const profile = getProfile('ut11');
  const client = createOnecClient({ baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password }, { logger: quietLogger });
  cleanups.push(() => client.close());
  const sync = createSyncService({ db: temp.db, client, profile, logger: quietLogger, clock: Date.now });
  cleanups.push(() => sync.shutdown());
  expect((await sync.runNow()).status).toBe('ok');
  const sender = createOutboxSender({
    db: temp.db,
    documents: documentTransitions(temp.db),
    connect: async () => {
      const c = createOnecClient({ baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password }, { logger: quietLogger });
      return { client: c, profile, organizationRef: null, close: () => c.close() };
    },
    logger: quietLogger,
    clock: Date.now,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  const product = temp.db.sqlite.prepare('SELECT id, ref_1c AS ref FROM products WHERE is_deleted = 0 AND ref_1c IS NOT NULL ORDER BY id LIMIT 1').get() as { id: number; ref: string };
  const context = { userId: null, now: Date.now(), homeWarehouseId: null };
  return { emulator, db: temp.db, sender, product, context };
}

const newCode = '4600000000008'; // a valid EAN-13 the generated catalog does not use

describe('linking an unknown barcode to a product', () => {
  it('resolves at once here and creates exactly one barcode record in 1C, even when the answer was lost', async () => {
    const s = await setup();
    expect(handleScan(s.db, { raw: newCode, device: 'test' }, s.context).kind).toBe('unknown');
    const linked = linkBarcode(s.db, { code: newCode, productId: s.product.id, characteristicId: null }, s.context);
    expect(linked.kind).toBe('product');
    expect(linked.product?.id).toBe(s.product.id);

    s.emulator.faults.failNext('lostresponse', 1, 'write');
    expect((await s.sender.drain()).state).toBe('waiting');
    await new Promise((r) => setTimeout(r, 10));
    expect((await s.sender.drain()).state).toBe('idle');
    const inOnec = s.emulator.snapshot().barcodes.filter((b) => b.code === newCode);
    expect(inOnec).toEqual([{ code: newCode, productRef: s.product.ref, characteristicRef: null }]);
    expect(s.db.sqlite.prepare("SELECT status FROM outbox WHERE kind = 'barcode.link'").pluck().all()).toEqual(['done']);
  });

  it('refuses a code that already belongs to a product, and keeps 1C’s link when 1C has the code on another product', async () => {
    const s = await setup();
    const known = s.db.sqlite.prepare('SELECT code FROM barcodes WHERE product_id != ? LIMIT 1').pluck().get(s.product.id) as string;
    expect(() => linkBarcode(s.db, { code: known, productId: s.product.id, characteristicId: null }, s.context)).toThrowError(/уже привязан/);

    // 1C got the code for another product meanwhile (someone linked it there).
    const other = s.emulator.snapshot().products.find((p) => p.ref !== s.product.ref && !p.deletionMark);
    if (!other) throw new Error('no other product');
    linkBarcode(s.db, { code: newCode, productId: s.product.id, characteristicId: null }, s.context);
    s.emulator.mutate.addBarcode({ code: newCode, productRef: other.ref, characteristicRef: null });
    expect((await s.sender.drain()).state).toBe('idle');
    const row = s.db.sqlite.prepare("SELECT status, last_error_message AS message FROM outbox WHERE kind = 'barcode.link'").get() as { status: string; message: string };
    expect(row.status).toBe('dead');
    expect(row.message).toMatch(/другому товару/);
  });
});
