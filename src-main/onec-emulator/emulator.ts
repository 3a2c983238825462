// The 1C emulator: a real HTTP server on 127.0.0.1 that behaves like the standard OData interface
// of a 1C:Enterprise 8.3 publication (onec-http.md §1–§4, §6, §8) for tests, benchmarks and the
// demo. Rule of thumb: never more forgiving than real 1C; where unsure, fail the way 1C fails.
// What is emulated and every choice made where the sources are silent: docs/onec-emulator.md.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type EmulatorProfileId, emulatorProfileIds, generateStore, maxEmulatorProducts, maxEmulatorWarehouses } from './emulator-data';
import { createFaultDice, type FaultKind, type FaultSpec } from './emulator-faults';
import { applicationErrorPage, atomEntity, atomFeed, type BodyContext, errorBody, jsonCollection, jsonEntity, serviceDocument } from './emulator-format';
import { buildMetadata } from './emulator-metadata';
import { createMutations, type EmulatorMutations, type EmulatorSnapshot, takeSnapshot } from './emulator-mutations';
import { executeQuery, parseQueryString, parseSelect, type QueryOptions } from './emulator-query';
import { type AnySource, buildSources, requireSource, type VirtualTable } from './emulator-sets';
import { instanceNotFound, isODataError, ODataError, segmentNotFound } from './odata-error';
import { type FieldValue, tokenize } from './odata-filter';

export { type EmulatorSnapshot, type EmulatorMutations } from './emulator-mutations';
export { type FaultKind, type FaultSpec, faultKinds, parseFaultSpec } from './emulator-faults';
export { type EmulatorProfileId, emulatorProfileIds, maxEmulatorProducts, maxEmulatorWarehouses } from './emulator-data';

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
  faults: { set(spec: FaultSpec | string | null): void; failNext(kind: FaultKind, count?: number): void };
  /** Every request answered so far (status 0: the connection was dropped without an answer). */
  readonly requests: ReadonlyArray<RequestLogEntry>;
  resetRequestLog(): void;
  close(): Promise<void>;
};

type Reply = { status: number; headers: Record<string, string>; chunks: Buffer[] };

