// Holds the configured serial scanners, hands every scan to one callback and reports per-device
// status. Whoever creates it decides what a scan means (code parser, events, scan log).

import { type Logger, silentLogger } from '../../logging/logger';
import { findUsbPort, listSerialPorts } from './list-ports';
import { type ReconnectBackoff } from './reconnect-backoff';
import { serialScannerSettings, type SerialScannerSettings, type SerialScannerSettingsInput } from './serial-scanner.schema';
import { type SerialPortInfo } from './serial-port-info';
import { openSerialScanner, type Scan, type ScanFrameError, type SerialScanner, type SerialScannerState } from './serial-scanner';

/** A reader's state, or why there is no reader: switched off, or settings that do not parse. */
export type SerialDeviceState = SerialScannerState | 'disabled' | 'misconfigured';

export type SerialDeviceStatus = {
  id: string;
  state: SerialDeviceState;
  since: number;
  /** The port opened or last tried (the configured path until the first attempt). */
  path: string;
  lastError?: string;
  failedAttempts: number;
  nextRetryAt?: number;
  scanCount: number;
  frameErrorCount: number;
  lastScanAt?: number;
};

export type SerialDeviceManagerOptions = {
  scanners: readonly SerialScannerSettingsInput[];
  onScan: (scan: Scan) => void;
  onFrameError?: (error: ScanFrameError) => void;
  /** Fires on every state change of any device, with that device's status. */
  onStatusChange?: (status: SerialDeviceStatus) => void;
  /** Port lister for scanners configured by USB VID/PID; defaults to `listSerialPorts()`. */
  listPorts?: () => Promise<SerialPortInfo[]>;
  reconnect?: Partial<ReconnectBackoff>;
  presenceCheckMs?: number;
  clock?: () => number;
  logger?: Logger;
};

export type SerialDeviceManager = {
  /** One entry per configured scanner, in settings order. */
  status(): SerialDeviceStatus[];
  /**
   * Applies new settings: unchanged scanners keep running (and their counters), changed ones are
   * reopened, removed ones closed. Resolves once removed and changed readers are closed.
   */
  update(scanners: readonly SerialScannerSettingsInput[]): Promise<void>;
  /** Closes every reader; resolves when all ports are closed. Never rejects. */
  close(): Promise<void>;
};

type Entry = {
  id: string;
  /** Canonical settings for change detection; undefined when they do not parse. */
  key: string | undefined;
  settings: SerialScannerSettings | undefined;
  configuredPath: string;
  reader: SerialScanner | undefined;
  /** For readerless entries (disabled, misconfigured). */
  fixedState: SerialDeviceState;
  since: number;
  error: string | undefined;
  scanCount: number;
  frameErrorCount: number;
  lastScanAt: number | undefined;
};

