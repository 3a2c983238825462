// Test support: what stands between a store and its 1C in real life. An HTTPS front with a
// self-signed certificate made by openssl (as an admin makes one for IIS), forwarding to the
// emulator; and a forward proxy that tunnels CONNECT, counting what passed through it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, type Socket, connect as netConnect } from 'node:net';
import { join } from 'node:path';

export type SelfSigned = { certPem: string; keyPem: string };

/** A fresh self-signed certificate for `commonName` (no SAN for 127.0.0.1: pinning must not need it). */
export function makeSelfSigned(dir: string, commonName: string): SelfSigned {
  const key = join(dir, `${commonName}.key.pem`);
  const cert = join(dir, `${commonName}.cert.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${commonName}`], { stdio: 'ignore' });
  return { certPem: readFileSync(cert, 'utf8'), keyPem: readFileSync(key, 'utf8') };
}

export type Front = { origin: string; close(): Promise<void> };

/** HTTPS on 127.0.0.1 forwarding every request, headers and body unchanged, to `target` (http). */
export async function startHttpsFront(tls: SelfSigned, target: string): Promise<Front> {
  const to = new URL(target);
  const server = createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const upstream = httpRequest({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return listen(server, 'https');
}

export type Proxy = Front & { tunnels: string[] };

/** A forward proxy that only tunnels (CONNECT), as corporate proxies do for HTTPS and undici uses for all. */
export async function startConnectProxy(): Promise<Proxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = netConnect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    upstream.on('error', () => client.destroy());
  });
  const front = await listen(server, 'http', () => sockets.forEach((socket) => socket.destroy()));
  return { ...front, tunnels };
}

async function listen(server: Server, scheme: string, beforeClose?: () => void): Promise<Front> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        beforeClose?.();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
