// Cuts a serial scanner's byte stream into scans. Pure: no timers, no I/O; the reader calls
// `idle()` when its silence timer fires. Bytes are never decoded as text here, so GS (0x1D) and
// any other control or non-ASCII byte reaches the code parser exactly as the scanner sent it.

import { missingCaseError } from '../../errors/app-error';

export const scanSuffixes = ['cr', 'lf', 'crlf', 'tab', 'none'] as const;
export type ScanSuffix = (typeof scanSuffixes)[number];

export const scanFramings = ['suffix', 'timeout'] as const;
/**
 * - `suffix`: a scan ends at the suffix (which is removed). Bytes left without a suffix for the
 *   idle time are reported as an `unterminated` frame error, so a misconfigured suffix shows up
 *   instead of silently gluing the next scan onto the leftovers.
 * - `timeout`: a scan ends after the idle time of silence. If a suffix is configured as well it
 *   also ends a scan at once and is removed (several scans in one burst stay separate).
 */
export type ScanFraming = (typeof scanFramings)[number];

export const defaultMaxFrameBytes = 4096;
/** Silence that ends a scan in `timeout` framing. */
export const defaultScanTimeoutMs = 50;
/** Silence after which a partial scan is abandoned in `suffix` framing. */
export const defaultUnterminatedTimeoutMs = 1000;

export type FrameErrorReason = 'oversized' | 'unterminated';

export type FramerOutput =
  | { kind: 'scan'; bytes: Buffer; at: number }
  /** `bytes`: at most `maxFrameBytes` of the rejected input, for diagnosis. */
  | { kind: 'error'; reason: FrameErrorReason; bytes: Buffer; at: number };

export type ScanFramerOptions = {
  framing: ScanFraming;
  suffix: ScanSuffix;
  maxFrameBytes?: number;
};

export type ScanFramer = {
  /** Feed bytes that arrived at `at` (epoch ms); returns the scans and errors they complete. */
  push(chunk: Buffer, at: number): FramerOutput[];
  /** The line was silent for the idle time: ends a `timeout` scan or abandons a partial one. */
  idle(at: number): FramerOutput[];
  /** The port went away: a partial scan becomes an `unterminated` error; the framer is reset. */
  drain(at: number): FramerOutput[];
  /** True while bytes are buffered or an oversized run is being skipped (the idle timer matters). */
  hasPending(): boolean;
  reset(): void;
};

export function suffixBytes(suffix: ScanSuffix): Buffer {
  switch (suffix) {
    case 'cr':
      return Buffer.from([0x0d]);
    case 'lf':
      return Buffer.from([0x0a]);
    case 'crlf':
      return Buffer.from([0x0d, 0x0a]);
    case 'tab':
      return Buffer.from([0x09]);
    case 'none':
      return Buffer.alloc(0);
    default:
      throw missingCaseError(suffix);
  }
}

export function createScanFramer(options: ScanFramerOptions): ScanFramer {
  const suffix = suffixBytes(options.suffix);
  const maxFrameBytes = options.maxFrameBytes ?? defaultMaxFrameBytes;
  if (options.framing === 'suffix' && suffix.length === 0) {
    throw new RangeError('suffix framing needs a suffix (cr, lf, crlf or tab)');
  }
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 1) throw new RangeError(`maxFrameBytes must be a positive integer, got ${maxFrameBytes}`);

  let pending: Buffer = Buffer.alloc(0);
  let pendingAt = 0;
  // After an oversized frame we skip input until the next suffix or silence, so the tail of the
  // garbage never turns into a bogus scan.
  let isSkipping = false;

  const takeFrame = (frame: Buffer, at: number, out: FramerOutput[]) => {
    if (frame.length === 0) return;
    if (frame.length > maxFrameBytes) {
      out.push({ kind: 'error', reason: 'oversized', bytes: Buffer.from(frame.subarray(0, maxFrameBytes)), at });
      return;
    }
    // Copy: the caller may keep the scan long after the port reuses its read buffer.
    out.push({ kind: 'scan', bytes: Buffer.from(frame), at });
  };

  const push = (chunk: Buffer, at: number): FramerOutput[] => {
    const out: FramerOutput[] = [];
    if (chunk.length === 0) return out;
    if (pending.length === 0) pendingAt = at;
    let data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    pending = Buffer.alloc(0);

    if (suffix.length > 0) {
      let start = 0;
      for (let end = data.indexOf(suffix, start); end !== -1; end = data.indexOf(suffix, start)) {
        if (isSkipping) isSkipping = false;
        else takeFrame(data.subarray(start, end), pendingAt, out);
        start = end + suffix.length;
        pendingAt = at;
      }
      data = data.subarray(start);
    }

    if (isSkipping) {
      // Keep only what could be the start of a suffix split across reads (the CR of a CR LF).
      pending = Buffer.from(data.subarray(Math.max(0, data.length - (suffix.length - 1))));
      return out;
    }
    if (data.length > maxFrameBytes) {
      out.push({ kind: 'error', reason: 'oversized', bytes: Buffer.from(data.subarray(0, maxFrameBytes)), at: pendingAt });
      isSkipping = true;
      pending = Buffer.from(data.subarray(Math.max(0, data.length - (suffix.length - 1))));
      return out;
    }
    pending = Buffer.from(data);
    return out;
  };

  const idle = (at: number): FramerOutput[] => {
    const out: FramerOutput[] = [];
    const frame = pending;
    const wasSkipping = isSkipping;
    reset();
    if (wasSkipping || frame.length === 0) return out;
    if (options.framing === 'timeout') takeFrame(frame, pendingAt, out);
    else out.push({ kind: 'error', reason: 'unterminated', bytes: frame, at });
    return out;
  };

  const drain = (at: number): FramerOutput[] => {
    const frame = pending;
    const wasSkipping = isSkipping;
    reset();
    if (wasSkipping || frame.length === 0) return [];
    return [{ kind: 'error', reason: 'unterminated', bytes: frame, at }];
  };

  function reset() {
    pending = Buffer.alloc(0);
    isSkipping = false;
  }

  return { push, idle, drain, hasPending: () => pending.length > 0 || isSkipping, reset };
}
