import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { type IpcResult } from '../../src-preload/contract';
import { type Core } from '../core/app/create-core';

export type WebHostOptions = {
  core: Core;
  /** Built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /** Tests may fix the token; normally a fresh random one per run. */
  token?: string;
};

export type WebHost = { url: string; origin: string; token: string; port: number; close(): Promise<void> };

const cookieName = 'prilavok_token';
const maxBodyBytes = 1024 * 1024;
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const statusByCode: Record<string, number> = { validation: 400, not_found: 404, unauthorized: 401, internal: 500 };

/**
 * The same handler table as the Electron host, over HTTP. Bound to 127.0.0.1 only; every request
 * needs the per-run token (cookie set by the first `/?token=` visit, or `Authorization: Bearer`).
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.core.logger.error(`web host: ${String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Внутренняя ошибка' } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // The page's own policy is the meta tag in index.html (the Electron file:// load has no headers);
    // framing can only be refused by a header. A page on another 127.0.0.1 port is same-site, so it
    // would get the SameSite cookie inside a frame.
    res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
    // A page on another site could reach 127.0.0.1 through a DNS name it controls; the Host header
    // tells such requests apart (DNS rebinding).
    if (!isLoopbackHost(req.headers.host, port)) {
      sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Недопустимый адрес' } });
      return;
    }
    // Cookies ignore ports: a page served by any other local program (127.0.0.1:<other port>) is
    // same-site and its fetch/form posts carry our SameSite=Strict cookie. Browsers send Origin on
    // every such POST (and on cross-origin fetches), so anything but our own origin is refused
    // (CSRF). Clients that send no Origin (curl, the CLI, tests) are authorised by the token alone.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
      sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Запрос с чужой страницы отклонён' } });
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null && req.method === 'GET' && isTokenValid(queryToken, token)) {
      url.searchParams.delete('token');
      res.setHeader('Set-Cookie', `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.writeHead(302, { Location: `${url.pathname}${url.search}` }).end();
      return;
    }
    if (!isAuthorized(req, token)) {
      sendJson(res, 401, {
        ok: false,
        error: { code: 'unauthorized', message: 'Нужен ключ доступа: откройте адрес, который напечатал Prilavok' },
      });
      return;
    }
    if (url.pathname.startsWith('/api/invoke/') && req.method === 'POST') {
      const channel = decodeURIComponent(url.pathname.slice('/api/invoke/'.length));
      const body = await readJsonBody(req);
      const result: IpcResult<unknown> = body.ok
        ? await options.core.dispatch(channel, body.value.input)
        : { ok: false, error: { code: 'validation', message: body.message } };
      sendJson(res, result.ok ? 200 : (statusByCode[result.error.code] ?? 422), result);
      return;
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      openEventStream(res);
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      serveStatic(url.pathname, res);
      return;
    }
    sendJson(res, 405, { ok: false, error: { code: 'validation', message: 'Метод не поддерживается' } });
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    sseClients.add(res);
    const unsubscribe = options.core.events.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    res.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      sseClients.delete(res);
    });
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = resolve(join(rendererDir, relative));
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) {
      sendJson(res, 404, { ok: false, error: { code: 'not_found', message: 'Не найдено' } });
      return;
    }
    if (!isFile(file)) file = join(rendererDir, 'index.html'); // client-side navigation
    if (!isFile(file)) {
      sendJson(res, 404, { ok: false, error: { code: 'not_found', message: 'Интерфейс не собран: npm run build' } });
      return;
    }
    res.writeHead(200, {
      'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const client of sseClients) client.end();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

function isAuthorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ') && isTokenValid(header.slice(7), token)) return true;
  const cookies = (req.headers.cookie ?? '').split(';').map((part) => part.trim());
  const cookie = cookies.find((part) => part.startsWith(`${cookieName}=`));
  return cookie !== undefined && isTokenValid(cookie.slice(cookieName.length + 1), token);
}

function isTokenValid(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

type Body = { ok: true; value: { input?: unknown } } | { ok: false; message: string };

async function readJsonBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return { ok: false, message: 'Слишком большой запрос' };
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return { ok: true, value: {} };
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, message: 'Тело запроса должно быть объектом {"input": ...}' };
    }
    return { ok: true, value: value as { input?: unknown } };
  } catch {
    return { ok: false, message: 'Тело запроса — не JSON' };
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