/** Starts a reader for every enabled, valid scanner in `options.scanners`; returns at once. */
export function createSerialDeviceManager(options: SerialDeviceManagerOptions): SerialDeviceManager {
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const listPorts = options.listPorts ?? (() => listSerialPorts());
  let entries: Entry[] = [];
  let isClosed = false;

  const statusOf = (entry: Entry): SerialDeviceStatus => {
    const base = { id: entry.id, scanCount: entry.scanCount, frameErrorCount: entry.frameErrorCount };
    const withScan = entry.lastScanAt === undefined ? base : { ...base, lastScanAt: entry.lastScanAt };
    if (entry.reader === undefined) {
      const status: SerialDeviceStatus = { ...withScan, state: entry.fixedState, since: entry.since, path: entry.configuredPath, failedAttempts: 0 };
      if (entry.error !== undefined) status.lastError = entry.error;
      return status;
    }
    const { device: _device, ...reader } = entry.reader.status();
    return { ...withScan, ...reader, path: reader.path ?? entry.configuredPath };
  };

  const resolverFor = (settings: SerialScannerSettings): string | (() => Promise<string>) => {
    const usb = settings.usb;
    if (usb === undefined) return settings.path;
    return async () => {
      const port = findUsbPort(await listPorts(), usb, settings.path);
      if (port === undefined) {
        const serial = usb.serialNumber === undefined ? '' : ` serial ${usb.serialNumber}`;
        throw new Error(`no USB serial device ${usb.vendorId}:${usb.productId}${serial} is connected`);
      }
      return port.path;
    };
  };

  const createEntry = (input: SerialScannerSettingsInput, seenIds: Set<string>): Entry => {
    const parsed = serialScannerSettings.safeParse(input);
    const id = typeof input.id === 'string' && input.id !== '' ? input.id : '(no id)';
    const entry: Entry = {
      id,
      key: undefined,
      settings: undefined,
      configuredPath: typeof input.path === 'string' ? input.path : '',
      reader: undefined,
      fixedState: 'misconfigured',
      since: clock(),
      error: undefined,
      scanCount: 0,
      frameErrorCount: 0,
      lastScanAt: undefined,
    };
    if (!parsed.success) {
      entry.error = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ');
      logger.warn(`serial ${id}: settings rejected: ${entry.error}`);
      return entry;
    }
    if (seenIds.has(parsed.data.id)) {
      entry.error = `duplicate scanner id ${parsed.data.id}`;
      logger.warn(`serial ${id}: ${entry.error}`);
      return entry;
    }
    seenIds.add(parsed.data.id);
    entry.settings = parsed.data;
    entry.key = JSON.stringify(parsed.data);
    if (!parsed.data.isEnabled) entry.fixedState = 'disabled';
    return entry;
  };

  const startReader = (entry: Entry) => {
    const settings = entry.settings;
    if (settings === undefined || !settings.isEnabled || isClosed) return;
    entry.reader = openSerialScanner({
      device: settings.id,
      path: resolverFor(settings),
      baudRate: settings.baudRate,
      dataBits: settings.dataBits,
      parity: settings.parity,
      stopBits: settings.stopBits,
      framing: settings.framing,
      suffix: settings.suffix,
      maxFrameBytes: settings.maxFrameBytes,
      ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
      ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
      ...(options.presenceCheckMs === undefined ? {} : { presenceCheckMs: options.presenceCheckMs }),
      clock,
      logger,
      onScan: (scan) => {
        entry.scanCount += 1;
        entry.lastScanAt = scan.at;
        options.onScan(scan);
      },
      onFrameError: (error) => {
        entry.frameErrorCount += 1;
        options.onFrameError?.(error);
      },
      onStateChange: () => {
        // The reader guards this callback; the status is read after its state is updated.
        if (entry.reader !== undefined) options.onStatusChange?.(statusOf(entry));
      },
    });
  };

  /** Pairs new settings with running entries: same id and same settings keep their reader. */
  const plan = (inputs: readonly SerialScannerSettingsInput[]): { next: Entry[]; retired: Entry[] } => {
    const seenIds = new Set<string>();
    const reusable = new Map(entries.filter((e) => e.key !== undefined).map((e) => [e.id, e]));
    const next = inputs.map((input) => {
      const fresh = createEntry(input, seenIds);
      const old = fresh.key === undefined ? undefined : reusable.get(fresh.id);
      if (old === undefined || old.key !== fresh.key) return fresh;
      reusable.delete(fresh.id);
      return old;
    });
    const kept = new Set(next);
    return { next, retired: entries.filter((e) => !kept.has(e)) };
  };

  const closeEntries = async (toClose: readonly Entry[]) => {
    await Promise.all(toClose.map((e) => e.reader?.close()));
  };

  entries = plan(options.scanners).next;
  for (const entry of entries) startReader(entry);
  // Updates run one after another; each closes what it retires before opening what it adds,
  // because a changed scanner reopens the very port its old reader still holds (and locks).
  let updating: Promise<void> = Promise.resolve();

  return {
    status: () => entries.map(statusOf),
    update: (scanners) => {
      const run = updating.then(async () => {
        if (isClosed) throw new Error('serial device manager is closed');
        const { next, retired } = plan(scanners);
        await closeEntries(retired);
        if (isClosed) return;
        entries = next;
        for (const entry of next) if (entry.reader === undefined) startReader(entry);
      });
      updating = run.catch(() => undefined);
      return run;
    },
    close: async () => {
      isClosed = true;
      await updating;
      await closeEntries(entries);
    },
  };
}
