// The contract gate. Fuzz of every contract channel: seeded random inputs that the channel's schema refuses — random
// JSON of every type, values IPC can carry but JSON cannot (NaN, Infinity, -0, BigInt-sized
// numbers), hostile keys (__proto__, constructor), and objects with the schema's own keys holding
// wrong values — sent through the dispatch gate and over the web host. Every one must come back as
// `validation`, no handler may start, and nothing may be polluted.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type z } from 'zod';
import { type InvokeChannel, invokeChannels, invokeContract } from '../../src-preload/contract';
import { type Core, createCore } from '../core/app/create-core';
import { createSeededRandom, type SeededRandom } from '../core/demo/seeded-random';
import { silentLogger } from '../core/logging/logger';
import { makeTempDir, repoMigrationsFolder } from '../core/testing/temp-db';
import { type WebHost, startWebHost } from './web-host';

const perChannel = 150;
/** Inputs no channel accepts (every input schema is a strict object): always sent first. */
const fixedInvalid: unknown[] = [42, 'text', [], true, null, { __unexpected__: 1 }];
const overHttpPerChannel = 15;

const strings = ['', ' ', 'a'.repeat(5000), '\u0000', '💥', 'Молоко', '../../etc/passwd', '<script>alert(1)</script>', "'; DROP TABLE products; --", '1e309', '-1', 'null', '2026-13-45'];
const numbers = [0, -0, -1, 1.5, 2 ** 53 + 1, -(2 ** 31), 1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER];
const keys = ['__proto__', 'constructor', 'prototype', 'id', 'input', 'toString', ''];

function randomValue(random: SeededRandom, depth: number): unknown {
  switch (random.int(depth > 2 ? 5 : 7)) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick(numbers);
    case 3:
      return random.pick(strings);
    case 4:
      return undefined;
    case 5:
      return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random.int(4); i > 0; i -= 1) Object.defineProperty(object, random.pick(keys), { value: randomValue(random, depth + 1), enumerable: true, configurable: true, writable: true });
      return object;
    }
  }
}

/** Keys the schema itself declares (zod objects expose their shape), so wrong values reach deeper checks. */
function shapeKeys(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

function invalidInputs(channel: InvokeChannel, random: SeededRandom, count: number): unknown[] {
  const schema = invokeContract[channel].input as z.ZodType;
  const own = shapeKeys(schema);
  const inputs: unknown[] = [...fixedInvalid];
  for (let attempt = 0; inputs.length < count && attempt < count * 50; attempt += 1) {
    let input: unknown;
    if (own.length > 0 && random.chance(0.6)) {
      const object: Record<string, unknown> = {};
      for (const key of own) if (random.chance(0.7)) object[key] = randomValue(random, 1);
      if (random.chance(0.2)) object[random.pick(keys)] = randomValue(random, 1);
      input = object;
    } else input = randomValue(random, 0);
    if (input !== undefined && !schema.safeParse(input).success) inputs.push(input);
  }
  return inputs;
}

describe("contract gate: every channel refuses invalid input before any handler (IPC fuzz)", () => {
  const started: InvokeChannel[] = [];
  let temp: ReturnType<typeof makeTempDir>;
  let core: Core;
  let host: WebHost;

  beforeAll(async () => {
    temp = makeTempDir();
    // No users: the PC is open (admin), so the permission gate lets every call reach validation.
    core = createCore({
      dbPath: join(temp.dir, 'fuzz.db'),
      migrationsFolder: repoMigrationsFolder,
      logger: silentLogger,
      host: 'web',
      version: '0.0.0-test',
      createSyncRunner: null,
      isOutboxRunning: false,
      isDevicesRunning: false,
      isAlertsRunning: false,
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

  it.each(invokeChannels)('%s', async (channel) => {
    const random = createSeededRandom([...channel].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 7));
    const inputs = invalidInputs(channel, random, perChannel);
    expect(inputs.length).toBeGreaterThanOrEqual(perChannel * 0.9);
    for (const input of inputs) {
      const result = await core.dispatch(channel, input);
      expect({ input, code: result.ok ? 'ok' : result.error.code }).toEqual({ input, code: 'validation' });
    }
    // Over HTTP only what stays invalid as JSON (NaN becomes null, undefined keys vanish).
    const schema = invokeContract[channel].input as z.ZodType;
    const asJson = inputs.map((input) => JSON.parse(JSON.stringify(input ?? null)) as unknown).filter((input) => !schema.safeParse(input).success);
    for (const input of asJson.slice(0, overHttpPerChannel)) {
      const response = await fetch(`${host.origin}/api/invoke/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ input }),
      });
      expect({ input, status: response.status, body: await response.json() }).toMatchObject({ input, status: 400, body: { ok: false, error: { code: 'validation' } } });
    }
    expect(started).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
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

