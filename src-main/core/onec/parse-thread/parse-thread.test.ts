import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { type Logger } from '../../logging/logger';
import { type OnecRow } from '../onec';
import { type EnvelopeResult } from '../odata-envelope';
import { createCollectionSplitter } from '../odata-stream';
import { type BodyParser, type StreamParser, parseBodyInThread } from './body-parser';
import { createThreadParser, spawnParseWorker, type ThreadParserOptions } from './parse-thread';

const fixtureDir = join(__dirname, '../../../../tests/fixtures/1c-odata');
const fixture = (name: string): Buffer =>
  Buffer.from(
    readFileSync(join(fixtureDir, name), 'utf8')
      .split('\n')
      .filter((line, index, lines) => !(line.startsWith('//') && lines.slice(0, index).every((previous) => previous.startsWith('//'))))
      .join('\n'),
  );

/** A 1C-like page: Cyrillic names, refs, numbers, a tabular section, and `odata.count`. */
function pageBody(rows: number): Buffer {
  const value = Array.from({ length: rows }, (_, i) => ({
    Ref_Key: `${String(i).padStart(8, '0')}-0000-0000-0000-000000000000`,
    Description: `Товар №${i} «Сыр» ёжик`,
    DeletionMark: i % 7 === 0,
    Цена: i / 4,
    Parent_Key: '00000000-0000-0000-0000-000000000000',
    Штрихкоды: i % 3 === 0 ? [] : [{ LineNumber: '1', Штрихкод: `46${String(i).padStart(11, '0')}` }],
  }));
  return Buffer.from(`\uFEFF${JSON.stringify({ 'odata.metadata': 'x/$metadata#Catalog_Номенклатура', 'odata.count': String(rows), value })}`);
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (message: string): void => void lines.push(message);
  return { lines, debug: log, info: log, warn: log, error: log } as unknown as Logger & { lines: string[] };
}

/** Chunks of uneven sizes that cut through multi-byte letters. */
function chunksOf(body: Buffer, seed: number): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  let step = seed;
  while (at < body.length) {
    step = (step * 7919 + 13) % 4099;
    const size = 1 + step;
    chunks.push(Buffer.from(body.subarray(at, at + size)));
    at += size;
  }
  return chunks;
}

async function streamAll(stream: StreamParser, chunks: Buffer[]): Promise<EnvelopeResult<{ batches: OnecRow[][]; count?: number }>> {
  const batches: OnecRow[][] = [];
  for (const chunk of chunks) {
    const step = await stream.push(chunk);
    if (!step.ok) return step;
    batches.push(...step.value);
  }
  const last = await stream.end();
  if (!last.ok) return last;
  batches.push(...last.value.batches);
  return { ok: true, value: last.value.count === undefined ? { batches } : { batches, count: last.value.count } };
}

function splitInThread(chunks: Buffer[], batchSize: number): EnvelopeResult<{ batches: OnecRow[][]; count?: number }> {
  const splitter = createCollectionSplitter(batchSize);
  const batches: OnecRow[][] = [];
  for (const chunk of chunks) {
    const step = splitter.push(chunk);
    if (!step.ok) return step;
    batches.push(...step.value);
  }
  const last = splitter.end();
  if (!last.ok) return last;
  batches.push(...last.value.batches);
  return { ok: true, value: last.value.count === undefined ? { batches } : { batches, count: last.value.count } };
}

