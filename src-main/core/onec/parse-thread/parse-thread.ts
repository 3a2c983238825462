// The parse worker seen from the main thread (D34). A pull spends ~5 s of main-thread CPU decoding
// and parsing 1C's JSON while the same thread must write SQLite and serve the UI; here the worker
// decodes the UTF-8 and cuts streamed answers into runs of whole rows, and the main thread only runs
// JSON.parse on the texts (parse-messages.ts says why not more).
// The worker starts on the first body big enough to be worth it. If it cannot start (no built file,
// a packaging that cannot load it) the parser works in-thread and says so once in the log; if it
// dies later, answers in flight fail as "not parsed" (retryable, like a cut body) and the retry is
// parsed in-thread. Rows and failures are exactly those of the in-thread parser.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { toLogFormat } from '../../errors/app-error';
import { type Logger } from '../../logging/logger';
import { type OnecRow } from '../onec';
import { type EnvelopeResult, parseCollectionBody } from '../odata-envelope';
import { finishCollection, parseRunText } from '../odata-stream';
import { type BodyParser, type StreamParser, inThreadParser, parseBodyInThread } from './body-parser';
import { type ParseReply, type ParseRequest, type TextBatch, workerReady } from './parse-messages';

export type ThreadParserOptions = {
  logger: Logger;
  /** Bodies below this are parsed in-thread: a round trip to the worker costs more than it saves. */
  minBodyBytes?: number;
  /** Streamed bytes are sent to the worker in pieces of about this size. */
  chunkBytes?: number;
  /** Pieces sent but not yet taken back before a push waits for the oldest. */
  maxPiecesInFlight?: number;
  /** Tests replace the worker's script. */
  spawn?: () => Worker;
};

type Failure = Extract<EnvelopeResult<never>, { ok: false }>;

type Pending<T> = { promise: Promise<EnvelopeResult<T>>; isSettled: boolean };

const workerLimits = { maxYoungGenerationSizeMb: 8 };

/** The built worker next to the bundle (out/main, or its chunks folder); the TypeScript source through tsx otherwise. */
export function spawnParseWorker(): Worker {
  for (const folder of [__dirname, join(__dirname, '..')]) {
    const built = join(folder, 'parse-worker.js');
    if (existsSync(built)) return new Worker(built, { resourceLimits: workerLimits });
  }
  const source = join(__dirname, 'parse-worker.ts');
  return new Worker(`require('tsx/cjs');\nrequire(${JSON.stringify(source)});`, { eval: true, resourceLimits: workerLimits });
}

const failureOf = (reply: Failure): Failure => ({ ok: false, problem: reply.problem, detail: reply.detail });

function parseBatches(batches: TextBatch[]): EnvelopeResult<OnecRow[][]> {
  const rows: OnecRow[][] = [];
  for (const texts of batches) {
    const parsed = parseBatch(texts);
    if (!parsed.ok) return parsed;
    rows.push(parsed.value);
  }
  return { ok: true, value: rows };
}

/** The rows of a batch's run texts, or the failure of the first run that is not JSON. */
function parseBatch(texts: TextBatch): EnvelopeResult<OnecRow[]> {
  const rows: OnecRow[] = [];
  for (const text of texts) {
    const parsed = parseRunText(text);
    if (!parsed.ok) return parsed;
    for (const row of parsed.value) rows.push(row);
  }
  return { ok: true, value: rows };
}

export type ThreadParser = BodyParser & {
  /** True while answers go to a running worker (false before the first big answer, and after a failure). */
  isInWorker(): boolean;
};

