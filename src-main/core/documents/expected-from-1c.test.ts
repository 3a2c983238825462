// Expected quantities read from a 1C document by its number, over real HTTP to the emulator.
import { afterEach, describe, expect, it } from 'vitest';
import { type Logger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { getProfile } from '../onec/profiles';
import { createSyncService } from '../sync/sync.service';
import { openTempDb } from '../testing/temp-db';
import { startOnecEmulator } from '../../onec-emulator/emulator';
import { createDraft, getDocument } from './documents.service';
import { loadExpectedFrom1C } from './expected-from-1c';

const quietLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(['ut11', 'unf'] as const)('expected quantities from a 1C document (%s)', (profileId) => {
  it('finds the receipt by its full or trailing number and takes its lines as the expected quantities', async () => {
    const emulator = await startOnecEmulator({ port: 0, profile: profileId, products: 200 });
    cleanups.push(() => emulator.close());
    const temp = openTempDb();
    cleanups.push(temp.cleanup);
    const client = createOnecClient({ baseUrl: emulator.baseUrl, user: emulator.user, password: emulator.password }, { logger: quietLogger });
    cleanups.push(() => client.close());
    const profile = getProfile(profileId);
    const sync = createSyncService({ db: temp.db, client, profile, logger: quietLogger, clock: Date.now });
    cleanups.push(() => sync.shutdown());
    expect((await sync.runNow()).status).toBe('ok');

    // A receipt 1C already has (generated history), with its lines summed per product and variant.
    const snapshot = emulator.snapshot();
    const live = new Set(snapshot.products.filter((p) => !p.deletionMark).map((p) => p.ref));
    const refs = [...new Set(snapshot.movements.map((m) => m.recorderRef))];
    const receipt = refs
      .map((ref) => emulator.document(ref))
      .find((d) => d?.kind === 'receipt' && d.lines.length > 0);
    if (!receipt) throw new Error('no generated receipt');
    // Products deleted in 1C cannot be lines here: they are skipped and counted.
    const deletedLines = receipt.lines.filter((l) => !live.has(l.productRef)).length;
    const want = new Map<string, number>();
    for (const l of receipt.lines.filter((line) => live.has(line.productRef))) {
      const key = `${l.productRef}:${l.characteristicRef ?? ''}`;
      want.set(key, (want.get(key) ?? 0) + Math.round(l.qty * 1000));
    }
    const warehouseId = temp.db.sqlite.prepare('SELECT id FROM warehouses WHERE ref_1c = ?').pluck().get(receipt.warehouseRef) as number;
    const draft = createDraft(temp.db, { kind: 'receipt', warehouseId, userId: null, now: Date.now() });
    const onec = { client, profile };

    const tail = receipt.number.slice(-6);
    const result = await loadExpectedFrom1C(temp.db, onec, { documentId: draft.id, number: tail, userId: null, now: Date.now() });
    expect(result.number1c).toBe(receipt.number);
    expect(result.unknownProducts).toBe(deletedLines);
    const got = new Map(
      getDocument(temp.db, draft.id).lines.map((l) => [
        `${l.productRef1c}:${l.characteristicRef1c ?? ''}`,
        l.expectedQty,
      ]),
    );
    expect(got).toEqual(want);
    expect(getDocument(temp.db, draft.id).lines.every((l) => l.qty === 0 && l.check === 'shortage')).toBe(true);

    await expect(loadExpectedFrom1C(temp.db, onec, { documentId: draft.id, number: 'НЕТ-999999', userId: null, now: Date.now() })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('НЕТ-999999') as string,
    });
  });
});
