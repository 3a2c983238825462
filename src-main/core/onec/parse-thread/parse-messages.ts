// What the main thread and the parse worker say to each other (D34). The worker sends text, not rows:
// decoding UTF-8 and finding where rows begin and end is most of a parse's cost (Cyrillic text decodes
// at ~400 MB/s), while rows rebuilt from any compact form cost the main thread about what JSON.parse of
// their text does, and the worker would have to parse them first. So the worker decodes and cuts, and
// the main thread runs JSON.parse on texts it would have parsed anyway: no work is added, some moves.
import { type EnvelopeResult } from '../odata-envelope';

export type ParseRequest =
  /** A whole buffered body; the reply is its text. */
  | { kind: 'body'; req: number; bytes: Uint8Array }
  | { kind: 'open'; stream: number; batchSize: number }
  /** Bytes of a streamed answer; the reply holds the batches finished so far. */
  | { kind: 'chunk'; req: number; stream: number; bytes: Uint8Array }
  | { kind: 'end'; req: number; stream: number }
  | { kind: 'drop'; stream: number };

type Failure = Extract<EnvelopeResult<never>, { ok: false }>;

/** A batch of rows as the texts of its runs (`[` + whole objects + `]`), in order. */
export type TextBatch = string[];

export type ParseReply = { req: number } & (
  | { ok: true; kind: 'body'; text: string }
  | { ok: true; kind: 'batches'; batches: TextBatch[]; outer?: string }
  | Failure
);

/** The first message of a worker that loaded: before it, a failure means "no worker here". */
export const workerReady = 'prilavok-parse-worker-ready';
