import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { endianness, networkInterfaces } from 'node:os';
import { type IncomingHttpHeaders, type Server, createServer, request } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { type Core, createCore } from '../core/app/create-core';
import { silentLogger } from '../core/logging/logger';
import { makeTempDir, repoMigrationsFolder } from '../core/testing/temp-db';
import { startWebHost, type WebHost } from './web-host';

type RawResponse = { status: number; headers: IncomingHttpHeaders; body: string };
type RawRequest = {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** false: send no Host header at all (fetch always sends one, and the right one). */
  setHost?: boolean;
};

/**
 * Raw HTTP so the test controls every header (fetch would not let it set Host or Origin). Times out
 * instead of hanging when an answer never ends, e.g. an event stream that should have been refused.
 */
function raw(port: number, options: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: options.path ?? '/', method: options.method ?? 'GET', headers: options.headers, setHost: options.setHost ?? true },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.setTimeout(3000, () => req.destroy(new Error(`no complete answer to ${options.method ?? 'GET'} ${options.path ?? '/'} within 3 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

function rawGet(port: number, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return raw(port, { path, headers });
}

/** Writes bytes exactly as given and returns everything the server sent until it closed. */
function socketExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(text));
    socket.setEncoding('utf8');
    socket.setTimeout(3000, () => socket.destroy(new Error('no answer within 3 s')));
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** What a TCP connection attempt to address:port ended in: 'connected' or the error code. */
function connectOutcome(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.setTimeout(3000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** Listening TCP sockets on a port, from /proc/net/tcp{,6} (Linux): their local addresses in hex. */
function listeningAddresses(port: number): { v4: string[]; v6: string[] } {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const read = (file: string): string[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${portHex}`))
      .map((cols) => (cols[1] ?? '').split(':')[0] ?? '');
  return { v4: read('/proc/net/tcp'), v6: read('/proc/net/tcp6') };
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

describe('web host: what a request without the right credentials gets', () => {
  let core: Core;
  let host: WebHost;
  let temp: ReturnType<typeof makeTempDir>;
  let dispatch: MockInstance<Core['dispatch']>;
  let subscribe: MockInstance<Core['events']['subscribe']>;
  const page = '<!doctype html><title>Prilavok</title><p>the renderer page</p>';

  beforeAll(async () => {
    temp = makeTempDir();
    const rendererDir = join(temp.dir, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), page);
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("the renderer bundle")');
    core = createCore({ dbPath: join(temp.dir, 'web.db'), migrationsFolder: repoMigrationsFolder, logger: silentLogger, host: 'web', version: 't' });
    // Spies on the two ways into the core: a refused request must reach neither.
    dispatch = vi.spyOn(core, 'dispatch');
    subscribe = vi.spyOn(core.events, 'subscribe');
    host = await startWebHost({ core, rendererDir });
  });
  afterAll(async () => {
    await host.close();
    await core.close();
    temp.cleanup();
  });

  const own = () => `127.0.0.1:${host.port}`;
  const bearer = () => `Bearer ${host.token}`;
  const cookie = () => `prilavok_token=${host.token}`;
  /** A call with an effect: if any refused request got through, the language would change. */
  const setLanguage = { method: 'POST', path: '/api/invoke/settings.set', body: JSON.stringify({ input: { language: 'en' } }) };

  async function language(): Promise<unknown> {
    const res = await raw(host.port, { method: 'POST', path: '/api/invoke/settings.get', headers: { Authorization: bearer() }, body: '{"input":{}}' });
    return (JSON.parse(res.body) as { value: { language: unknown } }).value.language;
  }

  /**
   * Sends the request and checks it was refused with `status` and nothing else: the error envelope,
   * no cookie, no CORS grant, no token, no page, no event stream, and no handler or subscription run.
   */
  async function expectRefused(status: number, options: RawRequest): Promise<RawResponse> {
    const dispatched = dispatch.mock.calls.length;
    const subscribed = subscribe.mock.calls.length;
    const res = await raw(host.port, options);
    const what = `${options.method ?? 'GET'} ${options.path ?? '/'} ${JSON.stringify(options.headers ?? {})}`;
    expect(res.status, what).toBe(status);
    expect(res.headers['content-type'], what).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body), what).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(res.headers['set-cookie'], what).toBeUndefined();
    expect(res.headers['access-control-allow-origin'], what).toBeUndefined();
    expect(JSON.stringify(res), what).not.toContain(host.token);
    expect(res.body, what).not.toContain('the renderer');
    expect(res.body, what).not.toContain('event:');
    expect(dispatch.mock.calls.length, `${what} reached dispatch`).toBe(dispatched);
    expect(subscribe.mock.calls.length, `${what} subscribed to events`).toBe(subscribed);
    return res;
  }

  it('refuses a missing token on every kind of request', async () => {
    const before = await language();
    const requests: RawRequest[] = [
      setLanguage,
      { ...setLanguage, path: '/api/invoke/app.info' },
      { path: '/' },
      { path: '/index.html' },
      { path: '/assets/app.js' },
      { path: '/api/events', headers: { Accept: 'text/event-stream' } },
      { method: 'HEAD', path: '/' },
      { method: 'PUT', path: '/api/invoke/settings.set', body: setLanguage.body },
      { method: 'DELETE', path: '/' },
      { method: 'OPTIONS', path: '/api/invoke/settings.set', headers: { 'Access-Control-Request-Method': 'POST' } },
    ];
    for (const request of requests) {
      // HEAD answers carry no body to parse: only the status and the absence of a cookie are checked.
      if (request.method === 'HEAD') {
        const res = await raw(host.port, request);
        expect(res.status).toBe(401);
        expect(res.headers['set-cookie']).toBeUndefined();
        continue;
      }
      await expectRefused(401, request);
    }
    expect(await language()).toBe(before);
  });

  it('refuses a wrong token in the header, the cookie and the login link', async () => {
    const before = await language();
    const t = host.token;
    const flipped = t.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    // (Trailing spaces are not in the list: HTTP strips them from header values, so they are no change.)
    const wrongTokens = [flipped, t.slice(0, -1), `${t}x`, ` ${t}`, `${t}%20`, t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase(), '', 'null', 'undefined', `${t},${t}`];
    for (const wrong of wrongTokens) {
      await expectRefused(401, { ...setLanguage, headers: { Authorization: `Bearer ${wrong}` } });
      await expectRefused(401, { ...setLanguage, headers: { Cookie: `prilavok_token=${wrong}` } });
      await expectRefused(401, { path: `/?token=${encodeURIComponent(wrong)}` });
    }
    // The first cookie of that name is the one read: a wrong one in front is not rescued by a right one.
    await expectRefused(401, { ...setLanguage, headers: { Cookie: `prilavok_token=${flipped}; prilavok_token=${t}` } });
    expect(await language()).toBe(before);
  });

  it('refuses the right token in the wrong place', async () => {
    const before = await language();
    const t = host.token;
    const requests: RawRequest[] = [
      // The query token is only the login link (a GET that sets the cookie), never an API credential.
      { ...setLanguage, path: `/api/invoke/settings.set?token=${t}` },
      { ...setLanguage, path: `/api/invoke/settings.set?access_token=${t}` },
      // In the body, in other headers, in other schemes, under another cookie name, in the path.
      { ...setLanguage, body: JSON.stringify({ token: t, input: { language: 'en' } }) },
      { ...setLanguage, headers: { 'X-Prilavok-Token': t } },
      { ...setLanguage, headers: { Token: t } },
      { ...setLanguage, headers: { Authorization: t } },
      { ...setLanguage, headers: { Authorization: `Token ${t}` } },
      { ...setLanguage, headers: { Authorization: `Basic ${Buffer.from(`prilavok:${t}`).toString('base64')}` } },
      { ...setLanguage, headers: { Authorization: `Basic ${Buffer.from(`${t}:`).toString('base64')}` } },
      { ...setLanguage, headers: { Cookie: `token=${t}` } },
      { ...setLanguage, headers: { Cookie: `xprilavok_token=${t}` } },
      { ...setLanguage, headers: { Cookie: `prilavok_token_=${t}` } },
      { ...setLanguage, path: `/${t}/api/invoke/settings.set` },
      { ...setLanguage, path: `/api/invoke/settings.set/${t}` },
      { path: `/api/events/${t}` },
      { path: `/assets/app.js?prilavok_token=${t}` },
    ];
    for (const request of requests) {
      await expectRefused(401, request);
    }
    expect(await language()).toBe(before);
  });

  it('turns a query token into nothing but a cookie and a redirect, on GET only', async () => {
    // On /api/events too the login link answers 302 and opens no stream (expectRefused is not used:
    // this is the one answer that legitimately sets the cookie).
    const subscribed = subscribe.mock.calls.length;
    const res = await raw(host.port, { path: `/api/events?token=${host.token}` });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/api/events');
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.body).toBe('');
    expect(subscribe.mock.calls.length).toBe(subscribed);
    // Not on HEAD or POST: there the query token is ignored and the request has no credential.
    expect((await raw(host.port, { method: 'HEAD', path: `/?token=${host.token}` })).status).toBe(401);
    await expectRefused(401, { ...setLanguage, path: `/?token=${host.token}` });
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding), and sets no cookie', async () => {
    const before = await language();
    const p = host.port;
    const foreignHosts = [
      `evil.example:${p}`,
      'evil.example',
      `127.0.0.1.evil.example:${p}`,
      `localhost.evil.example:${p}`,
      `127.0.0.1:${p}.evil.example`,
      `127.0.0.1:${p}@evil.example`,
      `127.0.0.1:${p + 1}`,
      `localhost:${p + 1}`,
      '127.0.0.1',
      'localhost',
      `127.0.0.2:${p}`,
      `[::1]:${p}`,
      `0.0.0.0:${p}`,
      `2130706433:${p}`,
      `127.1:${p}`,
      `192.0.2.2:${p}`,
    ];
    for (const hostHeader of foreignHosts) {
      await expectRefused(403, { ...setLanguage, headers: { Host: hostHeader, Authorization: bearer() } });
      await expectRefused(403, { ...setLanguage, headers: { Host: hostHeader, Cookie: cookie() } });
      await expectRefused(403, { path: `/?token=${host.token}`, headers: { Host: hostHeader } });
      await expectRefused(403, { path: '/', headers: { Host: hostHeader, Authorization: bearer() } });
      await expectRefused(403, { path: '/api/events', headers: { Host: hostHeader, Authorization: bearer() } });
    }
    expect(await language()).toBe(before);
  });

  it('refuses a request with no Host header, or an empty one', async () => {
    const dispatched = dispatch.mock.calls.length;
    const res = await raw(host.port, { ...setLanguage, headers: { Authorization: bearer() }, setHost: false });
    // Node itself answers 400 to an HTTP/1.1 request without Host; either way nothing runs.
    expect([400, 403]).toContain(res.status);
    expect(res.body).not.toContain(host.token);
    // Node's client would replace an empty Host with the right one: this one goes over a bare socket.
    const body = setLanguage.body;
    const answer = await socketExchange(
      host.port,
      `POST /api/invoke/settings.set HTTP/1.1\r\nHost: \r\nAuthorization: ${bearer()}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 403 Forbidden');
    expect(answer).not.toContain(host.token);
    expect(dispatch.mock.calls.length).toBe(dispatched);
  });

  it('refuses a request from another origin carrying the cookie (a page on another local port: CSRF)', async () => {
    const before = await language();
    const p = host.port;
    for (const origin of [`http://127.0.0.1:${p + 1}`, `http://localhost:${p}`, 'http://evil.example', `https://127.0.0.1:${p}`, 'null', `http://127.0.0.1:${p}.evil.example`, '']) {
      await expectRefused(403, { ...setLanguage, headers: { Origin: origin, Cookie: cookie(), 'Content-Type': 'text/plain' } });
      await expectRefused(403, { ...setLanguage, headers: { Origin: origin, Authorization: bearer() } });
      await expectRefused(403, { path: '/api/events', headers: { Origin: origin, Cookie: cookie() } });
    }
    expect(await language()).toBe(before);
    // Control: the same request from our own origin goes through, so the refusals above were about
    // the origin and nothing else.
    const same = await raw(host.port, { ...setLanguage, headers: { Origin: `http://${own()}`, Cookie: cookie() } });
    expect(same.status).toBe(200);
    expect(await language()).toBe('en');
  });

  it('forbids framing on every answer (Content-Security-Policy: frame-ancestors)', async () => {
    const served = await raw(host.port, { path: '/', headers: { Cookie: cookie() } });
    expect(served.body).toContain('the renderer page');
    const refused = await raw(host.port, { path: '/' });
    for (const res of [served, refused]) expect(res.headers['content-security-policy']).toBe("frame-ancestors 'none'");
  });

  it('opens no event stream without the token: the answer ends and nothing subscribes to the bus', async () => {
    const t = host.token;
    const flipped = t.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const credentials: Record<string, string>[] = [{}, { Authorization: `Bearer ${flipped}` }, { Cookie: `prilavok_token=${flipped}` }, { Cookie: `token=${t}` }, { 'Last-Event-ID': '1' }];
    for (const headers of credentials) {
      // The answer must END (raw() times out on one that never does, i.e. a stream that opened),
      // and no subscription to the event bus may have been made for it (expectRefused).
      const res = await expectRefused(401, { path: '/api/events', headers: { Accept: 'text/event-stream', ...headers } });
      expect(res.headers['content-type']).not.toBe('text/event-stream');
    }
    // Control: with the token the stream opens and the same event arrives.
    const controller = new AbortController();
    const res = await fetch(`${host.origin}/api/events`, { headers: { Authorization: bearer() }, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    core.events.emit('data.changed', { tables: ['settings'] });
    while (!text.includes('data.changed')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain('event: data.changed');
    controller.abort();
  });
});

describe('web host: listening address', () => {
  let core: Core;
  let host: WebHost;
  let temp: ReturnType<typeof makeTempDir>;
  let control: Server;

  beforeAll(async () => {
    temp = makeTempDir();
    core = createCore({ dbPath: join(temp.dir, 'web.db'), migrationsFolder: repoMigrationsFolder, logger: silentLogger, host: 'web', version: 't' });
    host = await startWebHost({ core, rendererDir: temp.dir });
    // A server on every interface: proves the other addresses are reachable from here at all, so a
    // refusal of the web host there is its binding and not the network.
    control = createServer((_req, res) => res.end());
    await new Promise<void>((resolve) => control.listen(0, '::', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => control.close(resolve));
    await host.close();
    await core.close();
    temp.cleanup();
  });

  const otherAddresses = Object.entries(networkInterfaces()).flatMap(([name, addrs]) =>
    (addrs ?? [])
      .filter((addr) => !addr.internal)
      // Link-local IPv6 needs its interface named to be dialled.
      .map((addr) => (addr.family === 'IPv6' && addr.address.startsWith('fe80:') ? `${addr.address}%${name}` : addr.address)),
  );

  it('announces 127.0.0.1 and answers there', async () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(await connectOutcome('127.0.0.1', host.port)).toBe('connected');
  });

  it('has exactly one listening socket on its port, bound to 127.0.0.1 (Linux /proc/net)', (ctx) => {
    ctx.skip(process.platform !== 'linux', '/proc/net/tcp is Linux only');
    const { v4, v6 } = listeningAddresses(host.port);
    const loopbackHex = endianness() === 'LE' ? '0100007F' : '7F000001';
    expect(v4).toEqual([loopbackHex]);
    expect(v6).toEqual([]);
  });

  it('refuses connections on the other loopback addresses (::1, 127.0.0.2)', async (ctx) => {
    const loopbacks = Object.values(networkInterfaces())
      .flat()
      .flatMap((addr) => (addr?.internal && addr.address !== '127.0.0.1' ? [addr.address] : []));
    // 127.0.0.2 reaches the loopback interface on Linux but is not the address the host bound.
    if (process.platform === 'linux') loopbacks.push('127.0.0.2');
    ctx.skip(loopbacks.length === 0, 'no loopback address other than 127.0.0.1 here');
    for (const address of loopbacks) expect(await connectOutcome(address, host.port), address).toBe('ECONNREFUSED');
  });

  it('refuses connections through every non-loopback interface address', async (ctx) => {
    ctx.skip(otherAddresses.length === 0, 'this machine has no non-loopback interface address to try');
    for (const address of otherAddresses) {
      expect(await connectOutcome(address, (control.address() as AddressInfo).port), `control server via ${address}`).toBe('connected');
      expect(await connectOutcome(address, host.port), `web host via ${address}`).toBe('ECONNREFUSED');
    }
  });
});
