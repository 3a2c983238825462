// What the main thread and the parse worker say to each other (D34).
import { type EnvelopeResult } from '../odata-envelope';
import { type WireRows } from './row-wire';

export type ParseRequest =
  /** A whole buffered body; the reply holds its rows as one wire. */
  | { kind: 'body'; req: number; bytes: Uint8Array }
  | { kind: 'open'; stream: number; batchSize: number }
  /** Bytes of a streamed answer; the reply holds the batches finished so far, one wire each. */
  | { kind: 'chunk'; req: number; stream: number; bytes: Uint8Array }
  | { kind: 'end'; req: number; stream: number }
  | { kind: 'drop'; stream: number };

type Failure = Extract<EnvelopeResult<never>, { ok: false }>;

export type ParseReply = { req: number } & ({ ok: true; wires: WireRows[]; count?: number } | Failure);

/** The first message of a worker that loaded: before it, a failure means "no worker here". */
export const workerReady = 'prilavok-parse-worker-ready';
