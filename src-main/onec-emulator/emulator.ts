// The 1C emulator: a real HTTP server on 127.0.0.1 that behaves like the standard OData interface
// of a 1C:Enterprise 8.3 publication (onec-http.md §1–§4, §6, §8) for tests, benchmarks and the
// demo. Rule of thumb: never more forgiving than real 1C; where unsure, fail the way 1C fails.
// What is emulated and every choice made where the sources are silent: docs/onec-emulator.md.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type EmulatorProfileId, emulatorProfileIds, generateStore, maxEmulatorProducts, maxEmulatorWarehouses } from './emulator-data';
import { createSeededRandom } from '../core/demo/seeded-random';
import { counterpartiesSource, counterpartySet, counterpartyView, type EmulatorCounterparty, generateCounterparties } from './emulator-counterparties';
import { addDocumentSources, documentView, type EmulatorDocument } from './emulator-documents';
import { createFaultDice, type FaultKind, type FaultSpec, type FaultTarget } from './emulator-faults';
import { applicationErrorPage, atomEntity, atomFeed, type BodyContext, errorBody, jsonCollection, jsonEntity, serviceDocument } from './emulator-format';
import { buildMetadata } from './emulator-metadata';
import { createMutations, type EmulatorMutations, type EmulatorSnapshot, takeSnapshot } from './emulator-mutations';
import { parseFunctionArgs, parseKey, parseSegment, splitPath, unquoteParam } from './emulator-paths';
import { executeQuery, parseQueryString, parseSelect, type QueryOptions } from './emulator-query';
import { type AnySource, buildSources, requireSource, type VirtualTable } from './emulator-sets';
import { handleWrite, type WriteContext } from './emulator-writes';
import { instanceNotFound, isODataError, ODataError, segmentNotFound } from './odata-error';

export { type EmulatorSnapshot, type EmulatorMutations } from './emulator-mutations';
export { type FaultKind, type FaultSpec, type FaultTarget, faultKinds, faultTargets, parseFaultSpec } from './emulator-faults';
export { type EmulatorProfileId, emulatorProfileIds, maxEmulatorProducts, maxEmulatorWarehouses, type StockDocumentKind, stockDocumentKinds } from './emulator-data';
export { type EmulatorDocument, type EmulatorDocumentLine } from './emulator-documents';
export { type EmulatorCounterparty } from './emulator-counterparties';
export { type CounterpartyKind, type CounterpartyPatch, type NewCounterparty } from './emulator-counterparty-mutations';

export type OnecEmulatorOptions = {
  /** 0 or absent: a free port. */
  port?: number;
  profile: EmulatorProfileId;
  /** Publication name, the first path segment. Default 'trade'. */
  publication?: string;
  /** Default 1,000; at most 200,000. */
  products?: number;
  /** Default 3; at least 3. */
  warehouses?: number;
  /** Data generator seed. Default 1. */
  seed?: number;
  /** Default 'Администратор' (sent by clients as UTF-8, §3.7). */
  user?: string;
  /** Default ''. */
  password?: string;
  faults?: FaultSpec | string;
  /** Delay added to every request. */
  latencyMs?: number;
  /** Delay of the first request only (1C's cold start: 11–30 s live, §3.7). */
  coldStartMs?: number;
  /** How long a `slow` fault stalls before answering. Default 65,000 ms (past a 60 s client timeout). */
  slowMs?: number;
  /** Seed of the fault dice. Default: `seed`. */
  seedRandomFaults?: number;
  /** "Now" of the generated data (epoch ms). Default: the start of the current UTC day. */
  now?: number;
  /**
   * Ignore a `Ref_Key` sent in the body of a document POST and give the new document a key of the
   * emulator's own (default false: a valid unused key is honoured). Tests use it for the client's
   * other exactly-once path: finding its document again by a marker instead of by key.
   */
  ignoreClientKeys?: boolean;
  /**
   * Sets left out of the publication's OData composition (with their tabular sections and record
   * types): gone from the service document and `$metadata`, and 404 with code 8 when asked for,
   * as 1C answers for an object outside the composition. `publication.publish` adds them later.
   */
  unpublished?: readonly string[];
};

export type RequestLogEntry = { method: string; path: string; status: number; bytes: number; ms: number };