const odataHeaders = { DataServiceVersion: '3.0' };

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
  const sources = buildSources(store);
  const sortCache = new Map<string, { revision: number; key: string; order: readonly unknown[] }>();
  let metadata: Buffer | null = null;
  const expectedCredentials = Buffer.from(`${user}:${password}`, 'utf8');
  const requests: RequestLogEntry[] = [];
  let isFirstRequest = true;
  const basePath = `/${publication}/odata/standard.odata`;
  let baseUrl = '';

  const isAuthorized = (header: string | undefined): boolean => {
    const m = header ? /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header) : null;
    if (!m) return false;
    // Compared as bytes: credentials encoded as Latin-1 or cp1251 never match the UTF-8 form (P4: IIS 401.5).
    const given = Buffer.from(m[1] as string, 'base64');
    return given.length === expectedCredentials.length && timingSafeEqual(given, expectedCredentials);
  };

  const route = (method: string, rawPath: string, rawQuery: string, accept: string | undefined): Reply => {
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
    if (method !== 'GET') {
      // TODO(#4): POST/PATCH/DELETE and the Post/Unpost actions (§3).
      throw new ODataError(501, '0', `Эмулятор 1С пока не поддерживает метод ${method}`);
    }
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

  const entityReply = (source: AnySource, item: unknown, options: QueryOptions): Reply => {
    const selection = parseSelect(source, options.select, source.recordSet?.fields ?? null);
    const ctx: BodyContext = { baseUrl, source, fields: selection.fields, rowFields: selection.rowFields, format: options.format };
    return options.format === 'atom'
      ? { status: 200, headers: { ...odataHeaders, 'Content-Type': 'application/atom+xml;type=entry;charset=utf-8' }, chunks: atomEntity(ctx, item) }
      : { status: 200, headers: { ...odataHeaders, 'Content-Type': 'application/json;charset=utf-8' }, chunks: jsonEntity(ctx, item) };
  };

  const collectionReply = (source: AnySource, items: readonly unknown[], count: number | null, options: QueryOptions, fragment: string): Reply => {
    const selection = parseSelect(source, options.select, source.recordSet?.fields ?? null);
    const ctx: BodyContext = { baseUrl, source, fields: selection.fields, rowFields: selection.rowFields, format: options.format };
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

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const log: RequestLogEntry = { method, path: url, status: 0, bytes: 0, ms: 0 };
    if (isFirstRequest) {
      isFirstRequest = false;
      if (options.coldStartMs) await delay(options.coldStartMs);
    }
    if (options.latencyMs) await delay(options.latencyMs);
    const fault = dice.draw();
    if (fault === 'slow') await delay(slowMs);
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
    } else {
      try {
        reply = route(method, rawPath, rawQuery, req.headers.accept);
      } catch (err) {
        reply = errorReply(isODataError(err) ? err : new ODataError(500, '-1', `Внутренняя ошибка OData сервиса: ${err instanceof Error ? err.message : String(err)}`));
      }
    }
    send(req, res, reply, fault, log, started);
  };

  const server = createServer((req, res) => {
    // Request bodies are not read yet (GET only); drain them so keep-alive connections stay usable.
    req.resume();
    void handle(req, res);
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
    faults: { set: (spec) => dice.set(spec), failNext: (kind, count) => dice.failNext(kind, count) },
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

/** Splits a resource path at '/' outside parentheses and quotes (Condition='Валюта/Код eq 1'). */
function splitPath(path: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < path.length; i += 1) {
    const ch = path[i];
    if (ch === "'") inQuote = !inQuote;
    else if (!inQuote && ch === '(') depth += 1;
    else if (!inQuote && ch === ')') depth -= 1;
    else if (ch === '/' && depth === 0 && !inQuote) {
      parts.push(path.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(path.slice(start));
  return parts;
}

/** "Name" or "Name(args)" → name and the raw text between the parentheses (null without them). */
function parseSegment(segment: string): { name: string; args: string | null } {
  const open = segment.indexOf('(');
  if (open < 0) return { name: segment, args: null };
  if (!segment.endsWith(')')) throw segmentNotFound(segment);
  return { name: segment.slice(0, open), args: segment.slice(open + 1, -1) };
}

/**
 * The key predicate of `Set(guid'…')` or `Set(Name=value,…)`. A key that does not fit the set
 * (wrong field, wrong count) is "not found", 404/9, as 1C answers it (P4).
 */
function parseKey(source: AnySource, args: string): Map<string, FieldValue> {
  const key = new Map<string, FieldValue>();
  const parts = splitTopLevel(args, ',');
  for (const part of parts) {
    const eq = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*=(.*)$/su.exec(part);
    const name = eq ? (eq[1] as string) : parts.length === 1 && source.keyFields.length === 1 ? (source.keyFields[0]?.name as string) : null;
    if (name === null) throw instanceNotFound(source.name);
    key.set(name, literalValue(eq ? (eq[2] as string) : part, source));
  }
  return key;
}

function literalValue(text: string, source: AnySource): FieldValue {
  let tokens;
  try {
    tokens = tokenize(text.trim(), 'key');
  } catch {
    throw instanceNotFound(source.name);
  }
  const token = tokens[0];
  if (tokens.length !== 1 || token?.kind !== 'literal') throw instanceNotFound(source.name);
  const l = token.literal;
  switch (l.kind) {
    case 'guid':
    case 'datetime':
    case 'string':
    case 'number':
    case 'boolean':
      return l.value;
    default:
      return null;
  }
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === "'") inQuote = !inQuote;
    else if (text[i] === separator && !inQuote) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

const functionParamNames = ['Period', 'Condition', 'Dimensions', 'StartPeriod', 'EndPeriod'];

/** Strips the outer quotes of a string parameter and undoes doubled quotes when they were used. */
function unquoteParam(name: string, raw: string): string {
  let value = raw.trim();
  if (name === 'Period' || name === 'StartPeriod' || name === 'EndPeriod') return value;
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1);
  if (value.includes("''") && !value.replace(/''/g, '').includes("'")) value = value.replace(/''/g, "'");
  return value;
}

/**
 * `Period=datetime'…',Condition='Склад_Key eq guid'…'',Dimensions='Номенклатура,Склад'`. DG prints
 * Condition with its inner quotes NOT doubled, so parameters are split where the next known
 * parameter name starts, not at every comma; the outer quotes are then removed and doubled quotes
 * (the standard OData escaping) undone.
 */
function parseFunctionArgs(args: string): Map<string, string> {
  const params = new Map<string, string>();
  if (args.trim() === '') return params;
  const pattern = new RegExp(`(?:^|,)\\s*(${functionParamNames.join('|')}|[\\p{L}_][\\p{L}\\p{N}_]*)\\s*=`, 'gu');
  const starts: { name: string; at: number; valueAt: number }[] = [];
  for (const m of args.matchAll(pattern)) {
    const name = m[1] as string;
    // Inside a Condition, "Склад_Key eq …" never matches "name=", but only known names may start a parameter after the first.
    if (starts.length > 0 && !functionParamNames.includes(name)) continue;
    starts.push({ name, at: m.index ?? 0, valueAt: (m.index ?? 0) + m[0].length });
  }
  if (starts.length === 0 || starts[0]?.at !== 0) throw segmentNotFound(args);
  starts.forEach((s, i) => {
    const end = starts[i + 1]?.at ?? args.length;
    params.set(s.name, unquoteParam(s.name, args.slice(s.valueAt, end)));
  });
  return params;
}
