// How the client turns answer bytes into rows (D34). `inThreadParser` is the plain way: decode and
// JSON.parse on the calling thread. The thread parser (`parse-thread.ts`) does the same work in a
// worker so the main thread, which also writes SQLite and serves the UI, only rebuilds the rows.
// Both give the same rows and the same failures, so the client's error handling does not care which.
import { type OnecRow } from '../onec';
import { type EnvelopeResult, type ParsedCollection, parseCollectionBody } from '../odata-envelope';
import { createCollectionSplitter } from '../odata-stream';

/** One streamed answer: chunks in, batches of whole rows out, in order. */
export type StreamParser = {
  /** Takes one chunk; returns the batches finished so far (possibly none). */
  push(chunk: Buffer): Promise<EnvelopeResult<OnecRow[][]>>;
  /** After the last chunk: the remaining batches and `odata.count`. */
  end(): Promise<EnvelopeResult<{ batches: OnecRow[][]; count?: number }>>;
  /** Forgets this answer (read abandoned or failed); harmless after `end`. */
  drop(): void;
};

export type BodyParser = {
  /** A whole buffered body. The parser may take the buffer over (the caller must not use it after). */
  parseBody(body: Buffer): Promise<EnvelopeResult<ParsedCollection>>;
  stream(batchSize: number): StreamParser;
  close(): Promise<void>;
};

export function parseBodyInThread(body: Buffer): EnvelopeResult<ParsedCollection> {
  return parseCollectionBody(body.toString('utf8'));
}

export const inThreadParser: BodyParser = {
  parseBody: async (body) => parseBodyInThread(body),
  stream(batchSize) {
    const splitter = createCollectionSplitter(batchSize);
    return {
      push: async (chunk) => splitter.push(chunk),
      end: async () => splitter.end(),
      drop: () => undefined,
    };
  },
  close: async () => undefined,
};