describe('the parse worker (D34)', () => {
  const opened: BodyParser[] = [];
  const open = (options: Partial<ThreadParserOptions> & { logger?: Logger } = {}): ReturnType<typeof createThreadParser> => {
    const parser = createThreadParser({ logger: recordingLogger(), minBodyBytes: 0, ...options });
    opened.push(parser);
    return parser;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((parser) => parser.close()));
  });

  it('gives a whole body the rows and count the in-thread parse gives, parsed in the worker', async () => {
    const logger = recordingLogger();
    const parser = open({ logger });
    for (const body of [pageBody(3000), fixture('03-document-list-with-tabular-sections.jsonc'), fixture('05-catalog-list-with-folders.jsonc')]) {
      const expected = parseBodyInThread(body);
      expect(expected.ok).toBe(true);
      expect(await parser.parseBody(Buffer.from(body))).toStrictEqual(expected);
    }
    expect(parser.isInWorker()).toBe(true);
    expect(logger.lines).toEqual(['1C: ответы разбираются в отдельном потоке']);
  });

  it('streams the same batches, in the same order, as the in-thread splitter, whatever the chunk cuts', async () => {
    const body = pageBody(5000);
    for (const [seed, batchSize, chunkBytes] of [
      [1, 2000, 256 * 1024],
      [2, 333, 1],
      [3, 1, 10_000],
    ] as const) {
      const chunks = chunksOf(body, seed);
      const parser = open({ chunkBytes, maxPiecesInFlight: 2 });
      const streamed = await streamAll(parser.stream(batchSize), chunks);
      expect(streamed).toStrictEqual(splitInThread(chunks, batchSize));
      expect(streamed.ok && streamed.value.count).toBe(5000);
    }
  });

  it('fails as the in-thread parse fails: a cut body, a body that is not an envelope, and streams of both', async () => {
    const parser = open();
    const body = pageBody(500);
    const cut = body.subarray(0, Math.floor(body.length / 2));
    const notEnvelope = Buffer.from('{"value": 5}');
    for (const bad of [cut, notEnvelope, Buffer.from('')]) {
      expect(await parser.parseBody(Buffer.from(bad))).toStrictEqual(parseBodyInThread(bad));
      const chunks = chunksOf(bad, 4);
      expect(await streamAll(parser.stream(100), chunks)).toStrictEqual(splitInThread(chunks, 100));
    }
    expect((await parser.parseBody(Buffer.from(cut))).ok).toBe(false);
    // The worker is still there and sound after failures.
    expect(await parser.parseBody(Buffer.from(body))).toStrictEqual(parseBodyInThread(body));
    expect(parser.isInWorker()).toBe(true);
  });

  it('keeps answers of interleaved streams apart', async () => {
    const parser = open({ chunkBytes: 1000 });
    const a = pageBody(800);
    const b = Buffer.from(a.toString('utf8').replaceAll('Сыр', 'Мёд'));
    const [streamA, streamB] = [parser.stream(50), parser.stream(70)];
    const chunksA = chunksOf(a, 5);
    const chunksB = chunksOf(b, 6);
    const got: Record<'a' | 'b', OnecRow[][]> = { a: [], b: [] };
    for (let i = 0; i < Math.max(chunksA.length, chunksB.length); i += 1) {
      for (const [name, stream, chunks] of [['a', streamA, chunksA], ['b', streamB, chunksB]] as const) {
        const chunk = chunks[i];
        if (chunk === undefined) continue;
        const step = await stream.push(chunk);
        if (!step.ok) throw new Error(step.detail);
        got[name].push(...step.value);
      }
    }
    for (const [name, stream] of [['a', streamA], ['b', streamB]] as const) {
      const last = await stream.end();
      if (!last.ok) throw new Error(last.detail);
      got[name].push(...last.value.batches);
    }
    expect(got.a).toStrictEqual((splitInThread(chunksA, 50) as { value: { batches: OnecRow[][] } }).value.batches);
    expect(got.b).toStrictEqual((splitInThread(chunksB, 70) as { value: { batches: OnecRow[][] } }).value.batches);
  });

  it('parses in-thread, with one warning, where the worker cannot start', async () => {
    const logger = recordingLogger();
    const parser = open({ logger, spawn: () => new Worker('throw new Error("no worker here")', { eval: true }) });
    const body = pageBody(200);
    expect(await parser.parseBody(Buffer.from(body))).toStrictEqual(parseBodyInThread(body));
    const chunks = chunksOf(body, 7);
    expect(await streamAll(parser.stream(64), chunks)).toStrictEqual(splitInThread(chunks, 64));
    expect(parser.isInWorker()).toBe(false);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/поток разбора ответов не запущен[\s\S]*no worker here/);
  });

  it('when the worker dies, the answer in flight fails as "not parsed" (retryable) and the next one is parsed in-thread', async () => {
    const logger = recordingLogger();
    let worker: Worker | null = null;
    const parser = open({
      logger,
      spawn: () => {
        worker = spawnParseWorker();
        return worker;
      },
    });
    const body = pageBody(20_000);
    expect((await parser.parseBody(Buffer.from(body))).ok).toBe(true);
    const inFlight = parser.parseBody(Buffer.from(body));
    await (worker as unknown as Worker).terminate();
    const failed = await inFlight;
    expect(failed).toMatchObject({ ok: false, problem: 'not_json', detail: expect.stringContaining('поток разбора ответов остановился') });
    expect(await parser.parseBody(Buffer.from(body))).toStrictEqual(parseBodyInThread(body));
    expect(parser.isInWorker()).toBe(false);
    expect(logger.lines.join('\n')).toMatch(/отдельном потоке[\s\S]*остановился, дальше разбор в основном потоке/);
  });

  it('leaves small bodies on the calling thread and starts no worker for them', async () => {
    let spawned = 0;
    const parser = open({
      minBodyBytes: 64 * 1024,
      spawn: () => {
        spawned += 1;
        return spawnParseWorker();
      },
    });
    const small = pageBody(10);
    expect(await parser.parseBody(Buffer.from(small))).toStrictEqual(parseBodyInThread(small));
    expect(spawned).toBe(0);
    expect(parser.isInWorker()).toBe(false);
  });
});
