// Exactly once for customers under real crashes: a store process registers 20 customers while the
// outbox sends them, and is killed with SIGKILL at random moments and restarted, with 1C dropping
// answers after committing writes (lostresponse) and resetting connections. 1C must end up with each
// customer once, and the store must know each one by 1C's ref — also when 1C ignores our keys (then
// only the marker, or the ИНН, finds an interrupted create).
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'vitest';
import { openDatabase } from '../db/open';
import { createSeededRandom } from '../demo/seeded-random';
import { makeTempDir, repoMigrationsFolder } from '../testing/temp-db';
import { type OnecEmulator, startOnecEmulator } from '../../onec-emulator/emulator';
import { type Cleanups, type CrashChild, runCleanups, startCrashChild } from './testing/crash-process';
import { crashCustomer, crashNamePrefix } from './testing/customer-crash-child';
import { openSyncedStore } from './testing/synced-store';

const childScript = resolve(__dirname, 'testing/customer-crash-child.ts');
const total = 20;

function startChild(cleanups: Cleanups, args: { db: string; emulator: OnecEmulator; seed: number; profile: string }): CrashChild {
  return startCrashChild(cleanups, {
    script: childScript,
    db: args.db,
    emulator: args.emulator,
    options: ['--total', String(total), '--pace-ms', '50', '--seed', String(args.seed), '--profile', args.profile],
  });
}

type Variant = { name: string; profile: 'ut11' | 'unf'; isIgnoringClientKeys: boolean; kills: number; seed: number };

const variants: Variant[] = [
  { name: '1C honours the client key (УТ 11)', profile: 'ut11', isIgnoringClientKeys: false, kills: 6, seed: 31 },
  { name: '1C ignores the client key (УНФ)', profile: 'unf', isIgnoringClientKeys: true, kills: 5, seed: 47 },
];

describe('customers through the outbox under SIGKILL with lost answers and reset connections', () => {
  it.concurrent.for(variants)('1C ends up with each of 20 customers exactly once when $name ($kills kills)', { timeout: 120_000 }, async (variant, { expect, onTestFinished }) => {
    const cleanups: Cleanups = [];
    onTestFinished(() => runCleanups(cleanups));
    const emulator = await startOnecEmulator({ port: 0, profile: variant.profile, products: 30, ignoreClientKeys: variant.isIgnoringClientKeys, latencyMs: 80, seedRandomFaults: variant.seed });
    cleanups.push(() => emulator.close());
    const temp = makeTempDir('prilavok-customer-crash-');
    cleanups.push(temp.cleanup);
    const dbPath = join(temp.dir, 'store.db');
    (await openSyncedStore(emulator, dbPath, repoMigrationsFolder)).close();
    const before = emulator.counterparties().length;

    emulator.faults.set({ lostresponse: 0.2, reset: 0.1 });
    const random = createSeededRandom(variant.seed);
    const progress: string[] = [];
    let kills = 0;
    for (let run = 0; run < variant.kills; run += 1) {
      const child = startChild(cleanups, { db: dbPath, emulator, seed: variant.seed * 1000 + run, profile: variant.profile });
      progress.push(await child.ready);
      const hasEnded = await Promise.race([delay(150 + Math.floor(random.next() * 700)).then(() => false), child.exited.then(() => true)]);
      if (hasEnded) {
        // Finished between two kills: fine once the crashes that matter happened (mid-create, mid-send).
        expect(kills, `run ${run} ended on its own too early: ${child.lines.slice(-3).join(' | ')} ${child.stderr()} (progress: ${progress.join('; ')})`).toBeGreaterThanOrEqual(3);
        break;
      }
      child.process.kill('SIGKILL');
      expect((await child.exited).signal).toBe('SIGKILL');
      kills += 1;
    }
    const last = startChild(cleanups, { db: dbPath, emulator, seed: variant.seed * 1000 + variant.kills, profile: variant.profile });
    progress.push(await last.ready);
    const ended = await Promise.race([last.exited, delay(60_000, null, { ref: false })]);
    expect(ended, `the last run did not finish in 60 s: ${last.lines.slice(-3).join(' | ')} ${last.stderr()}`).toEqual({ code: 0, signal: null });
    emulator.faults.set(null);

    // 1C: each of the 20 exactly once, with its phone and (for the even ones) its ИНН.
    const ours = emulator.counterparties().filter((c) => c.name.startsWith(crashNamePrefix));
    expect(ours.map((c) => c.name).sort()).toEqual(Array.from({ length: total }, (_, i) => `${crashNamePrefix}${i + 1}`).sort());
    expect(emulator.counterparties().length).toBe(before + total);
    for (const c of ours) {
      const n = Number(c.name.slice(crashNamePrefix.length));
      expect({ inn: c.inn, phones: c.phones.map((p) => p.replace(/\D/g, '')) }).toEqual({ inn: crashCustomer(n).inn, phones: [crashCustomer(n).phone.replace(/\D/g, '')] });
    }

    // The store: each once, in sync, linked to exactly that counterparty; nothing left in the queue.
    const db = openDatabase({ path: dbPath, migrationsFolder: repoMigrationsFolder });
    cleanups.push(() => db.close());
    const local = db.sqlite.prepare(`SELECT name, sync_state AS syncState, ref_1c AS ref FROM customers WHERE name LIKE '${crashNamePrefix}%' ORDER BY name`).all() as { name: string; syncState: string; ref: string | null }[];
    expect(local).toHaveLength(total);
    const refByName = new Map(ours.map((c) => [c.name, c.ref]));
    for (const c of local) expect({ name: c.name, state: c.syncState, ref: c.ref }).toEqual({ name: c.name, state: 'synced', ref: refByName.get(c.name) });
    expect(db.sqlite.prepare("SELECT count(*) FROM outbox WHERE kind = 'customer.send' AND status <> 'done'").pluck().get()).toBe(0);
    process.stdout.write(`[customer-crash] ${variant.name}: ${kills} kills, ${emulator.requests.length} requests to 1C; runs: ${progress.join('; ')}\n`);
  });
});
