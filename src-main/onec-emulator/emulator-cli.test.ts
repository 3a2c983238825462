import { describe, expect, it } from 'vitest';
import { type CliIo } from '../cli/cli-io';
import { emulatorCommand } from '../cli/commands/emulator.command';
import { basicAuth } from './emulator-test-helpers';

function recorder(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: process.cwd() };
}

describe('prilavok emulator', () => {
  it('prints one JSON line when ready, serves, and stops on SIGTERM', async () => {
    const io = recorder();
    const running = emulatorCommand.run(['--port', '0', '--profile', 'unf', '--products', '20', '--user', 'Продавец', '--password', 'x'], io);
    for (let i = 0; i < 200 && io.out.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(io.out).toHaveLength(1);
    expect(io.out[0]).toMatch(/^\{.*\}\n$/);
    const ready = JSON.parse(io.out[0] ?? '') as { url: string; user: string; profile: string };
    expect(ready).toMatchObject({ user: 'Продавец', profile: 'unf' });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/trade\/odata\/standard\.odata\/$/);
    const res = await fetch(`${ready.url}Catalog_СтруктурныеЕдиницы?$format=json`, { headers: { Authorization: basicAuth('Продавец', 'x') } });
    expect(res.status).toBe(200);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  it('gives new documents keys of its own with --ignore-client-keys', async () => {
    const io = recorder();
    const running = emulatorCommand.run(['--port', '0', '--products', '5', '--ignore-client-keys'], io);
    for (let i = 0; i < 200 && io.out.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    const ready = JSON.parse(io.out[0] ?? '') as { url: string };
    const ref = crypto.randomUUID();
    const res = await fetch(`${ready.url}Document_ПересчетТоваров?$format=json`, {
      method: 'POST',
      headers: { Authorization: basicAuth('Администратор', ''), 'Content-Type': 'application/json' },
      body: JSON.stringify({ Ref_Key: ref }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { Ref_Key: string }).Ref_Key).not.toBe(ref);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  it('exits 2 with a Russian message on bad usage', async () => {
    for (const argv of [['--profile', 'bp30'], ['--products', '300000'], ['--warehouses', '2'], ['--faults', 'boom:1'], ['--nonsense'], ['--ignore-client-keys=yes']]) {
      const io = recorder();
      expect(await emulatorCommand.run(argv, io), argv.join(' ')).toBe(2);
      expect(io.out).toEqual([]);
      expect(io.err.join('')).toMatch(/prilavok: .*[а-я]/);
    }
  });
});