export type OnecEmulator = {
  /** http://127.0.0.1:PORT/<publication>/odata/standard.odata/ */
  baseUrl: string;
  user: string;
  password: string;
  profile: EmulatorProfileId;
  /** 1C's truth, normalised, for exhaustive comparison by tests. */
  snapshot(): EmulatorSnapshot;
  mutate: EmulatorMutations;
  /** The OData composition, as the 1C admin changes it (УстановитьСоставСтандартногоИнтерфейсаOData). */
  publication: { publish(names: readonly string[]): void; unpublish(names: readonly string[]): void };
  /**
   * `failNext(kind, count, target)` queues faults ahead of the dice for the next `count` requests
   * that `target` picks ('any' by default, 'read' = GET, 'write' = POST/PATCH/…). On a write,
   * `lostresponse` commits and then drops the connection; every other kind fails without writing.
   */
  faults: { set(spec: FaultSpec | string | null): void; failNext(kind: FaultKind, count?: number, target?: FaultTarget): void };
  /** The stock documents created through OData (POST), in creation order, as 1C holds them now. */
  documents(): EmulatorDocument[];
  /** Any stock document by ref (created or generated), or undefined. */
  document(ref: string): EmulatorDocument | undefined;
  /** Catalog_Контрагенты as 1C holds it now, groups included, in 1C's storage order. */
  counterparties(): EmulatorCounterparty[];
  counterparty(ref: string): EmulatorCounterparty | undefined;
  /** Every request answered so far (status 0: the connection was dropped without an answer). */
  readonly requests: ReadonlyArray<RequestLogEntry>;
  resetRequestLog(): void;
  close(): Promise<void>;
};

type Reply = { status: number; headers: Record<string, string>; chunks: Buffer[] };

const odataHeaders = { DataServiceVersion: '3.0' };
/** Request bodies above this are refused by the "web server" (413), as IIS caps them. */
const maxBodyBytes = 64 * 1024 * 1024;

/**
 * Generates the infobase and starts serving it. Resolves when the server listens; rejects with
 * RangeError on bad options (unknown profile, too many products, a bad fault spec).
 */
