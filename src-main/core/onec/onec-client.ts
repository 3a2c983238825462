// The undici client for 1C's standard OData interface (onec-http.md §1, §3.6, §3.7, §6).
// Reads are idempotent GETs, so transient failures are retried in-line; writes (POST/PATCH) are sent
// once and the outbox decides what happens next (it looks up what 1C has before trying again).
import { setTimeout as delay } from 'node:timers/promises';
import { type Dispatcher } from 'undici';
import { AppError, toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { buildODataRequestTarget } from './odata-query';
import { parseCollectionBody, parseErrorBody, stripBom } from './odata-envelope';
import { createCollectionSplitter } from './odata-stream';
import { type ODataQuery, type OnecClient, type OnecConnection, type OnecError, type OnecPage, type OnecRow } from './onec';
import { classifyHttpFailure, classifyTransportError, createOnecError, isOnecError, type OnecErrorContext, type OnecErrorInput } from './onec-error';
import { backoffDelayMs, defaultRetryPolicy, maxInlineRetryAfterMs, parseRetryAfterMs, type RetryPolicy } from './retry-policy';
import { type OnecTransport, createOnecDispatcher } from './onec-transport';

export type OnecClientOptions = {
  logger: Logger;
  /** Default 2: each concurrent 1C session may cost a client licence (onec-http.md §3.7). */
  maxConnections?: number;
  /** Default 90 000: a cold 1C (first request, or after a long idle) takes 10–30 s to answer. */
  firstRequestTimeoutMs?: number;
  /** Default 30 000, for every request once 1C has answered recently. */
  requestTimeoutMs?: number;
  /** Default 180 000: `$metadata` is 15+ MB and took 23 s on a warm UT 11 base. */
  metadataTimeoutMs?: number;
  retry?: RetryPolicy;
  /** Proxy, CA file, pinned certificate (Настройки → Подключение к 1С). Default: direct, system CAs. */
  transport?: OnecTransport;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
};

/** After this much silence 1C has likely dropped its sessions, so the next request gets the cold-start timeout. */
const coldAfterIdleMs = 10 * 60_000;

/** Bodies up to this size (declared by Content-Length) are read into one preallocated buffer. */
const maxPreallocatedBody = 512 * 1024 * 1024;

type Base = { origin: string; basePath: string; display: string };

type RawResponse = { status: number; contentType: string; retryAfterMs: number | null; location: string | null; body: Buffer; bytes: number };

/** A write's method and JSON body (null: none, as for the Post action). */
type WriteRequest = { method: 'POST' | 'PATCH'; body: Buffer | null };

const emptyBody = Buffer.alloc(0);

type Attempt<T> = (request: string, signal: AbortSignal | undefined) => Promise<T>;

type ResponseHead = { status: number; contentType: string };

/** Takes the body chunk by chunk instead of it being buffered; may be async (the read waits for it). */
type BodySink = (chunk: Buffer) => void | Promise<void>;

/** Rows handed to `forEachRow`'s callback at a time, unless the caller asks otherwise. */
const defaultRowBatch = 2_000;

/**
 * Creates a client bound to one 1C publication. Nothing is sent until the first call.
 * Every method rejects with an OnecError (AppError code 'erp'), except when the caller's signal
 * aborts: then it rejects with the signal's reason, unchanged.
 */
export function createOnecClient(connection: OnecConnection, options: OnecClientOptions): OnecClient {
  const base = parseBaseUrl(connection.baseUrl);
  const logger = options.logger;
  const retry = options.retry ?? defaultRetryPolicy;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const firstRequestTimeoutMs = options.firstRequestTimeoutMs ?? 90_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const metadataTimeoutMs = options.metadataTimeoutMs ?? 180_000;
  const stats = { requests: 0, bytes: 0, retries: 0 };
  let lastAnswerAt: number | null = null;

  // UTF-8 Basic credentials: a Cyrillic login in cp1251 gets IIS 401.5 (onec-http.md §3.7, P4).
  const authorization = `Basic ${Buffer.from(`${connection.user}:${connection.password}`, 'utf8').toString('base64')}`;
  const pool = createOnecDispatcher(base.origin, options.transport ?? {}, {
    connections: Math.max(1, options.maxConnections ?? 2),
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 10 * 60_000,
  });

  const context = (extra: Partial<OnecErrorContext> = {}): OnecErrorContext => ({
    baseUrl: base.display,
    user: connection.user,
    password: connection.password,
    ...extra,
  });
  const fail = (input: OnecErrorInput, extra?: Partial<OnecErrorContext>): OnecError => createOnecError(input, context(extra));

  /**
   * One GET. The body is buffered, unless `sinkFor` returns a sink for the answer's head (status and
   * Content-Type are known before any byte of the body is read): then each chunk goes to the sink and
   * `body` comes back empty. A sink's own failure propagates unchanged and drops the connection.
   */
  async function exchange(
    request: string,
    accept: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    sinkFor?: ((head: ResponseHead) => BodySink | null) | null,
    write?: WriteRequest,
    readAfter?: Promise<unknown>,
    onAnswer?: () => void,
  ): Promise<RawResponse> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    let isTimedOut = false;
    const startTimer = (): NodeJS.Timeout =>
      setTimeout(() => {
        isTimedOut = true;
        controller.abort(new Error(`no answer in ${timeoutMs} ms`));
      }, timeoutMs);
    let timer = startTimer();
    const onCallerAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    const started = now();
    stats.requests += 1;
    const transportFailure = (err: unknown, received: number | null, status: number | null): unknown => {
      if (signal?.aborted) return signal.reason;
      const cause = err;
      if (isTimedOut) return fail({ kind: 'timeout', isRetryable: true, status, onecCode: null, onecMessage: null, request, cause }, { timeoutMs });
      if (received !== null) {
        // The status line arrived but the body did not: a dropped connection or a short Content-Length.
        return fail(
          { kind: 'bad_response', isRetryable: true, status, onecCode: null, onecMessage: null, request, cause },
          { problem: `ответ оборвался после ${received} байт` },
        );
      }
      const failure = classifyTransportError(err);
      const reason = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
      return fail({ ...failure, status: null, onecCode: null, onecMessage: null, request, cause }, { timeoutMs, ...(reason ? { reason } : {}) });
    };
    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await pool.request({
          origin: base.origin,
          path: `${base.basePath}${request}`,
          method: write?.method ?? 'GET',
          headers: write?.body
            ? { authorization, accept, 'user-agent': 'Prilavok', 'content-type': 'application/json;charset=utf-8' }
            : { authorization, accept, 'user-agent': 'Prilavok' },
          ...(write?.body ? { body: write.body } : {}),
          signal: controller.signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
      } catch (err) {
        throw transportFailure(err, null, null);
      }
      onAnswer?.();
      if (readAfter) {
        // Waiting for our own turn is not 1C being slow: the clock restarts when reading begins.
        clearTimeout(timer);
        try {
          await readAfter;
        } catch {
          // The caller's previous step failed; the caller's signal decides whether this one goes on.
        }
        if (signal?.aborted) {
          response.body.destroy();
          throw signal.reason;
        }
        timer = startTimer();
      }
      const declaredLength = headerValue(response.headers['content-length']);
      const expected = declaredLength !== null && /^\d+$/.test(declaredLength) ? Number(declaredLength) : null;
      const contentType = (headerValue(response.headers['content-type']) ?? '').toLowerCase();
      const sink = sinkFor?.({ status: response.statusCode, contentType }) ?? null;
      // With a Content-Length the body is copied straight into one buffer of that size, so a 35 MB
      // answer is held once, not as chunks plus their concatenation.
      const whole = sink === null && expected !== null && expected <= maxPreallocatedBody ? Buffer.allocUnsafe(expected) : null;
      const chunks: Buffer[] = [];
      let bytes = 0;
      const reader = response.body[Symbol.asyncIterator]();
      let isDone = false;
      try {
        while (!isDone) {
          let next: IteratorResult<unknown>;
          try {
            next = await reader.next();
          } catch (err) {
            throw transportFailure(err, bytes, response.statusCode);
          }
          if (next.done === true) {
            isDone = true;
            break;
          }
          const buffer = next.value as Buffer;
          bytes += buffer.length;
          stats.bytes += buffer.length;
          if (sink !== null) await sink(buffer);
          else if (whole !== null && bytes <= whole.length) buffer.copy(whole, bytes - buffer.length);
          else chunks.push(buffer);
        }
      } finally {
        // A sink that failed leaves the rest unread: drop the connection rather than drain 30 MB.
        if (!isDone) response.body.destroy();
      }
      lastAnswerAt = now();
      if (expected !== null && expected !== bytes) {
        throw fail(
          { kind: 'bad_response', isRetryable: true, status: response.statusCode, onecCode: null, onecMessage: null, request },
          { problem: `ответ оборвался: получено ${bytes} байт из ${declaredLength}` },
        );
      }
      logger.debug(`1C ${write?.method ?? 'GET'} ${request} -> ${response.statusCode}, ${bytes} B, ${now() - started} ms`);
      return {
        status: response.statusCode,
        contentType,
        retryAfterMs: parseRetryAfterMs(headerValue(response.headers['retry-after']), now()),
        // 1C sends the Location of a created object as raw UTF-8 (onec-http.md §6.9); undici hands it over as latin1.
        location: locationHeader(response.headers.location),
        body: sink !== null ? emptyBody : (whole ?? Buffer.concat(chunks, bytes)),
        bytes,
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** Non-2xx → a classified OnecError. */
  function httpFailure(raw: RawResponse, request: string, operation: 'read' | 'write' = 'read'): OnecError {
    const body = parseErrorBody(raw.body.toString('utf8'));
    // 500 with code -1 is 1C's refusal only for a write (see classifyHttpFailure).
    const failure = classifyHttpFailure(raw.status, body?.code ?? null, operation);
    const honoursRetryAfter = raw.status === 429 || raw.status === 503;
    return fail({
      ...failure,
      status: raw.status,
      onecCode: body?.code ?? null,
      onecMessage: body?.message ?? null,
      request,
      ...(honoursRetryAfter && raw.retryAfterMs !== null ? { retryAfterMs: raw.retryAfterMs } : {}),
    });
  }

  function wrongContent(raw: RawResponse, request: string, expected: string): OnecError {
    const problem = raw.contentType.includes('html')
      ? 'пришла HTML-страница вместо данных'
      : `тип содержимого «${raw.contentType || 'не указан'}» вместо ${expected}`;
    // An HTML page with 200 is what IIS or 1C send during auth trouble or a restart: worth another try.
    return fail({ kind: 'bad_response', isRetryable: true, status: raw.status, onecCode: null, onecMessage: null, request }, { problem });
  }

  async function withRetries<T>(request: string, signal: AbortSignal | undefined, attempt: Attempt<T>): Promise<T> {
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      try {
        return await attempt(request, signal);
      } catch (err) {
        if (!isOnecError(err) || !err.details.isRetryable || attemptNumber >= retry.maxAttempts) throw err;
        const retryAfterMs = err.details.retryAfterMs;
        // A long Retry-After is handed back to the caller, which can schedule instead of blocking.
        if (retryAfterMs !== undefined && retryAfterMs > maxInlineRetryAfterMs) throw err;
        const jitter = backoffDelayMs(attemptNumber, retry, random);
        const waitMs = retryAfterMs === undefined ? jitter : retryAfterMs;
        stats.retries += 1;
        logger.warn(`1C GET ${request} failed (${err.details.kind}, HTTP ${err.details.status ?? '-'}), attempt ${attemptNumber}/${retry.maxAttempts}; retrying in ${waitMs} ms`);
        await pause(waitMs, signal);
      }
    }
  }

  async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal === undefined) return sleep(ms);
    signal.throwIfAborted();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([sleep(ms), aborted]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  function currentTimeoutMs(): number {
    const isCold = lastAnswerAt === null || now() - lastAnswerAt > coldAfterIdleMs;
    return isCold ? Math.max(firstRequestTimeoutMs, requestTimeoutMs) : requestTimeoutMs;
  }

  const getCollection = async (path: string, query?: ODataQuery, callOptions?: { signal?: AbortSignal }): Promise<OnecPage> => {
    let request: string;
    try {
      request = buildODataRequestTarget(path, query);
    } catch (err) {
      throw fail({ kind: 'bad_request', isRetryable: false, status: null, onecCode: null, onecMessage: null, request: path, cause: err });
    }
    return withRetries(request, callOptions?.signal, async (target, signal) => {
      const raw = await exchange(target, 'application/json', currentTimeoutMs(), signal);
      if (raw.status < 200 || raw.status > 299) throw httpFailure(raw, target);
      if (!raw.contentType.includes('json')) throw wrongContent(raw, target, 'JSON');
      const text = raw.body.toString('utf8');
      // The text is all the parse needs: the buffer may be collected while JSON.parse allocates rows.
      raw.body = emptyBody;
      const parsed = parseCollectionBody(text);
      if (!parsed.ok) {
        const isTruncated = parsed.problem === 'not_json';
        throw fail(
          { kind: 'bad_response', isRetryable: isTruncated, status: raw.status, onecCode: null, onecMessage: null, request: target },
          { problem: isTruncated ? 'ответ не разобран как JSON (возможно, оборван)' : `неожиданная структура JSON (${parsed.detail})` },
        );
      }
      return parsed.value.count === undefined ? { rows: parsed.value.rows, bytes: raw.bytes } : { rows: parsed.value.rows, bytes: raw.bytes, count: parsed.value.count };
    });
  };

  const forEachRow: OnecClient['forEachRow'] = async (path, query, onRows, callOptions) => {
    let request: string;
    try {
      request = buildODataRequestTarget(path, query);
    } catch (err) {
      throw fail({ kind: 'bad_request', isRetryable: false, status: null, onecCode: null, onecMessage: null, request: path, cause: err });
    }
    const batchSize = callOptions?.batchSize ?? defaultRowBatch;
    let handedOver = 0;
    return withRetries(request, callOptions?.signal, async (target, signal) => {
      const splitter = createCollectionSplitter(batchSize);
      const unparsed = (problem: 'not_json' | 'wrong_envelope', detail: string, status: number): OnecError => {
        const isTruncated = problem === 'not_json';
        return fail(
          { kind: 'bad_response', isRetryable: isTruncated, status, onecCode: null, onecMessage: null, request: target },
          { problem: isTruncated ? 'ответ не разобран как JSON (возможно, оборван)' : `неожиданная структура JSON (${detail})` },
        );
      };
      const hand = async (batches: OnecRow[][]): Promise<void> => {
        for (const rows of batches) {
          handedOver += rows.length;
          await onRows(rows);
        }
      };
      let raw: RawResponse;
      try {
        raw = await exchange(target, 'application/json', currentTimeoutMs(), signal, (head) => {
          if (head.status < 200 || head.status > 299 || !head.contentType.includes('json')) return null;
          return async (chunk) => {
            const step = splitter.push(chunk);
            if (!step.ok) throw unparsed(step.problem, step.detail, head.status);
            await hand(step.value);
          };
        }, undefined, callOptions?.readAfter, callOptions?.onAnswer);
        if (raw.status < 200 || raw.status > 299) throw httpFailure(raw, target);
        if (!raw.contentType.includes('json')) throw wrongContent(raw, target, 'JSON');
        const last = splitter.end();
        if (!last.ok) throw unparsed(last.problem, last.detail, raw.status);
        await hand(last.value.batches);
        return last.value.count === undefined ? { rows: handedOver, bytes: raw.bytes } : { rows: handedOver, bytes: raw.bytes, count: last.value.count };
      } catch (err) {
        // Rows already handed over cannot be taken back: another attempt would hand them twice, so the
        // caller fails instead and applies nothing of this answer.
        if (handedOver > 0 && isOnecError(err) && err.details.isRetryable) {
          throw fail(
            { ...err.details, isRetryable: false, cause: err },
            { problem: `ответ оборвался после ${handedOver} строк; данные не применены`, timeoutMs: currentTimeoutMs() },
          );
        }
        throw err;
      }
    });
  };

  const getMetadata = async (callOptions?: { signal?: AbortSignal }): Promise<{ xml: string; bytes: number }> =>
    withRetries('$metadata', callOptions?.signal, async (target, signal) => {
      const raw = await exchange(target, 'application/xml', Math.max(metadataTimeoutMs, currentTimeoutMs()), signal);
      if (raw.status < 200 || raw.status > 299) throw httpFailure(raw, target);
      if (!raw.contentType.includes('xml')) throw wrongContent(raw, target, 'XML');
      const xml = raw.body.toString('utf8');
      // Without Content-Length a cut body is only visible as a missing closing tag.
      if (!/<\/(?:[\w-]+:)?Edmx>\s*$/.test(xml)) {
        throw fail(
          { kind: 'bad_response', isRetryable: true, status: raw.status, onecCode: null, onecMessage: null, request: target },
          { problem: 'описание метаданных оборвано или не является CSDL ($metadata)' },
        );
      }
      return { xml, bytes: raw.bytes };
    });

  const write: OnecClient['write'] = async (method, path, body, callOptions) => {
    let request: string;
    try {
      request = buildODataRequestTarget(path, callOptions?.query);
    } catch (err) {
      throw fail({ kind: 'bad_request', isRetryable: false, status: null, onecCode: null, onecMessage: null, request: path, cause: err });
    }
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body), 'utf8');
    const raw = await exchange(request, 'application/json', currentTimeoutMs(), callOptions?.signal, null, { method, body: payload });
    if (raw.status < 200 || raw.status > 299) throw httpFailure(raw, request, 'write');
    const text = stripBom(raw.body.toString('utf8')).trim();
    if (text === '') return { status: raw.status, entity: null, location: raw.location, bytes: raw.bytes };
    // The write happened (2xx): an answer we cannot read is reported, and the caller re-reads what 1C has.
    if (!raw.contentType.includes('json')) throw wrongContent(raw, request, 'JSON');
    const parsed = parseCollectionBody(text);
    if (!parsed.ok) {
      throw fail({ kind: 'bad_response', isRetryable: true, status: raw.status, onecCode: null, onecMessage: null, request }, { problem: `ответ на запись не разобран (${parsed.detail})` });
    }
    return { status: raw.status, entity: parsed.value.rows.length === 1 ? (parsed.value.rows[0] ?? null) : null, location: raw.location, bytes: raw.bytes };
  };

  return {
    getCollection,
    forEachRow,
    write,
    getMetadata,
    stats,
    close: async () => {
      try {
        await pool.close();
      } catch (err) {
        logger.warn(`1C client close: ${toLogFormat(err)}`);
      }
    },
  };
}

function locationHeader(value: string | string[] | undefined): string | null {
  const raw = headerValue(value);
  return raw === null ? null : Buffer.from(raw, 'latin1').toString('utf8');
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/** Splits the base URL into the pool origin and the path prefix; drops any user:password@ (credentials go in the header only). */
export function parseBaseUrl(baseUrl: string): Base {
  let url: URL | null = null;
  try {
    url = new URL(baseUrl);
  } catch {
    // Reported below without echoing the text: it may hold user:password@.
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new AppError('validation', 'Адрес публикации 1С не распознан: укажите его целиком, например http://сервер/база/odata/standard.odata/');
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const basePath = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { origin: url.origin, basePath, display: `${url.origin}${basePath}` };
}
