// One serial (RS-232 / USB virtual COM) scanner: open the port, cut the bytes into scans, and
// keep coming back when the scanner is unplugged and plugged in again.

import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { toLogFormat } from '../../errors/app-error';
import { type Logger, silentLogger } from '../../logging/logger';
import { defaultReconnectBackoff, reconnectDelayMs, type ReconnectBackoff } from './reconnect-backoff';
import {
  createScanFramer,
  defaultScanTimeoutMs,
  defaultUnterminatedTimeoutMs,
  type FrameErrorReason,
  type FramerOutput,
  type ScanFraming,
  type ScanSuffix,
} from './scan-framer';

export type SerialParity = 'none' | 'even' | 'odd' | 'mark' | 'space';
export type SerialDataBits = 5 | 6 | 7 | 8;
export type SerialStopBits = 1 | 1.5 | 2;

/** One scan, bytes exactly as the scanner sent them minus the suffix. */
export type Scan = {
  bytes: Buffer;
  /** Epoch ms when the first byte of the scan arrived. */
  at: number;
  /** The scanner's configured id. */
  device: string;
};

/** Input that could not be a scan; `bytes` holds at most `maxFrameBytes` of it. */
export type ScanFrameError = {
  device: string;
  at: number;
  reason: FrameErrorReason;
  bytes: Buffer;
};

/**
 * - `connecting`: the first open attempt is under way.
 * - `connected`: the port is open and scans flow.
 * - `disconnected`: the port could not be opened or went away; retries run with capped backoff.
 * - `closed`: `close()` was called; final.
 */
export type SerialScannerState = 'connecting' | 'connected' | 'disconnected' | 'closed';

export type SerialScannerStateChange = {
  device: string;
  state: SerialScannerState;
  at: number;
  /** The path opened (connected) or last tried. */
  path?: string;
  /** Why the port is `disconnected`. */
  error?: string;
};

export type SerialScannerStatus = {
  device: string;
  state: SerialScannerState;
  /** Epoch ms of the last state change. */
  since: number;
  path?: string;
  lastError?: string;
  /** Failed open attempts since the last successful open. */
  failedAttempts: number;
  /** When the next open attempt is due, while `disconnected`. */
  nextRetryAt?: number;
};

export type SerialScannerOptions = {
  device: string;
  /** A fixed path (`/dev/ttyACM0`, `COM3`), or a resolver run before every open attempt (VID/PID match). */
  path: string | (() => Promise<string>);
  /** Default 9600 8N1, the usual scanner setting. */
  baudRate?: number;
  dataBits?: SerialDataBits;
  parity?: SerialParity;
  stopBits?: SerialStopBits;
  framing: ScanFraming;
  /** Default CR for `suffix` framing, none for `timeout` framing. */
  suffix?: ScanSuffix;
  /**
   * Silence that ends a scan (`timeout` framing, default 50 ms) or abandons a partial one as
   * `unterminated` (`suffix` framing, default 1000 ms).
   */
  timeoutMs?: number;
  /** Longest accepted scan in bytes, default 4096. */
  maxFrameBytes?: number;
  reconnect?: Partial<ReconnectBackoff>;
  /**
   * How often to check, while connected, that the path still names the opened device (0: never).
   * Catches a device node or PTY link that vanishes or is replaced while the open file still
   * looks healthy. Default 1000 ms; Windows COM names are not files, so never there.
   */
  presenceCheckMs?: number;
  clock?: () => number;
  logger?: Logger;
  onScan: (scan: Scan) => void;
  onFrameError?: (error: ScanFrameError) => void;
  /** Fires on every state change (the initial `connecting` is not reported), last with `closed`. */
  onStateChange?: (change: SerialScannerStateChange) => void;
};

export type SerialScanner = {
  readonly device: string;
  status(): SerialScannerStatus;
  /**
   * Closes the port and stops every timer and retry. Resolves when the port is closed (an open
   * attempt in flight is awaited and closed too); never rejects. No callback fires afterwards
   * except the final `closed` state change.
   */
  close(): Promise<void>;
};

/**
 * Starts reading a serial scanner. Returns at once; the port opens in the background and the
 * state callback reports `connected` or `disconnected` (an absent device is retried, not thrown).
 * Throws only on options the framer rejects (suffix framing without a suffix, a bad frame cap).
 */