export function createThreadParser(options: ThreadParserOptions): ThreadParser {
  const { logger } = options;
  const minBodyBytes = options.minBodyBytes ?? 256 * 1024;
  const chunkBytes = options.chunkBytes ?? 256 * 1024;
  const maxPiecesInFlight = options.maxPiecesInFlight ?? 4;
  const spawn = options.spawn ?? spawnParseWorker;
  // Pieces of streamed bytes are sent in buffers the worker gives back, so a pull allocates a few, not 600 MB of them.
  const pieceCapacity = chunkBytes + 128 * 1024;
  const freePieces: ArrayBuffer[] = [];
  const waiting = new Map<number, (reply: ParseReply | Failure) => void>();
  let nextReq = 1;
  let nextStream = 1;
  let starting: Promise<Worker | null> | null = null;
  let isDead = false;
  let isClosed = false;
  let isRunning = false;

  const failAll = (detail: string): void => {
    const resolvers = [...waiting.values()];
    waiting.clear();
    for (const resolve of resolvers) resolve({ ok: false, problem: 'not_json', detail });
  };

  function start(): Promise<Worker | null> {
    starting ??= new Promise<Worker | null>((resolve) => {
      let worker: Worker;
      try {
        worker = spawn();
      } catch (err) {
        logger.warn(`1C: поток разбора ответов не запущен, разбор идёт в основном потоке: ${toLogFormat(err)}`);
        isDead = true;
        resolve(null);
        return;
      }
      let isReady = false;
      const stop = (why: string): void => {
        if (isDead) return;
        isDead = true;
        if (!isReady) {
          logger.warn(`1C: поток разбора ответов не запущен, разбор идёт в основном потоке: ${why}`);
          resolve(null);
        } else if (!isClosed) {
          logger.error(`1C: поток разбора ответов остановился, дальше разбор в основном потоке: ${why}`);
        }
        failAll(`поток разбора ответов остановился (${why})`);
      };
      worker.on('message', (message: (ParseReply & { bytes?: Uint8Array }) | typeof workerReady) => {
        if (message === workerReady) {
          isReady = true;
          isRunning = true;
          logger.info('1C: ответы разбираются в отдельном потоке');
          // Idle, the worker must not keep a CLI run alive; `send` refs it while answers are awaited.
          worker.unref();
          resolve(worker);
          return;
        }
        const given = message.bytes?.buffer;
        if (given !== undefined && given.byteLength === pieceCapacity && freePieces.length < maxPiecesInFlight + 2) freePieces.push(given as ArrayBuffer);
        const resolveReply = waiting.get(message.req);
        waiting.delete(message.req);
        if (waiting.size === 0) worker.unref();
        resolveReply?.(message);
      });
      worker.on('error', (err) => stop(toLogFormat(err)));
      worker.on('exit', (code) => stop(`код выхода ${code}`));
    });
    return starting;
  }

  const workerOrNull = async (): Promise<Worker | null> => (isDead || isClosed ? null : start());

  /**
   * Sends one request; its reply is turned into rows as soon as it arrives. Texts parsed at once die
   * young; texts waiting while the main thread writes the previous batch outlived two scavenges, were
   * promoted, and the old generation grew by the text of the whole pull (+120 MiB peak RSS, measured).
   */
  function send<T>(worker: Worker, message: ParseRequest & { req: number }, transfer: ArrayBuffer[], decode: (reply: ParseReply) => EnvelopeResult<T>): Pending<T> {
    const pending: Pending<T> = {
      isSettled: false,
      promise: new Promise<EnvelopeResult<T>>((resolve) => {
        if (isDead) {
          resolve({ ok: false, problem: 'not_json', detail: 'поток разбора ответов остановился' });
          return;
        }
        waiting.set(message.req, (reply) => resolve(reply.ok ? decode(reply as ParseReply) : failureOf(reply)));
        worker.ref();
        worker.postMessage(message, transfer);
      }),
    };
    void pending.promise.then(() => {
      pending.isSettled = true;
    });
    return pending;
  }

  /** The buffer's memory for the worker: taken over when the buffer owns all of it, copied otherwise. */
  const bytesToSend = (body: Buffer): Uint8Array =>
    body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? new Uint8Array(body.buffer, 0, body.byteLength) : new Uint8Array(body);

  const misrouted: Failure = { ok: false, problem: 'not_json', detail: 'поток разбора ответил не на тот запрос' };

  async function parseBody(body: Buffer): Promise<EnvelopeResult<{ rows: OnecRow[]; count?: number }>> {
    if (body.byteLength < minBodyBytes) return parseBodyInThread(body);
    const worker = await workerOrNull();
    if (worker === null) return parseBodyInThread(body);
    const bytes = bytesToSend(body);
    return send(worker, { kind: 'body', req: nextReq++, bytes }, [bytes.buffer as ArrayBuffer], (reply) =>
      reply.ok && reply.kind === 'body' ? parseCollectionBody(reply.text) : misrouted,
    ).promise;
  }

  /** A streamed reply's rows, and the envelope's text with the last one. */
  const decodeBatches = (reply: ParseReply): EnvelopeResult<{ batches: OnecRow[][]; outer?: string }> => {
    if (!reply.ok || reply.kind !== 'batches') return misrouted;
    const parsed = parseBatches(reply.batches);
    if (!parsed.ok) return parsed;
    return { ok: true, value: reply.outer === undefined ? { batches: parsed.value } : { batches: parsed.value, outer: reply.outer } };
  };

  function stream(batchSize: number): StreamParser {
    let inThread: StreamParser | null = null;
    let worker: Worker | null = null;
    let streamId = 0;
    let failure: Failure | null = null;
    let parts: Buffer[] = [];
    let partBytes = 0;
    const inFlight: Pending<{ batches: OnecRow[][]; outer?: string }>[] = [];

    const open = async (): Promise<void> => {
      if (inThread !== null || worker !== null) return;
      worker = await workerOrNull();
      if (worker === null) {
        inThread = inThreadParser.stream(batchSize);
        return;
      }
      streamId = nextStream++;
      worker.postMessage({ kind: 'open', stream: streamId, batchSize } satisfies ParseRequest);
    };
    const sendParts = (target: Worker): void => {
      if (partBytes === 0) return;
      const buffer = partBytes <= pieceCapacity ? (freePieces.pop() ?? new ArrayBuffer(pieceCapacity)) : new ArrayBuffer(partBytes);
      const bytes = new Uint8Array(buffer, 0, partBytes);
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.byteLength;
      }
      parts = [];
      partBytes = 0;
      inFlight.push(send(target, { kind: 'chunk', req: nextReq++, stream: streamId, bytes }, [buffer], decodeBatches));
    };
    /** Takes back replies in order: those already here, and the oldest while too many are out (or all). */
    const collect = async (isAll: boolean): Promise<EnvelopeResult<{ batches: OnecRow[][]; outer?: string }>> => {
      const batches: OnecRow[][] = [];
      let outer: string | undefined;
      while (inFlight.length > 0 && (isAll || inFlight.length > maxPiecesInFlight || (inFlight[0] as Pending<unknown>).isSettled)) {
        const taken = await (inFlight.shift() as Pending<{ batches: OnecRow[][]; outer?: string }>).promise;
        if (!taken.ok) {
          failure = taken;
          return failure;
        }
        for (const batch of taken.value.batches) batches.push(batch);
        if (taken.value.outer !== undefined) outer = taken.value.outer;
      }
      return { ok: true, value: outer === undefined ? { batches } : { batches, outer } };
    };

    return {
      async push(chunk) {
        if (failure !== null) return failure;
        await open();
        if (inThread !== null) return inThread.push(chunk);
        const target = worker as Worker;
        parts.push(chunk);
        partBytes += chunk.byteLength;
        if (partBytes >= chunkBytes) sendParts(target);
        const taken = await collect(false);
        return taken.ok ? { ok: true, value: taken.value.batches } : taken;
      },
      async end() {
        if (failure !== null) return failure;
        await open();
        if (inThread !== null) return inThread.end();
        const target = worker as Worker;
        sendParts(target);
        inFlight.push(send(target, { kind: 'end', req: nextReq++, stream: streamId }, [], decodeBatches));
        const taken = await collect(true);
        if (!taken.ok) return taken;
        return finishCollection(taken.value.batches, taken.value.outer ?? '');
      },
      drop() {
        parts = [];
        partBytes = 0;
        if (worker !== null && !isDead) worker.postMessage({ kind: 'drop', stream: streamId } satisfies ParseRequest);
      },
    };
  }

  return {
    parseBody,
    stream,
    isInWorker: () => isRunning && !isDead && !isClosed,
    async close() {
      isClosed = true;
      const worker = starting === null ? null : await starting;
      failAll('разбор остановлен: клиент 1С закрыт');
      if (worker !== null) await worker.terminate();
    },
  };
}
