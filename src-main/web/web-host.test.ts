import { networkInterfaces } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../core/app/create-core';
import { silentLogger } from '../core/logging/logger';
import { makeTempDir, repoMigrationsFolder } from '../core/testing/temp-db';
import { startWebHost, type WebHost } from './web-host';

/** Raw HTTP so the test controls the Host header (fetch would not let it). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host', () => {
  let core: Core;
  let host: WebHost;
  let temp: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    temp = makeTempDir();
    const rendererDir = join(temp.dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Prilavok</title>');
    writeFileSync(join(temp.dir, 'secret.txt'), 'outside the renderer');
    core = createCore({ dbPath: join(temp.dir, 'web.db'), migrationsFolder: repoMigrationsFolder, logger: silentLogger, host: 'web', version: 't' });
    host = await startWebHost({ core, rendererDir });
  });
  afterAll(async () => {
    await host.close();
    await core.close();
    temp.cleanup();
  });

  const invoke = (channel: string, headers: Record<string, string>) =>
    fetch(`${host.origin}/api/invoke/${channel}`, { method: 'POST', headers, body: JSON.stringify({ input: {} }) });

  it('refuses a request without the token, before any handler', async () => {
    const res = await invoke('app.info', {});
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await fetch(`${host.origin}/`)).status).toBe(401);
    expect((await fetch(`${host.origin}/api/events`)).status).toBe(401);
  });

  it('refuses a wrong token of the right length', async () => {
    const wrong = host.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await invoke('app.info', { Authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await fetch(`${host.origin}/?token=${wrong}`, { redirect: 'manual' })).status).toBe(401);
  });

  it('answers with the bearer token', async () => {
    const res = await invoke('app.info', { Authorization: `Bearer ${host.token}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { name: 'Prilavok' } });
  });

  it('turns the printed URL into an HttpOnly cookie that then authorizes requests', async () => {
    const first = await fetch(host.url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${host.origin}/`, { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Prilavok</title>');
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    const res = await rawGet(host.port, '/', { Host: `evil.example:${host.port}`, Authorization: `Bearer ${host.token}` });
    expect(res.status).toBe(403);
  });

  it('never serves files outside the renderer folder', async () => {
    const res = await rawGet(host.port, '/../secret.txt', { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}` });
    expect(res.body).not.toContain('outside the renderer');
    const encoded = await rawGet(host.port, '/%2e%2e/secret.txt', { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}` });
    expect(encoded.body).not.toContain('outside the renderer');
  });

  it('rejects a body that is not JSON with a validation error', async () => {
    const res = await fetch(`${host.origin}/api/invoke/app.info`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}` }, body: '{not json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('listens on loopback only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((addr) => addr && addr.family === 'IPv4' && !addr.internal);
    expect(host.origin.startsWith('http://127.0.0.1:')).toBe(true);
    if (!external) return; // a machine with only loopback: nothing else to try
    const reached = await fetch(`http://${external.address}:${host.port}/`, { signal: AbortSignal.timeout(3000) }).then(
      () => true,
      () => false,
    );
    expect(reached).toBe(false);
  });

  it('pushes contract events over server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${host.origin}/api/events`, { headers: { Authorization: `Bearer ${host.token}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    await reader.read(); // ": connected"
    await invoke('settings.get', { Authorization: `Bearer ${host.token}` });
    const set = await fetch(`${host.origin}/api/invoke/settings.set`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
      body: JSON.stringify({ input: { language: 'en' } }),
    });
    expect(await set.json()).toMatchObject({ ok: true, value: { language: 'en' } });
    let text = '';
    while (!text.includes('data.changed')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain('event: data.changed\ndata: {"tables":["settings"]}');
    controller.abort();
  });
});
