import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InvokeChannel, invokeChannels } from '../../src-preload/contract';
import { startWebHost, type WebHost } from './web-host';
import { type Core, createCore } from '../core/app/create-core';
import { silentLogger } from '../core/logging/logger';
import { makeTempDir, repoMigrationsFolder } from '../core/testing/temp-db';

// Inputs no channel accepts: every input schema is a strict object.
const invalidInputs: unknown[] = [42, 'text', [], true, null, { __unexpected__: 1 }];

describe('contract validation', () => {
  const started: InvokeChannel[] = [];
  let core: Core;
  let host: WebHost;
  let temp: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    temp = makeTempDir();
    core = createCore({
      dbPath: join(temp.dir, 'contract.db'),
      migrationsFolder: repoMigrationsFolder,
      logger: silentLogger,
      host: 'web',
      version: '0.0.0-test',
      isOutputChecked: true,
      onHandlerStart: (channel) => started.push(channel),
    });
    host = await startWebHost({ core, rendererDir: join(temp.dir, 'no-renderer') });
  });
  afterAll(async () => {
    await host.close();
    await core.close();
    temp.cleanup();
  });

  it('covers a non-empty contract', () => {
    expect(invokeChannels.length).toBeGreaterThanOrEqual(6);
  });

  it.each(invokeChannels)('%s rejects invalid input with validation before its handler runs', async (channel) => {
    for (const input of invalidInputs) {
      const result = await core.dispatch(channel, input);
      expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect(started).not.toContain(channel);
  });

  it.each(invokeChannels)('%s rejects invalid input over the web host too', async (channel) => {
    for (const input of invalidInputs) {
      const response = await fetch(`${host.origin}/api/invoke/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ input }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect(started).not.toContain(channel);
  });

  it('rejects an unknown channel, including prototype names', async () => {
    for (const channel of ['nope', 'constructor', '__proto__', 'toString', 42]) {
      expect(await core.dispatch(channel, {})).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect(started).toEqual([]);
  });

  it('answers valid input with ok and a contract-shaped value', async () => {
    const info = await core.dispatch('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { host: 'web', counts: { products: 0 } } });
    const list = await core.dispatch('products.list', { search: 'молоко' });
    expect(list).toEqual({ ok: true, value: { rows: [], total: 0 } });
  });

  it('maps a service error to its code without leaking internals', async () => {
    const result = await core.dispatch('products.get', { id: 12345 });
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'Товар 12345 не найден' } });
  });
});
