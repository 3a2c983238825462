// HTTPS and proxies between the store and 1C, for real: openssl-made certificates, an HTTPS front
// and a CONNECT proxy in front of the emulator. A wrong certificate or pin must fail, never fall back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnecEmulator, type OnecEmulator } from '../../onec-emulator/emulator';
import { silentLogger } from '../logging/logger';
import { makeTempDir } from '../testing/temp-db';
import { createOnecClient } from './onec-client';
import { fetchServerCertificate, type OnecTransport } from './onec-transport';
import { type Front, type Proxy, type SelfSigned, makeSelfSigned, startConnectProxy, startHttpsFront } from './testing/tls-front';

const user = 'Кассир';
const password = 'пароль 1С';

describe('1C over HTTPS and through a proxy', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let emulator: OnecEmulator;
  let server: SelfSigned;
  let stranger: SelfSigned;
  let front: Front;
  let proxy: Proxy;
  let httpsBase: string;

  beforeAll(async () => {
    temp = makeTempDir();
    emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products: 5, user, password });
    server = makeSelfSigned(temp.dir, '1c-server.local');
    stranger = makeSelfSigned(temp.dir, 'someone-else');
    front = await startHttpsFront(server, new URL(emulator.baseUrl).origin);
    proxy = await startConnectProxy();
    httpsBase = emulator.baseUrl.replace(new URL(emulator.baseUrl).origin, front.origin);
  }, 60_000);
  afterAll(async () => {
    await proxy.close();
    await front.close();
    await emulator.close();
    temp.cleanup();
  });

  const readWarehouses = async (baseUrl: string, transport: OnecTransport) => {
    const client = createOnecClient({ baseUrl, user, password }, { logger: silentLogger, transport, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    try {
      return await client.getCollection('Catalog_Склады', { select: ['Ref_Key'] });
    } finally {
      await client.close();
    }
  };
  const failureOf = async (baseUrl: string, transport: OnecTransport) => {
    try {
      await readWarehouses(baseUrl, transport);
    } catch (err) {
      return err as { code: string; message: string; kind?: string };
    }
    throw new Error('expected a failure');
  };

  it('refuses a self-signed server with the system CAs, and says it is the certificate', async () => {
    const error = await failureOf(httpsBase, {});
    expect(error).toMatchObject({ code: 'erp', message: expect.stringContaining('сертификат, которому программа не доверяет (DEPTH_ZERO_SELF_SIGNED_CERT)') });
    expect(JSON.stringify(error)).not.toContain(password);
  });

  it('reads the server certificate without trusting it, and the pin then works', async () => {
    const certificate = await fetchServerCertificate(front.origin);
    expect(certificate.subject).toContain('1c-server.local');
    expect(certificate.pem).toContain('BEGIN CERTIFICATE');
    const page = await readWarehouses(httpsBase, { caPem: certificate.pem, pinSha256: certificate.sha256.replace(/(..)(?!$)/g, '$1:').toUpperCase() });
    expect(page.rows.length).toBeGreaterThanOrEqual(3);
  });

  it('fails on a pin of another certificate, even with that certificate as CA', async () => {
    const other = await fetchServerCertificate(front.origin).then((c) => ({ ...c, sha256: 'ab'.repeat(32) }));
    expect(await failureOf(httpsBase, { caPem: other.pem, pinSha256: other.sha256 })).toMatchObject({ code: 'erp', message: expect.stringContaining('(ERR_PRILAVOK_PIN_MISMATCH)') });
    expect(await failureOf(httpsBase, { caPem: stranger.certPem })).toMatchObject({ code: 'erp', message: expect.stringContaining('сертификат') });
  });

  it('goes through the proxy (CONNECT) with the pinned certificate, and plain HTTP too', async () => {
    const certificate = await fetchServerCertificate(front.origin);
    proxy.tunnels.length = 0;
    const page = await readWarehouses(httpsBase, { caPem: certificate.pem, pinSha256: certificate.sha256, proxyUrl: proxy.origin });
    expect(page.rows.length).toBeGreaterThanOrEqual(3);
    const plain = await readWarehouses(emulator.baseUrl, { proxyUrl: proxy.origin });
    expect(plain.rows.length).toBe(page.rows.length);
    expect(proxy.tunnels).toEqual([new URL(front.origin).host, new URL(emulator.baseUrl).host]);
  });

  it('reports an unreachable proxy as a network failure', async () => {
    const closed = await startConnectProxy();
    await closed.close();
    expect(await failureOf(emulator.baseUrl, { proxyUrl: closed.origin })).toMatchObject({ code: 'erp' });
  });
});
