// How requests reach 1C: directly, or through the store's HTTP proxy; over HTTPS with the system's
// CAs, a CA file of the company's own, or a pinned self-signed certificate (common on a 1C server
// behind IIS in a back room). The pinned certificate is also passed as the CA so Node verifies the
// chain against it; the pin then decides instead of the host name (self-signed certificates rarely
// name the address the store uses).
import { X509Certificate, createHash } from 'node:crypto';
import { type PeerCertificate, connect as tlsConnect } from 'node:tls';
import { type Dispatcher, Pool, ProxyAgent } from 'undici';
import { AppError } from '../errors/app-error';

export type OnecTransport = {
  /** PEM: a CA certificate, or the server's own self-signed certificate. '' = the system's CAs. */
  caPem?: string;
  /** SHA-256 of the server certificate (hex, colons and case ignored). '' = no pinning. */
  pinSha256?: string;
  /** `http://host:port` of a proxy. '' = direct. */
  proxyUrl?: string;
};

export type DispatcherOptions = { connections: number; keepAliveTimeout: number; keepAliveMaxTimeout: number };

export function normalizeFingerprint(text: string): string {
  return text.replace(/[^0-9a-f]/gi, '').toLowerCase();
}

/** The TLS options every connection to 1C uses (also inside a proxy tunnel). */
export function tlsOptions(transport: OnecTransport): { ca?: string; checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined } {
  const pin = normalizeFingerprint(transport.pinSha256 ?? '');
  const ca = transport.caPem?.trim() ? transport.caPem : undefined;
  if (pin === '') return ca === undefined ? {} : { ca };
  return {
    ...(ca === undefined ? {} : { ca }),
    checkServerIdentity: (host, cert) => {
      const actual = createHash('sha256').update(cert.raw).digest('hex');
      if (actual === pin) return undefined;
      return Object.assign(new Error(`certificate fingerprint ${actual} is not the pinned one`), { code: 'ERR_PRILAVOK_PIN_MISMATCH' });
    },
  };
}

/** One dispatcher per client: a Pool to the 1C origin, or a ProxyAgent tunnelling to it. */
export function createOnecDispatcher(origin: string, transport: OnecTransport, options: DispatcherOptions): Dispatcher {
  const tls = tlsOptions(transport);
  const proxy = transport.proxyUrl?.trim() ?? '';
  if (proxy === '') return new Pool(origin, { ...options, pipelining: 1, connect: tls });
  return new ProxyAgent({ uri: proxy, ...options, requestTls: tls });
}

export type ServerCertificate = { pem: string; sha256: string; subject: string; issuer: string; validTo: string };

/**
 * Reads the certificate a 1C server presents, without trusting it: for the wizard, where the admin
 * compares the fingerprint with the one the server's admin gives and then pins it. Direct only.
 */
export function fetchServerCertificate(url: string, timeoutMs = 10_000): Promise<ServerCertificate> {
  const target = new URL(url);
  if (target.protocol !== 'https:') return Promise.reject(new AppError('validation', 'Сертификат есть только у адреса https://'));
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: target.hostname, port: Number(target.port || 443), servername: isIp(target.hostname) ? undefined : target.hostname, rejectUnauthorized: false });
    const timer = setTimeout(() => socket.destroy(new Error(`no TLS answer in ${timeoutMs} ms`)), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const peer = socket.getPeerCertificate();
      socket.end();
      if (!peer.raw) return reject(new AppError('erp', 'Сервер не предъявил сертификат'));
      const x509 = new X509Certificate(peer.raw);
      resolve({ pem: x509.toString(), sha256: createHash('sha256').update(peer.raw).digest('hex'), subject: x509.subject, issuer: x509.issuer, validTo: x509.validTo });
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(new AppError('erp', `Не удалось получить сертификат сервера ${target.host}: ${err.message}`, { cause: err }));
    });
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

