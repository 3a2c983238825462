// The outbox's acceptance test: a store process sends 50 documents to 1C while it is killed with
// SIGKILL at random moments and restarted, with 1C dropping answers after committing writes
// (lostresponse) and resetting connections. Exactly once means: 1C ends up with each document once,
// posted, and the store knows each one by 1C's ref.
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'vitest';
import { openDatabase } from '../db/open';
import { createSeededRandom } from '../demo/seeded-random';
import { makeTempDir, repoMigrationsFolder } from '../testing/temp-db';
import { type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { type Cleanups, type CrashChild, runCleanups, startCrashChild } from './testing/crash-process';
import { openSyncedStore } from './testing/synced-store';

const childScript = resolve(__dirname, 'testing/crash-child.ts');
const total = 50;
const markerPattern = /Прилавок ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

function startChild(cleanups: Cleanups, args: { db: string; emulator: OnecEmulator; seed: number; paceMs: number }): CrashChild {
  return startCrashChild(cleanups, {
    script: childScript,
    db: args.db,
    emulator: args.emulator,
    options: ['--total', String(total), '--pace-ms', String(args.paceMs), '--seed', String(args.seed)],
  });
}

type Variant = { name: string; isIgnoringClientKeys: boolean; kills: number; seed: number; latencyMs: number; paceMs: number };

const variants: Variant[] = [
  // 1C takes our Ref_Key: an interrupted create is found by key (or refused as a duplicate key, code 15).
  { name: '1C honours the client key', isIgnoringClientKeys: false, kills: 20, seed: 11, latencyMs: 120, paceMs: 60 },
  // 1C makes keys of its own: an interrupted create can only be found by the marker in its comment.
  { name: '1C ignores the client key', isIgnoringClientKeys: true, kills: 8, seed: 23, latencyMs: 50, paceMs: 60 },
];

type Balance = { productRef: string; characteristicRef: string | null; warehouseRef: string; qty: number };
const balanceKey = (b: Pick<Balance, 'productRef' | 'characteristicRef' | 'warehouseRef'>) => `${b.productRef}|${b.characteristicRef ?? ''}|${b.warehouseRef}`;
const thousandths = (balances: readonly Balance[]) => new Map(balances.map((b) => [balanceKey(b), Math.round(b.qty * 1000)]));

describe('outbox under SIGKILL with lost answers and reset connections', () => {
  // Concurrent: each variant mostly waits (on 1C's latency, on kill timers), so the two overlap well.
  it.concurrent.for(variants)('1C ends up with each of 50 documents exactly once, posted, when $name ($kills kills)', { timeout: 120_000 }, async (variant, { expect, onTestFinished }) => {
    const startedAt = performance.now();
    const cleanups: Cleanups = [];
    onTestFinished(() => runCleanups(cleanups));
    const emulator = await startOnecEmulator({
      port: 0,
      profile: 'ut11',
      products: 200,
      ignoreClientKeys: variant.isIgnoringClientKeys,
      latencyMs: variant.latencyMs,
      seedRandomFaults: variant.seed,
    });
    cleanups.push(() => emulator.close());
    const temp = makeTempDir('prilavok-outbox-crash-');
    cleanups.push(temp.cleanup);
    const dbPath = join(temp.dir, 'store.db');
    (await openSyncedStore(emulator, dbPath, repoMigrationsFolder)).close();
    const before = thousandths(emulator.snapshot().balances);

    // Three requests in ten fail, reads and writes alike: two are performed and their answer lost,
    // one is reset (a write before 1C performs it).
    emulator.faults.set({ lostresponse: 0.2, reset: 0.1 });
    emulator.resetRequestLog();
    const random = createSeededRandom(variant.seed);
    const progress: string[] = [];
    let kills = 0;
    for (let run = 0; run < variant.kills; run += 1) {
      const child = startChild(cleanups, { db: dbPath, emulator, seed: variant.seed * 1000 + run, paceMs: variant.paceMs });
      progress.push(await child.ready);
      const killAfterMs = 150 + Math.floor(random.next() * 1350);
      const hasEnded = await Promise.race([delay(killAfterMs).then(() => false), child.exited.then(() => true)]);
      if (hasEnded) {
        throw new Error(`run ${run} ended on its own before kill ${kills + 1}: ${child.lines.slice(-3).join(' | ')} ${child.stderr()} (progress: ${progress.join('; ')})`);
      }
      child.process.kill('SIGKILL');
      expect((await child.exited).signal).toBe('SIGKILL');
      kills += 1;
    }
    const last = startChild(cleanups, { db: dbPath, emulator, seed: variant.seed * 1000 + variant.kills, paceMs: variant.paceMs });
    progress.push(await last.ready);
    const ended = await Promise.race([last.exited, delay(60_000, null, { ref: false })]);
    expect(ended, `the last run did not finish in 60 s: ${last.lines.slice(-3).join(' | ')} ${last.stderr()}`).toEqual({ code: 0, signal: null });
    expect(last.lines.at(-1)).toBe('done');
    emulator.faults.set(null);

    // 1C: exactly 50 of our documents, each marker once, all posted.
    const ours = emulator.documents().filter((d) => markerPattern.test(d.comment));
    const markers = ours.map((d) => markerPattern.exec(d.comment)?.[1] ?? '');
    expect(ours).toHaveLength(total);
    expect(new Set(markers).size).toBe(total);
    expect(ours.filter((d) => !d.posted || d.deletionMark)).toEqual([]);

    // The store: documents «crash #1» … «crash #50», each once, posted, with 1C's ref and number.
    const db = openDatabase({ path: dbPath, migrationsFolder: repoMigrationsFolder });
    cleanups.push(() => db.close());
    const local = db.sqlite
      .prepare("SELECT id, status, comment, ref_1c AS ref1c, number_1c AS number1c FROM documents WHERE comment LIKE 'crash #%' ORDER BY id")
      .all() as { id: string; status: string; comment: string; ref1c: string | null; number1c: string | null }[];
    expect(local.map((d) => d.comment).sort()).toEqual(Array.from({ length: total }, (_, i) => `crash #${i + 1}`).sort());
    expect(local.filter((d) => d.status !== 'posted')).toEqual([]);
    const byMarker = new Map(ours.map((d, i) => [markers[i], d]));
    for (const doc of local) {
      const onec = byMarker.get(doc.id);
      expect(onec, `document ${doc.comment} (${doc.id}) is not in 1C`).toBeDefined();
      expect({ ref: doc.ref1c, number: doc.number1c }).toEqual({ ref: onec?.ref, number: onec?.number });
      const lines = db.sqlite
        .prepare('SELECT p.ref_1c AS productRef, l.qty FROM document_lines l JOIN products p ON p.id = l.product_id WHERE l.document_id = ? ORDER BY l.line_no')
        .all(doc.id) as { productRef: string; qty: number }[];
      expect(onec?.lines.map((l) => ({ productRef: l.productRef, qty: Math.round(l.qty * 1000) }))).toEqual(lines);
    }
    expect(db.sqlite.prepare("SELECT count(*) FROM outbox WHERE status <> 'done'").pluck().get()).toBe(0);

    // 1C's balances moved by each document exactly once.
    const effects = db.sqlite
      .prepare(
        `SELECT d.kind, w.ref_1c AS fromRef, tw.ref_1c AS toRef, p.ref_1c AS productRef, l.qty
         FROM document_lines l JOIN documents d ON d.id = l.document_id JOIN products p ON p.id = l.product_id
           JOIN warehouses w ON w.id = d.warehouse_id LEFT JOIN warehouses tw ON tw.id = d.to_warehouse_id
         WHERE d.comment LIKE 'crash #%'`,
      )
      .all() as { kind: 'receipt' | 'transfer'; fromRef: string; toRef: string | null; productRef: string; qty: number }[];
    const expected = new Map(before);
    const add = (productRef: string, warehouseRef: string, qty: number) => {
      const key = balanceKey({ productRef, characteristicRef: null, warehouseRef });
      expected.set(key, (expected.get(key) ?? 0) + qty);
    };
    for (const e of effects) {
      add(e.productRef, e.fromRef, e.kind === 'receipt' ? e.qty : -e.qty);
      if (e.kind === 'transfer' && e.toRef !== null) add(e.productRef, e.toRef, e.qty);
    }
    const after = thousandths(emulator.snapshot().balances);
    for (const [key, qty] of expected) if (qty === 0) expected.delete(key);
    expect(Object.fromEntries([...after].sort())).toEqual(Object.fromEntries([...expected].sort()));

    const dropped = emulator.requests.filter((r) => r.status === 0).length;
    process.stdout.write(
      `[outbox-crash] ${variant.name}: ${kills} kills, ${emulator.requests.length} requests to 1C (${dropped} dropped), ` +
        `${((performance.now() - startedAt) / 1000).toFixed(1)} s; runs: ${progress.join('; ')}\n`,
    );
  });
});