export async function startOnecEmulator(options: OnecEmulatorOptions): Promise<OnecEmulator> {
  const profile = options.profile;
  if (!emulatorProfileIds.includes(profile)) throw new RangeError(`Неизвестный профиль 1С «${String(profile)}»`);
  const products = options.products ?? 1000;
  if (!Number.isInteger(products) || products < 0 || products > maxEmulatorProducts) {
    throw new RangeError(`Число товаров должно быть целым от 0 до ${maxEmulatorProducts}`);
  }
  const warehouses = options.warehouses ?? 3;
  if (!Number.isInteger(warehouses) || warehouses < 3 || warehouses > maxEmulatorWarehouses) {
    throw new RangeError(`Число складов должно быть целым от 3 до ${maxEmulatorWarehouses}`);
  }
  const seed = options.seed ?? 1;
  const publication = options.publication ?? 'trade';
  if (!/^[\w-]+$/.test(publication)) throw new RangeError(`Недопустимое имя публикации «${publication}»`);
  const user = options.user ?? 'Администратор';
  const password = options.password ?? '';
  const dice = createFaultDice(options.seedRandomFaults ?? seed, options.faults);
  const slowMs = options.slowMs ?? 65_000;

  const store = generateStore({ profile, products, warehouses, seed, ...(options.now !== undefined ? { now: options.now } : {}) });
  // A random of their own: the rest of the infobase stays exactly what the seed made before.
  generateCounterparties(store, createSeededRandom(seed * 7919 + 17));
  const sources = buildSources(store);
  addDocumentSources(store, sources);
  sources.set(counterpartySet, counterpartiesSource(store));
  const hiddenSources = new Map<string, AnySource>();
  // An object takes its parts with it: `X_Товары`, `X_RecordType`.
  const partsOf = (names: readonly string[], from: ReadonlyMap<string, AnySource>): string[] =>
    [...from.keys()].filter((key) => names.some((name) => key === name || key.startsWith(`${name}_`)));
  const movePublished = (names: readonly string[], from: Map<string, AnySource>, to: Map<string, AnySource>): void => {
    for (const key of partsOf(names, from)) {
      to.set(key, from.get(key) as AnySource);
      from.delete(key);
    }
    metadata = null;
  };
  const sortCache = new Map<string, { revision: number; key: string; order: readonly unknown[] }>();
  let metadata: Buffer | null = null;
  movePublished(options.unpublished ?? [], sources, hiddenSources);
  const expectedCredentials = Buffer.from(`${user}:${password}`, 'utf8');
  const requests: RequestLogEntry[] = [];
  let isFirstRequest = true;
  const basePath = `/${publication}/odata/standard.odata`;
  let baseUrl = '';
  const writeContext: WriteContext = {
    store,
    get baseUrl() {
      return baseUrl;
    },
    isIgnoringClientKeys: options.ignoreClientKeys ?? false,
    now: () => Date.now(),
  };

  const isAuthorized = (header: string | undefined): boolean => {
    const m = header ? /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header) : null;
    if (!m) return false;
    // Compared as bytes: credentials encoded as Latin-1 or cp1251 never match the UTF-8 form (P4: IIS 401.5).
    const given = Buffer.from(m[1] as string, 'base64');
    return given.length === expectedCredentials.length && timingSafeEqual(given, expectedCredentials);
  };

  const route = (method: string, rawPath: string, rawQuery: string, accept: string | undefined, body: Buffer): Reply => {
    if (!rawPath.startsWith(basePath) || (rawPath.length > basePath.length && rawPath[basePath.length] !== '/')) {
      // Outside the publication: the web server's own 404, not an OData answer.
      return { status: 404, headers: { 'Content-Type': 'text/html; charset=utf-8' }, chunks: [Buffer.from('<html><body><h1>404 Not Found</h1></body></html>')] };
    }
    let rest: string;
    try {
      rest = decodeURIComponent(rawPath.slice(basePath.length + 1));
    } catch {
      throw new ODataError(400, '2', 'Неверный формат запроса: некорректная кодировка URL');
    }
    const options = parseQueryString(rawQuery, accept);
    if (method !== 'GET') return writeReply(method, rest, options, body);
    if (rest === '') {
      return { status: 200, headers: { ...odataHeaders, 'Content-Type': 'application/atomsvc+xml;charset=utf-8' }, chunks: [serviceDocument(baseUrl, [...sources.keys()])] };
    }
    if (rest === '$metadata') {
      // XML only, whatever $format says (DG).
      metadata ??= Buffer.from(buildMetadata(sources));
      return { status: 200, headers: { ...odataHeaders, 'Content-Type': 'application/xml;charset=utf-8' }, chunks: [metadata] };
    }
    const segments = splitPath(rest);
    const first = parseSegment(segments[0] ?? '');
    const source = requireSource(sources, first.name);
    if (first.args !== null) {
      const item = source.find(parseKey(source, first.args));
      if (item === undefined) throw instanceNotFound(source.name);
      // Property paths, $value and actions on one entity are not emulated yet: refused as unknown segments.
      if (segments.length > 1) throw segmentNotFound(segments[1] ?? '');
      return entityReply(source, item, options);
    }
    if (segments.length === 1) {
      const { items, count } = executeQuery(source, options, store.revision, sortCache);
      return collectionReply(source, items, count, options, source.name);
    }
    if (segments.length > 2) throw segmentNotFound(segments[2] ?? '');
    const call = parseSegment(segments[1] ?? '');
    const fn = source.functions.find((f) => f.name === call.name);
    // Balance on a catalog or on a turnover register, SliceLast on the wrong set: "method not found" (§2.2).
    if (!fn) throw segmentNotFound(call.name);
    return virtualTableReply(source, fn, call.args, options);
  };

  const writeReply = (method: string, rest: string, options: QueryOptions, body: Buffer): Reply => {
    if (rest === '' || rest === '$metadata') throw new ODataError(501, '0', `Эмулятор 1С не поддерживает метод ${method} для этого адреса`);
    const segments = splitPath(rest);
    const first = parseSegment(segments[0] ?? '');
    const source = requireSource(sources, first.name);
    const outcome = handleWrite(writeContext, { method, source, keyArgs: first.args, tail: segments.slice(1), options, body });
    if (outcome.kind === 'empty') return { status: outcome.status, headers: { ...odataHeaders }, chunks: [] };
    const reply = entityReply(outcome.source, outcome.item, options);
    return { ...reply, status: outcome.status, headers: { ...reply.headers, ...outcome.headers } };
  };

  const entityReply = (source: AnySource, item: unknown, options: QueryOptions): Reply => {
    const selection = parseSelect(source, options.select, source.recordSet?.fields ?? null);
    const ctx: BodyContext = { baseUrl, source, fields: selection.fields, rowFields: selection.rowFields, tabularFields: selection.tabularFields, format: options.format };
    return options.format === 'atom'
      ? { status: 200, headers: { ...odataHeaders, 'Content-Type': 'application/atom+xml;type=entry;charset=utf-8' }, chunks: atomEntity(ctx, item) }
      : { status: 200, headers: { ...odataHeaders, 'Content-Type': 'application/json;charset=utf-8' }, chunks: jsonEntity(ctx, item) };
  };

  const collectionReply = (source: AnySource, items: readonly unknown[], count: number | null, options: QueryOptions, fragment: string): Reply => {
    const selection = parseSelect(source, options.select, source.recordSet?.fields ?? null);
    const ctx: BodyContext = { baseUrl, source, fields: selection.fields, rowFields: selection.rowFields, tabularFields: selection.tabularFields, format: options.format };
    return options.format === 'atom'
      ? { status: 200, headers: { ...odataHeaders, 'Content-Type': 'application/atom+xml;type=feed;charset=utf-8' }, chunks: atomFeed(ctx, items, count, source.name) }
      : { status: 200, headers: { ...odataHeaders, 'Content-Type': 'application/json;charset=utf-8' }, chunks: jsonCollection(ctx, items, count, fragment) };
  };

  const virtualTableReply = (source: AnySource, fn: VirtualTable, args: string | null, options: QueryOptions): Reply => {
    // Virtual tables refuse $skip (400) and ignore $orderby (CDC DESIGN.md).
    if (options.skip !== undefined) throw new ODataError(400, '0', 'Опция запроса $skip не поддерживается для виртуальных таблиц');
    const params = new Map<string, string>();
    // The query-string form (SliceLast?Condition=…) is accepted too (DG).
    for (const [name, value] of options.params) if (fn.params.includes(name)) params.set(name, unquoteParam(name, value));
    for (const [name, value] of parseFunctionArgs(args ?? '')) {
      if (!fn.params.includes(name)) throw segmentNotFound(name);
      params.set(name, value);
    }
    const { rows, fields } = fn.run(params);
    const virtual: AnySource = {
      name: fn.resultType,
      kind: 'virtual',
      keyFields: [],
      fields,
      items: () => rows,
      find: () => undefined,
      functions: [],
    };
    const { items, count } = executeQuery(virtual, { ...options, orderby: undefined }, store.revision, new Map());
    // The odata.metadata of function results is unconfirmed (§10): the OData v3 form for a collection.
    return collectionReply(virtual, items, count, options, `Collection(StandardODATA.${fn.resultType})`);
  };

  const send = (req: IncomingMessage, res: ServerResponse, reply: Reply, fault: FaultKind | null, log: RequestLogEntry, started: number): void => {
    const total = reply.chunks.reduce((n, c) => n + c.length, 0);
    const done = (status: number, bytes: number) => {
      log.status = status;
      log.bytes = bytes;
      log.ms = Math.round(performance.now() - started);
      requests.push(log);
    };
    if (fault === 'lostresponse') {
      // The request was processed (a write would be committed), but the answer never leaves.
      req.socket.destroy();
      done(0, 0);
      return;
    }
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(total) });
    if (fault === 'reset' || fault === 'truncate') {
      const body = Buffer.concat(reply.chunks);
      const part = body.subarray(0, Math.floor(body.length / 2));
      // reset: the connection dies mid-body; truncate: fewer bytes than Content-Length, then close.
      res.write(part, () => {
        if (fault === 'reset') req.socket.resetAndDestroy();
        else req.socket.destroy();
      });
      done(reply.status, part.length);
      return;
    }
    // One write for ordinary bodies: several small writes on a keep-alive socket can meet the
    // client's delayed ACK and stall each page by ~40 ms. Huge bodies are written chunk by chunk.
    if (total <= 16 * 1024 * 1024) res.end(reply.chunks.length === 1 ? reply.chunks[0] : Buffer.concat(reply.chunks, total));
    else {
      for (const chunk of reply.chunks) res.write(chunk);
      res.end();
    }
    done(reply.status, total);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer, started: number): Promise<void> => {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const log: RequestLogEntry = { method, path: url, status: 0, bytes: 0, ms: 0 };
    const dropConnection = (kind: 'reset' | 'close') => {
      if (kind === 'reset') req.socket.resetAndDestroy();
      else req.socket.destroy();
      log.ms = Math.round(performance.now() - started);
      requests.push(log);
    };
    if (isFirstRequest) {
      isFirstRequest = false;
      if (options.coldStartMs) await delay(options.coldStartMs);
    }
    if (options.latencyMs) await delay(options.latencyMs);
    const isWrite = method !== 'GET' && method !== 'HEAD';
    const fault = dice.draw(isWrite);
    if (fault === 'slow') await delay(slowMs);
    // A write is performed only when its answer is lost afterwards (lostresponse: "committed but
    // lost"); every other fault fails it before 1C writes anything. A slow write stalls and then
    // loses its connection, a reset one is reset before any answer.
    if (isWrite && (fault === 'slow' || fault === 'reset')) {
      dropConnection(fault === 'reset' ? 'reset' : 'close');
      return;
    }
    const queryAt = url.indexOf('?');
    const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : url.slice(queryAt + 1);
    const wantsJson = /(^|&)\$format=(json|application(\/|%2F)json)/i.test(rawQuery) || /application\/json/i.test(req.headers.accept ?? '');
    const errorReply = (error: ODataError): Reply => {
      const { contentType, body } = errorBody(error, wantsJson);
      return { status: error.status, headers: { ...odataHeaders, 'Content-Type': contentType }, chunks: [body] };
    };

    let reply: Reply;
    if (fault === '401' || !isAuthorized(req.headers.authorization)) {
      reply = { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="1C"', 'Content-Type': 'text/plain; charset=utf-8' }, chunks: [] };
    } else if (fault === 'html200') {
      reply = { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, chunks: [applicationErrorPage()] };
    } else if (fault === '500') {
      reply = errorReply(new ODataError(500, '-1', 'Внутренняя ошибка сервера 1С:Предприятия'));
    } else if (fault === '503') {
      reply = { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '1' }, chunks: [Buffer.from('<html><body><h1>503 Service Unavailable</h1></body></html>')] };
    } else if (isWrite && fault === 'truncate') {
      // Not written: the answer cut short is 1C's failure, not the entity.
      reply = errorReply(new ODataError(500, '-1', 'Внутренняя ошибка сервера 1С:Предприятия'));
    } else {
      try {
        reply = route(method, rawPath, rawQuery, req.headers.accept, body);
      } catch (err) {
        reply = errorReply(isODataError(err) ? err : new ODataError(500, '-1', `Внутренняя ошибка OData сервиса: ${err instanceof Error ? err.message : String(err)}`));
      }
    }
    send(req, res, reply, fault, log, started);
  };

  const server = createServer((req, res) => {
    // The whole body is read before anything else, writes need it and keep-alive needs it drained.
    const started = performance.now();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > maxBodyBytes) {
        res.writeHead(413, { 'Content-Type': 'text/html; charset=utf-8', Connection: 'close' }).end('<html><body><h1>413 Request Entity Too Large</h1></body></html>');
        return;
      }
      void handle(req, res, Buffer.concat(chunks, size), started);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}${basePath}/`;

  return {
    baseUrl,
    user,
    password,
    profile,
    snapshot: () => takeSnapshot(store),
    mutate: createMutations(store),
    publication: {
      publish: (names) => movePublished(names, hiddenSources, sources),
      unpublish: (names) => movePublished(names, sources, hiddenSources),
    },
    faults: { set: (spec) => dice.set(spec), failNext: (kind, count, target) => dice.failNext(kind, count, target) },
    documents: () => store.createdDocuments.map((doc) => documentView(store, doc)),
    document: (ref) => {
      const doc = store.documents.get(ref.toLowerCase());
      return doc ? documentView(store, doc) : undefined;
    },
    counterparties: () => store.counterparties.map((c) => counterpartyView(store, c)),
    counterparty: (ref) => {
      const item = store.counterpartyByRef.get(ref.toLowerCase());
      return item ? counterpartyView(store, item) : undefined;
    },
    get requests() {
      return requests;
    },
    resetRequestLog: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function delay(ms: number): Promise<void> {
  // unref: a stalled answer must not keep a finished test or CLI process alive.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
