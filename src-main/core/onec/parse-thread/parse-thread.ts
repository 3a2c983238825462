// The parse worker seen from the main thread (D34). A pull spends ~5 s of main-thread CPU decoding
// and parsing 1C's JSON while the same thread must write SQLite and serve the UI; here the worker
// decodes, splits and parses, and the main thread only rebuilds rows from wires (row-wire.ts).
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
import { type EnvelopeResult } from '../odata-envelope';
import { type BodyParser, type StreamParser, inThreadParser, parseBodyInThread } from './body-parser';
import { type ParseReply, type ParseRequest, workerReady } from './parse-messages';
import { decodeRows, type WireRows } from './row-wire';

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

type Pending = { promise: Promise<ParseReply>; isSettled: boolean };

/** The built worker next to the bundle (out/main, or its chunks folder); the TypeScript source through tsx otherwise. */
export function spawnParseWorker(): Worker {
  for (const folder of [__dirname, join(__dirname, '..')]) {
    const built = join(folder, 'parse-worker.js');
    if (existsSync(built)) return new Worker(built);
  }
  const source = join(__dirname, 'parse-worker.ts');
  return new Worker(`require('tsx/cjs');\nrequire(${JSON.stringify(source)});`, { eval: true });
}

const failureOf = (reply: Failure): Failure => ({ ok: false, problem: reply.problem, detail: reply.detail });

const concatRows = (wires: WireRows[]): OnecRow[] => (wires.length === 1 ? decodeRows(wires[0] as WireRows) : wires.flatMap(decodeRows));

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
  const waiting = new Map<number, (reply: ParseReply) => void>();
  let nextReq = 1;
  let nextStream = 1;
  let starting: Promise<Worker | null> | null = null;
  let isDead = false;
  let isClosed = false;
  let isRunning = false;

  const failAll = (detail: string): void => {
    const resolvers = [...waiting.entries()];
    waiting.clear();
    for (const [req, resolve] of resolvers) resolve({ req, ok: false, problem: 'not_json', detail });
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
      worker.on('message', (message: ParseReply | typeof workerReady) => {
        if (message === workerReady) {
          isReady = true;
          isRunning = true;
          logger.info('1C: ответы разбираются в отдельном потоке');
          // Idle, the worker must not keep a CLI run alive; `send` refs it while answers are awaited.
          worker.unref();
          resolve(worker);
          return;
        }
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

  function send(worker: Worker, message: ParseRequest & { req: number }, transfer: ArrayBuffer[]): Pending {
    const pending: Pending = {
      isSettled: false,
      promise: new Promise<ParseReply>((resolve) => {
        if (isDead) {
          resolve({ req: message.req, ok: false, problem: 'not_json', detail: 'поток разбора ответов остановился' });
          return;
        }
        waiting.set(message.req, resolve);
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

  async function parseBody(body: Buffer): Promise<EnvelopeResult<{ rows: OnecRow[]; count?: number }>> {
    if (body.byteLength < minBodyBytes) return parseBodyInThread(body);
    const worker = await workerOrNull();
    if (worker === null) return parseBodyInThread(body);
    const bytes = bytesToSend(body);
    const reply = await send(worker, { kind: 'body', req: nextReq++, bytes }, [bytes.buffer as ArrayBuffer]).promise;
    if (!reply.ok) return failureOf(reply);
    const rows = concatRows(reply.wires);
    return { ok: true, value: reply.count === undefined ? { rows } : { rows, count: reply.count } };
  }

  function stream(batchSize: number): StreamParser {
    let inThread: StreamParser | null = null;
    let worker: Worker | null = null;
    let streamId = 0;
    let failure: Failure | null = null;
    let parts: Buffer[] = [];
    let partBytes = 0;
    const inFlight: Pending[] = [];

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
      const bytes = new Uint8Array(partBytes);
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.byteLength;
      }
      parts = [];
      partBytes = 0;
      inFlight.push(send(target, { kind: 'chunk', req: nextReq++, stream: streamId, bytes }, [bytes.buffer]));
    };
    /** Takes back replies in order: those already here, and the oldest while too many are out (or all). */
    const collect = async (isAll: boolean): Promise<EnvelopeResult<{ batches: OnecRow[][]; count?: number }>> => {
      const batches: OnecRow[][] = [];
      let count: number | undefined;
      while (inFlight.length > 0 && (isAll || inFlight.length > maxPiecesInFlight || (inFlight[0] as Pending).isSettled)) {
        const reply = await (inFlight.shift() as Pending).promise;
        if (!reply.ok) {
          failure = failureOf(reply);
          return failure;
        }
        for (const wire of reply.wires) batches.push(decodeRows(wire));
        if (reply.count !== undefined) count = reply.count;
      }
      return { ok: true, value: count === undefined ? { batches } : { batches, count } };
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
        inFlight.push(send(target, { kind: 'end', req: nextReq++, stream: streamId }, []));
        return collect(true);
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
