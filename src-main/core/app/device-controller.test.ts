// Acceptance (issue #5): bytes a serial scanner writes (over a socat pseudo-terminal pair) arrive in the
// app as parsed, resolved scans; the device settings channel opens and closes the port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventName, type EventPayload } from '../../../src-preload/contract';
import { openDatabase } from '../db/open';
import { startSocatPair } from '../devices/serial/socat-pair';
import { waitUntil } from '../devices/serial/wait-until';
import { silentLogger } from '../logging/logger';
import { insertSmallCatalog } from '../testing/small-catalog';
import { repoMigrationsFolder } from '../testing/temp-db';
import { type Core, createCore } from './create-core';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('serial scanners in the app', () => {
  it('turns scanner bytes into resolved scans (GS kept, marking code canonical) and follows settings changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prilavok-scanner-app-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'app.db');
    const seed = openDatabase({ path: dbPath, migrationsFolder: repoMigrationsFolder });
    insertSmallCatalog(seed);
    seed.close();
    const pair = await startSocatPair(dir);
    cleanups.push(() => pair.stop());

    const core: Core = createCore({ dbPath, migrationsFolder: repoMigrationsFolder, logger: silentLogger, host: 'web', version: 't', createSyncRunner: null, isOutboxRunning: false });
    cleanups.push(() => core.close());
    const scans: EventPayload<'scans.received'>[] = [];
    core.events.subscribe((event: EventName, payload) => {
      if (event === 'scans.received') scans.push(payload as EventPayload<'scans.received'>);
    });
    const set = await core.dispatch('devices.settings.set', {
      scanners: [{ id: 'desk', name: 'Сканер на кассе', path: pair.devicePath, baudRate: 9600, framing: 'suffix', suffix: 'cr', timeoutMs: 1000, isEnabled: true }],
    });
    expect(set.ok).toBe(true);
    await waitUntil(() => core.devices.status().scanners[0]?.state === 'connected', { timeoutMs: 20_000 });

    // An EAN-13, then a marking code of product 1 (GTIN 04601234567893) with GS separators, in one write.
    const marking = Buffer.concat([Buffer.from('0104601234567893215Rx!sT4a8K2fQ'), Buffer.from([0x1d]), Buffer.from('93Ab1C')]);
    await pair.write(Buffer.concat([Buffer.from('4600000000017\r'), marking, Buffer.from('\r')]));
    await waitUntil(() => scans.length >= 2, { timeoutMs: 20_000 });
    expect(scans[0]).toMatchObject({ device: 'desk', kind: 'product', canonical: '4600000000017', product: { id: 2 } });
    expect(scans[1]).toMatchObject({ device: 'desk', kind: 'product', product: { id: 1 } });
    expect(scans[1]?.canonical).toBe(marking.toString('latin1'));
    const logged = core.db.sqlite.prepare("SELECT raw_hex FROM scan_log WHERE device = 'desk' ORDER BY id").pluck().all();
    expect(logged).toEqual([Buffer.from('4600000000017').toString('hex'), marking.toString('hex')]);

    // Disabled in the settings: the port is closed (socat sees its reader go) and nothing more arrives.
    await core.dispatch('devices.settings.set', { scanners: [] });
    expect(core.devices.status().scanners).toEqual([]);
  });
});
