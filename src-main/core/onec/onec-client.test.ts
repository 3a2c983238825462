// The client against the project's 1C emulator over real HTTP on port 0 (style B8: no request mocks).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOnecEmulator, type OnecEmulator } from '../../onec-emulator/emulator';
import { type Logger } from '../logging/logger';
import { detectProfile, parseMetadataXml } from './metadata';
import { loadMetadataCached } from './metadata-cache';
import { guidLiteral } from './odata-query';
import { type OnecClient, type OnecError } from './onec';
import { createOnecClient, type OnecClientOptions } from './onec-client';
import { isOnecError } from './onec-error';
import { waitUntil } from '../devices/serial/wait-until';

const user = 'Кладовщик Иванов';
const password = 'пароль-Секрет-42';
const products = 60;

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (message: string): void => {
    lines.push(message);
  };
  return { lines, debug: push, info: push, warn: push, error: push };
}

/** Everything an error could carry to a log or the UI, as one string. */
const everythingIn = (error: OnecError): string =>
  `${JSON.stringify(error)} ${JSON.stringify({ message: error.message, details: error.details })} ${String(error.cause)} ${error.stack ?? ''}`;

async function rejection(promise: Promise<unknown>): Promise<OnecError> {
  try {
    await promise;
  } catch (err) {
    if (isOnecError(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('createOnecClient against the 1C emulator (УТ 11)', () => {
  let emulator: OnecEmulator;
  let logger: ReturnType<typeof recordingLogger>;
  let sleeps: number[];
  const clients: OnecClient[] = [];
  const errors: OnecError[] = [];

  const connect = (options: Partial<OnecClientOptions> = {}, connection: Partial<{ baseUrl: string; password: string }> = {}): OnecClient => {
    const client = createOnecClient(
      { baseUrl: connection.baseUrl ?? emulator.baseUrl, user, password: connection.password ?? password },
      { logger, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, ...options },
    );
    clients.push(client);
    return client;
  };
  const failure = async (promise: Promise<unknown>): Promise<OnecError> => {
    const error = await rejection(promise);
    errors.push(error);
    return error;
  };

  beforeAll(async () => {
    emulator = await startOnecEmulator({ port: 0, profile: 'ut11', products, user, password, slowMs: 3_000 });
  });
  beforeEach(() => {
    emulator.resetRequestLog();
    emulator.faults.set(null);
    logger = recordingLogger();
    sleeps = [];
  });
  afterAll(async () => {
    // Nothing any test produced may carry the password: errors, their causes, or log lines.
    for (const error of errors) expect(everythingIn(error)).not.toContain(password);
    for (const client of clients) await client.close();
    await emulator.close();
  });

  it('reads a Cyrillic set as a Cyrillic user, with $filter spaces sent as %20', async () => {
    const client = connect();
    const page = await client.getCollection('Catalog_Номенклатура', {
      filter: 'IsFolder eq false and DeletionMark eq false',
      select: ['Ref_Key', 'Description', 'Артикул'],
      orderby: 'Ref_Key',
      top: 5,
    });
    expect(page.rows).toHaveLength(5);
    expect(Object.keys(page.rows[0] ?? {})).toEqual(expect.arrayContaining(['Ref_Key', 'Description', 'Артикул']));
    const [logged] = emulator.requests;
    expect(logged?.path).toContain('$filter=IsFolder%20eq%20false%20and%20DeletionMark%20eq%20false');
    expect(logged?.path).not.toContain('+');
    expect(logged?.path).toContain('$format=json');
    expect(page.bytes).toBe(logged?.bytes);
    expect(client.stats).toEqual({ requests: 1, bytes: page.bytes, retries: 0 });
  });

  it('reads odata.count as a number with $inlinecount', async () => {
    const page = await connect().getCollection('Catalog_Номенклатура', { filter: 'IsFolder eq false', inlinecount: true, top: 1 });
    expect(typeof page.count).toBe('number');
    expect(page.count).toBeGreaterThanOrEqual(page.rows.length);
  });

  it('calls register functions with Cyrillic arguments in the path', async () => {
    const client = connect();
    const balance = await client.getCollection("AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Номенклатура,Склад')");
    expect(balance.rows.length).toBeGreaterThan(0);
    expect(balance.rows[0]).toHaveProperty('ВНаличииBalance');
    const priceTypes = await client.getCollection('Catalog_ВидыЦен', { select: ['Ref_Key'] });
    const priceType = String(priceTypes.rows[0]?.['Ref_Key']);
    const prices = await client.getCollection(`InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast(Condition='ВидЦены_Key eq ${guidLiteral(priceType)}')`);
    expect(prices.rows.length).toBeGreaterThan(0);
    expect(prices.rows.every((row) => row['ВидЦены_Key'] === priceType)).toBe(true);
  });

  describe('forEachRow', () => {
    const balancePath = "AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Номенклатура,Склад')";
    const read = async (client: OnecClient, path: string, batchSize: number): Promise<{ batches: number[]; rows: unknown[]; bytes: number }> => {
      const batches: number[] = [];
      const rows: unknown[] = [];
      const result = await client.forEachRow(
        path,
        undefined,
        async (batch) => {
          batches.push(batch.length);
          rows.push(...batch);
          await Promise.resolve();
        },
        { batchSize },
      );
      expect(result.rows).toBe(rows.length);
      return { batches, rows, bytes: result.bytes };
    };

    it('hands over the same rows as getCollection, in batches, counting the bytes', async () => {
      const client = connect();
      const whole = await client.getCollection(balancePath);
      const streamed = await read(client, balancePath, 7);
      expect(streamed.rows).toEqual(whole.rows);
      expect(streamed.batches.slice(0, -1).every((n) => n === 7)).toBe(true);
      expect(streamed.bytes).toBe(whole.bytes);
      expect(emulator.requests[1]?.bytes).toBe(streamed.bytes);
      // Cyrillic descriptions, escaped or not, arrive intact.
      const names = await read(client, 'Catalog_Номенклатура', 3);
      expect(names.rows).toEqual((await client.getCollection('Catalog_Номенклатура')).rows);
    });

    it.each(['truncate', 'reset'] as const)('retries a %s answer while no row was handed over', async (kind) => {
      const client = connect();
      emulator.faults.failNext(kind, 1);
      const streamed = await read(client, balancePath, 1_000_000);
      expect(streamed.rows.length).toBeGreaterThan(0);
      expect(client.stats.retries).toBe(1);
    });

    it.each(['truncate', 'reset'] as const)('fails without retrying once rows of a %s answer were handed over', async (kind) => {
      const client = connect();
      emulator.faults.failNext(kind, 1);
      const error = await failure(read(client, balancePath, 1));
      expect(error.details).toMatchObject({ kind: 'bad_response', isRetryable: false });
      expect(error.message).toContain('данные не применены');
      expect(emulator.requests).toHaveLength(1);
    });

    it('classifies error answers before reading any row: odata.error with code 14, HTML with 200', async () => {
      const client = connect();
      const bad = await failure(client.forEachRow('Catalog_Номенклатура', { filter: 'Бред eq eq' }, () => undefined));
      expect(bad.details).toMatchObject({ kind: 'bad_request', isRetryable: false, status: 400, onecCode: '14' });
      emulator.faults.failNext('html200', 1);
      expect((await read(client, 'Catalog_Склады', 2)).rows.length).toBeGreaterThan(0);
      expect(client.stats.retries).toBe(1);
    });

    it('with readAfter, asks at once but reads only when told, and the wait does not count toward the timeout', async () => {
      const client = connect({ firstRequestTimeoutMs: 400, requestTimeoutMs: 400 });
      let open = (): void => undefined;
      const turn = new Promise<void>((resolve) => {
        open = resolve;
      });
      const handed: unknown[] = [];
      const reading = client.forEachRow(balancePath, undefined, (rows) => void handed.push(...rows), { readAfter: turn });
      await waitUntil(() => emulator.requests.length === 1, { message: 'the request did not reach 1C before its turn' });
      // Three times the timeout spent waiting for the turn: nothing read, nothing timed out.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(handed).toEqual([]);
      open();
      const result = await reading;
      expect(result.rows).toBeGreaterThan(0);
      expect(handed).toHaveLength(result.rows);
      expect(client.stats.retries).toBe(0);
    });

    it('passes a rejection of the callback through unchanged and drops the rest of the answer', async () => {
      const client = connect();
      const stop = new Error('stop');
      await expect(client.forEachRow(balancePath, undefined, () => Promise.reject(stop), { batchSize: 1 })).rejects.toBe(stop);
      expect((await read(client, 'Catalog_Склады', 2)).rows.length).toBeGreaterThan(0);
    });
  });

  it.each(['500', '503', 'reset', 'truncate', 'html200'] as const)('retries a transient %s twice and then succeeds', async (kind) => {
    const client = connect();
    emulator.faults.failNext(kind, 2);
    const page = await client.getCollection('Catalog_Склады');
    expect(page.rows.length).toBeGreaterThan(0);
    expect(client.stats.retries).toBe(2);
    expect(client.stats.requests).toBe(3);
    expect(emulator.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    // 503 carries Retry-After: 1, which wins over the jittered backoff (0.5 · 1 s, 0.5 · 2 s).
    expect(sleeps).toEqual(kind === '503' ? [1000, 1000] : [500, 1000]);
    const expectedKind = { '500': 'server', '503': 'server', reset: 'bad_response', truncate: 'bad_response', html200: 'bad_response' }[kind];
    expect(logger.lines.filter((line) => line.includes(`(${expectedKind}, HTTP`) && line.includes('retrying'))).toHaveLength(2);
  });

  it('gives up after maxAttempts with the last classified error', async () => {
    const client = connect({ retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 } });
    emulator.faults.failNext('html200', 3);
    const error = await failure(client.getCollection('Catalog_Склады'));
    expect(error.details).toMatchObject({ kind: 'bad_response', isRetryable: true, status: 200 });
    expect(error.message).toContain('HTML-страница');
    expect(emulator.requests).toHaveLength(3);
  });

  it('classifies a 401 as auth and never retries it', async () => {
    const client = connect();
    emulator.faults.failNext('401', 1);
    const error = await failure(client.getCollection('Catalog_Склады'));
    expect(error.code).toBe('erp');
    expect(error.details).toMatchObject({ kind: 'auth', isRetryable: false, status: 401 });
    expect(error.message).toContain(`1С отклонила логин или пароль пользователя «${user}»`);
    expect(emulator.requests).toHaveLength(1);
    expect(client.stats.retries).toBe(0);
  });

  it('reports a wrong password as auth without ever showing a password', async () => {
    const wrong = 'неверный-пароль-777';
    const error = await failure(connect({}, { password: wrong }).getCollection('Catalog_Склады'));
    expect(error.details.kind).toBe('auth');
    expect(everythingIn(error)).not.toContain(wrong);
    expect(logger.lines.join('\n')).not.toContain(wrong);
    expect(emulator.requests).toHaveLength(1);
  });

  it('turns a stalled answer into a timeout', async () => {
    const client = connect({ firstRequestTimeoutMs: 300, requestTimeoutMs: 300, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    emulator.faults.failNext('slow', 1);
    const error = await failure(client.getCollection('Catalog_Склады'));
    expect(error.details).toMatchObject({ kind: 'timeout', isRetryable: true, status: null });
    expect(error.message).toContain('не ответила за 0,3 с на запрос «Catalog_Склады»');
  });

  it('retries a stalled answer and succeeds on the next attempt', async () => {
    const client = connect({ firstRequestTimeoutMs: 300, requestTimeoutMs: 300 });
    emulator.faults.failNext('slow', 1);
    const page = await client.getCollection('Catalog_Склады');
    expect(page.rows.length).toBeGreaterThan(0);
    expect(client.stats.retries).toBe(1);
  });

  it('stops at once when the caller aborts, with the caller’s reason', async () => {
    const client = connect();
    emulator.faults.failNext('slow', 1);
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    setTimeout(() => controller.abort(reason), 100);
    const started = performance.now();
    await expect(client.getCollection('Catalog_Склады', {}, { signal: controller.signal })).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(client.stats.retries).toBe(0);
  });

  it('reports an unpublished set as not_found with code 8 and the fix, without retrying', async () => {
    const error = await failure(connect().getCollection('Catalog_НеОпубликованный'));
    expect(error.details).toMatchObject({ kind: 'not_found', isRetryable: false, status: 404, onecCode: '8' });
    expect(error.message).toBe(
      'Объект «Catalog_НеОпубликованный» не опубликован в OData 1С: добавьте его в состав стандартного интерфейса OData (УстановитьСоставСтандартногоИнтерфейсаOData) или проверьте имя в профиле 1С.',
    );
    expect(error.details.request).toMatch(/^Catalog_%D0%9D/);
    expect(emulator.requests).toHaveLength(1);
  });

  it('reports a bad $filter as bad_request with code 14 and 1C’s text, without retrying', async () => {
    const error = await failure(connect().getCollection('Catalog_Номенклатура', { filter: "startwith(Description, 'ООО') eq true" }));
    expect(error.details).toMatchObject({ kind: 'bad_request', isRetryable: false, status: 400, onecCode: '14' });
    expect(error.details.onecMessage).toBeTruthy();
    expect(emulator.requests).toHaveLength(1);
  });

  it('reports an unknown key as not_found with code 9', async () => {
    const error = await failure(connect().getCollection(`Catalog_Номенклатура(${guidLiteral('00000000-0000-0000-0000-00000000abcd')})`));
    expect(error.details).toMatchObject({ kind: 'not_found', onecCode: '9' });
  });

  it('reads one entity addressed by key as a one-row page', async () => {
    const client = connect();
    const [first] = (await client.getCollection('Catalog_Склады', { top: 1 })).rows;
    const ref = String(first?.['Ref_Key']);
    const page = await client.getCollection(`Catalog_Склады(${guidLiteral(ref)})`);
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]?.['Ref_Key']).toBe(ref);
  });

  it('reports a wrong publication address as not_found with what to check', async () => {
    const wrongBase = emulator.baseUrl.replace('/trade/', '/nosuchbase/');
    const error = await failure(connect({}, { baseUrl: wrongBase }).getCollection('Catalog_Склады'));
    expect(error.details).toMatchObject({ kind: 'not_found', onecCode: null, status: 404 });
    expect(error.message).toContain('не найден стандартный интерфейс OData 1С');
  });

  it('reports a closed port as network after retrying', async () => {
    const port = await freePort();
    const client = connect({}, { baseUrl: `http://127.0.0.1:${port}/base/odata/standard.odata/` });
    const error = await failure(client.getCollection('Catalog_Склады'));
    expect(error.details).toMatchObject({ kind: 'network', isRetryable: true, status: null });
    expect(error.message).toContain(`Нет связи с 1С по адресу http://127.0.0.1:${port}/base/odata/standard.odata/`);
    expect(client.stats).toMatchObject({ requests: 4, retries: 3 });
  });

  it('fetches $metadata, caches its summary and recognises the УТ 11 publication completely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onec-client-md-'));
    try {
      const client = connect();
      const first = await loadMetadataCached(client, dir, { maxAgeMs: 60_000, source: emulator.baseUrl });
      const second = await loadMetadataCached(client, dir, { maxAgeMs: 60_000, source: emulator.baseUrl });
      expect([first.isFromCache, second.isFromCache]).toEqual([false, true]);
      expect(emulator.requests.filter((r) => r.path.endsWith('$metadata'))).toHaveLength(1);
      const detection = detectProfile(second.metadata);
      expect(detection.profile?.id).toBe('ut11');
      expect(detection.missing).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('retries a truncated $metadata', async () => {
    const client = connect();
    emulator.faults.failNext('truncate', 1);
    const { xml, bytes } = await client.getMetadata();
    expect(xml).toContain('EntityContainer');
    expect(bytes).toBe(Buffer.byteLength(xml));
    expect(client.stats.retries).toBe(1);
  });
});

describe('createOnecClient against the 1C emulator (УНФ)', () => {
  it('recognises the УНФ publication completely and reads its stock register', async () => {
    const emulator = await startOnecEmulator({ port: 0, profile: 'unf', products: 30, user: 'Админ', password: 'секрет-УНФ' });
    const client = createOnecClient({ baseUrl: emulator.baseUrl, user: 'Админ', password: 'секрет-УНФ' }, { logger: recordingLogger() });
    try {
      const { xml } = await client.getMetadata();
      const detection = detectProfile(parseMetadataXml(xml));
      expect(detection.profile?.id).toBe('unf');
      expect(detection.missing).toEqual([]);
      const stock = await client.getCollection("AccumulationRegister_ЗапасыНаСкладах/Balance(Dimensions='Номенклатура,СтруктурнаяЕдиница')");
      expect(stock.rows[0]).toHaveProperty('КоличествоBalance');
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});

describe('createOnecClient against odd web servers', () => {
  // A plain node:http server for answers the emulator does not script (a long Retry-After, a wrong
  // Content-Type): still real HTTP, no request mocks.
  let server: Server;
  let baseUrl: string;
  let answer: (res: ServerResponse) => void;
  let hits = 0;
  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      hits += 1;
      req.resume();
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/b/odata/standard.odata/`;
  });
  beforeEach(() => {
    hits = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = (): OnecClient => createOnecClient({ baseUrl, user: 'u', password: 'секрет-пароль' }, { logger: recordingLogger(), sleep: async () => undefined });

  it('hands a Retry-After longer than a minute back to the caller instead of waiting', async () => {
    answer = (res) => res.writeHead(503, { 'Retry-After': '120', 'Content-Type': 'text/html' }).end('<html>busy</html>');
    const c = client();
    const error = await rejection(c.getCollection('Catalog_X'));
    expect(error.details).toMatchObject({ kind: 'server', isRetryable: true, status: 503, retryAfterMs: 120_000 });
    expect(hits).toBe(1);
    await c.close();
  });

  it('refuses JSON sent without a JSON Content-Type, and a JSON body of the wrong shape', async () => {
    const c = client();
    answer = (res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('{"value":[]}');
    expect((await rejection(c.getCollection('Catalog_X'))).details).toMatchObject({ kind: 'bad_response', isRetryable: true });
    hits = 0;
    answer = (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"d":{"results":[]}}');
    const wrongShape = await rejection(c.getCollection('Catalog_X'));
    expect(wrongShape.details).toMatchObject({ kind: 'bad_response', isRetryable: false });
    expect(hits).toBe(1);
    await c.close();
  });

  it('streams nothing from an odata.error body sent with 200, and refuses it as the wrong envelope', async () => {
    answer = (res) => res.writeHead(200, { 'Content-Type': 'application/json;charset=utf-8' }).end('{"odata.error":{"code":"-1","message":{"lang":"ru","value":"Ошибка"}}}');
    const c = client();
    const handed: unknown[] = [];
    const error = await rejection(c.forEachRow('Catalog_X', undefined, (rows) => void handed.push(...rows)));
    expect(error.details).toMatchObject({ kind: 'bad_response', isRetryable: false });
    expect(handed).toEqual([]);
    await c.close();
  });

  it('streams a body sent in small pieces, Cyrillic letters split between them', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ Ref_Key: String(i), Description: `Хлеб «Бородинский» \\ "${i}"` }));
    const bytes = Buffer.from(JSON.stringify({ 'odata.metadata': 'x', value: rows }), 'utf8');
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(bytes.length) });
      // Odd-sized writes, each flushed on its own tick, so chunk borders fall inside letters and strings.
      let at = 0;
      const next = (): void => {
        if (at >= bytes.length) return void res.end();
        res.write(bytes.subarray(at, at + 333), () => setImmediate(next));
        at += 333;
      };
      next();
    };
    const c = client();
    const handed: unknown[] = [];
    const result = await c.forEachRow('Catalog_X', undefined, (batch) => void handed.push(...batch), { batchSize: 8 });
    expect(handed).toEqual(rows);
    expect(result).toEqual({ rows: 50, bytes: bytes.length });
    await c.close();
  });

  it('reads an XML m:error body', async () => {
    answer = (res) =>
      res
        .writeHead(404, { 'Content-Type': 'application/xml' })
        .end('<m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><m:code>9</m:code><m:message>Экземпляр сущности не найден</m:message></m:error>');
    const c = client();
    const error = await rejection(c.getCollection('Catalog_X'));
    expect(error.details).toMatchObject({ kind: 'not_found', onecCode: '9', onecMessage: 'Экземпляр сущности не найден' });
    await c.close();
  });
});

/** A port nothing listens on: bind to 0, read the port, close. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