export function openSerialScanner(options: SerialScannerOptions): SerialScanner {
  const { device } = options;
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const backoff: ReconnectBackoff = { ...defaultReconnectBackoff, ...options.reconnect };
  const suffix = options.suffix ?? (options.framing === 'suffix' ? 'cr' : 'none');
  const idleMs = options.timeoutMs ?? (options.framing === 'timeout' ? defaultScanTimeoutMs : defaultUnterminatedTimeoutMs);
  const presenceCheckMs = process.platform === 'win32' ? 0 : (options.presenceCheckMs ?? 1000);
  const framer = createScanFramer({ framing: options.framing, suffix, ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }) });

  let state: SerialScannerState = 'connecting';
  let since = clock();
  let path: string | undefined;
  let lastError: string | undefined;
  let failedAttempts = 0;
  let nextRetryAt: number | undefined;
  let port: SerialPort | undefined;
  // Every port instance gets a generation; events from an older one (closed by us, replaced) are ignored.
  let generation = 0;
  let isClosed = false;
  let connecting: Promise<void> | undefined;
  let closing: Promise<void> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let presenceTimer: NodeJS.Timeout | undefined;

  const guarded = <T>(name: string, callback: ((value: T) => void) | undefined, value: T) => {
    if (callback === undefined) return;
    try {
      callback(value);
    } catch (err) {
      // A consumer's bug must not stop the scanner (or leave a frame half-delivered).
      logger.error(`serial ${device}: ${name} callback threw: ${toLogFormat(err)}`);
    }
  };

  const setState = (next: SerialScannerState, error?: string) => {
    if (next === state) return;
    state = next;
    since = clock();
    const change: SerialScannerStateChange = { device, state: next, at: since };
    if (path !== undefined) change.path = path;
    if (error !== undefined) change.error = error;
    if (next === 'disconnected') logger.warn(`serial ${device}: disconnected (${path ?? '?'}): ${error ?? 'unknown'}`);
    else logger.info(`serial ${device}: ${next}${path === undefined ? '' : ` (${path})`}`);
    guarded('onStateChange', options.onStateChange, change);
  };

  const deliver = (outputs: FramerOutput[]) => {
    for (const output of outputs) {
      if (isClosed) return;
      if (output.kind === 'scan') {
        guarded('onScan', options.onScan, { bytes: output.bytes, at: output.at, device });
      } else {
        logger.warn(`serial ${device}: frame error ${output.reason}, ${output.bytes.length} bytes, starting ${output.bytes.subarray(0, 16).toString('hex')}`);
        guarded('onFrameError', options.onFrameError, { device, at: output.at, reason: output.reason, bytes: output.bytes });
      }
    }
  };

  const clearTimer = (timer: NodeJS.Timeout | undefined) => {
    if (timer !== undefined) clearTimeout(timer);
    return undefined;
  };

  const armIdleTimer = () => {
    idleTimer = clearTimer(idleTimer);
    if (!framer.hasPending()) return;
    idleTimer = setTimeout(() => {
      idleTimer = undefined;
      deliver(framer.idle(clock()));
    }, idleMs);
  };

  const scheduleRetry = () => {
    if (isClosed) return;
    const delay = reconnectDelayMs(failedAttempts, backoff);
    failedAttempts += 1;
    nextRetryAt = clock() + delay;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      nextRetryAt = undefined;
      startConnect();
    }, delay);
  };

  /** The current port is gone (read error, hang-up, vanished path): report, drop it, retry. */
  const lose = (gen: number, err: Error) => {
    if (isClosed || gen !== generation) return;
    generation += 1;
    const lost = port;
    port = undefined;
    idleTimer = clearTimer(idleTimer);
    presenceTimer = clearTimer(presenceTimer);
    if (lost !== undefined) void closePort(lost);
    deliver(framer.drain(clock()));
    lastError = err.message;
    setState('disconnected', err.message);
    scheduleRetry();
  };

  const failAttempt = (err: unknown) => {
    if (isClosed) return;
    // serialport's open errors read "Error: No such file or directory, cannot open …".
    const message = (err instanceof Error ? err.message : String(err)).replace(/^Error: /, '');
    // Log each distinct reason once, not every few seconds for as long as a scanner stays unplugged.
    if (message !== lastError) logger.debug(`serial ${device}: open failed (${path ?? '?'}): ${message}`);
    lastError = message;
    setState('disconnected', message);
    scheduleRetry();
  };

  const checkPresence = (gen: number, openedPath: string, rdev: number | undefined) => {
    if (presenceCheckMs <= 0 || rdev === undefined) return;
    presenceTimer = setTimeout(() => {
      presenceTimer = undefined;
      stat(openedPath).then(
        (s) => {
          if (gen !== generation) return;
          if (s.rdev !== rdev) lose(gen, new Error(`${openedPath} now names another device`));
          else checkPresence(gen, openedPath, rdev);
        },
        (err: NodeJS.ErrnoException) => {
          if (gen !== generation) return;
          if (err.code === 'ENOENT' || err.code === 'ENOTDIR') lose(gen, new Error(`${openedPath} vanished`));
          else checkPresence(gen, openedPath, rdev);
        },
      );
    }, presenceCheckMs);
  };

  const connect = async () => {
    const gen = ++generation;
    let candidate: SerialPort;
    try {
      path = typeof options.path === 'string' ? options.path : await options.path();
      if (isClosed || gen !== generation) return;
      candidate = new SerialPort({
        path,
        baudRate: options.baudRate ?? 9600,
        dataBits: options.dataBits ?? 8,
        parity: options.parity ?? 'none',
        stopBits: options.stopBits ?? 1,
        autoOpen: false,
      });
    } catch (err) {
      failAttempt(err);
      return;
    }
    // Always listen: an 'error' event without a listener would crash the whole process.
    candidate.on('error', (err) => {
      if (gen === generation) logger.warn(`serial ${device}: port error: ${err.message}`);
    });
    // serialport closes the port itself on a read/poll failure (unplug, PTY hang-up) and emits
    // 'close' with a DisconnectedError; we close only after bumping the generation, so our own
    // closes are ignored here. Listening from the start covers a hang-up right after open.
    candidate.on('close', (err: Error | null) => lose(gen, err ?? new Error('port closed')));
    try {
      await new Promise<void>((resolve, reject) => candidate.open((err) => (err ? reject(err) : resolve())));
    } catch (err) {
      if (gen === generation) failAttempt(err);
      return;
    }
    if (isClosed || gen !== generation) {
      await closePort(candidate);
      return;
    }
    const openedPath = path;
    // The device identity the path had at open time, for the presence check.
    const rdev = presenceCheckMs > 0 ? await stat(openedPath).then((s) => s.rdev, () => undefined) : undefined;
    if (isClosed || gen !== generation) {
      await closePort(candidate);
      return;
    }
    port = candidate;
    failedAttempts = 0;
    lastError = undefined;
    framer.reset();
    candidate.on('data', (chunk: Buffer) => {
      if (gen !== generation) return;
      deliver(framer.push(chunk, clock()));
      armIdleTimer();
    });
    setState('connected');
    checkPresence(gen, openedPath, rdev);
  };

  function startConnect() {
    connecting = connect()
      .catch((err: unknown) => logger.error(`serial ${device}: connect failed unexpectedly: ${toLogFormat(err)}`))
      .finally(() => {
        connecting = undefined;
      });
  }

  startConnect();

  return {
    device,
    status: () => {
      const status: SerialScannerStatus = { device, state, since, failedAttempts };
      if (path !== undefined) status.path = path;
      if (lastError !== undefined) status.lastError = lastError;
      if (nextRetryAt !== undefined) status.nextRetryAt = nextRetryAt;
      return status;
    },
    close: () => {
      if (closing !== undefined) return closing;
      isClosed = true;
      generation += 1;
      retryTimer = clearTimer(retryTimer);
      idleTimer = clearTimer(idleTimer);
      presenceTimer = clearTimer(presenceTimer);
      nextRetryAt = undefined;
      framer.reset();
      const open = port;
      port = undefined;
      closing = (async () => {
        // An open attempt in flight sees isClosed when it resumes and closes its own port.
        await connecting;
        if (open !== undefined) await closePort(open);
        setState('closed');
      })();
      return closing;
    },
  };
}

/** Closes a port if it is open; resolves either way (closing a dead port may fail, which is fine). */
function closePort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) {
      resolve();
      return;
    }
    port.close(() => resolve());
  });
}
