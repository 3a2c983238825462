// Real pseudo-terminal pairs (socat) opened with serialport: the test writes what a scanner sends.
import { mkdtemp, readlink, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSerialScanner, type Scan, type ScanFrameError, type SerialScanner, type SerialScannerOptions, type SerialScannerStateChange } from './serial-scanner';
import { startSocatPair, type SocatPair } from './socat-pair';
import { waitUntil } from './wait-until';

const GS = '\x1d';
// The dairy marking code from peers-and-hardware §3.4 (GS before AI 93) and a shoe-style code
// with a crypto tail full of symbols.
const dairyCode = Buffer.from(`0104601234567893215w9EJp${GS}93abc1`, 'latin1');
const shoeCode = Buffer.from(`010460123456789321G+mgsHw<DiLN_${GS}91EE05${GS}92sOe6fy7lPT8&FVGT45/<7&*`, 'latin1');
const ean = Buffer.from('4601234567893', 'latin1');

type Recorder = { scans: Scan[]; errors: ScanFrameError[]; states: SerialScannerStateChange[] };

let dir: string;
let pair: SocatPair;
const scanners: SerialScanner[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prilavok-serial-'));
  pair = await startSocatPair(dir);
});

afterEach(async () => {
  await Promise.all(scanners.splice(0).map((s) => s.close()));
  await pair.stop();
  await rm(dir, { recursive: true, force: true });
});

function startScanner(options: Partial<SerialScannerOptions> & Pick<SerialScannerOptions, 'framing'>): { scanner: SerialScanner } & Recorder {
  const recorder: Recorder = { scans: [], errors: [], states: [] };
  const scanner = openSerialScanner({
    device: 'scanner-1',
    path: pair.devicePath,
    reconnect: { initialDelayMs: 50, maxDelayMs: 250 },
    onScan: (scan) => recorder.scans.push(scan),
    onFrameError: (error) => recorder.errors.push(error),
    onStateChange: (change) => recorder.states.push(change),
    ...options,
  });
  scanners.push(scanner);
  return { scanner, ...recorder };
}

const waitForState = (scanner: SerialScanner, state: string, timeoutMs = 20_000) =>
  waitUntil(() => scanner.status().state === state, { timeoutMs, message: () => `expected ${state}, status ${JSON.stringify(scanner.status())}` });

const waitForCount = (items: readonly unknown[], count: number, what: string) =>
  waitUntil(() => items.length >= count, { timeoutMs: 20_000, message: () => `expected ${count} ${what}, got ${items.length}` });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const crlf = (code: Buffer) => Buffer.concat([code, Buffer.from('\r\n')]);

describe('openSerialScanner over a socat PTY pair', () => {
  it('delivers a GS1 DataMatrix code byte for byte, GS included, when framed by CR LF', async () => {
    const { scanner, scans, states } = startScanner({ framing: 'suffix', suffix: 'crlf' });
    await waitForState(scanner, 'connected');
    const before = Date.now();
    await pair.write(crlf(dairyCode));
    await waitForCount(scans, 1, 'scans');
    expect(scans[0]?.bytes).toEqual(dairyCode);
    expect(scans[0]?.bytes.indexOf(0x1d)).toBe(24);
    expect(scans[0]?.device).toBe('scanner-1');
    expect(scans[0]?.at).toBeGreaterThanOrEqual(before);
    expect(scans[0]?.at).toBeLessThanOrEqual(Date.now());
    expect(states.map((s) => s.state)).toEqual(['connected']);
    expect(states[0]?.path).toBe(pair.devicePath);
  });

  it('delivers every scan when several arrive in one write', async () => {
    const { scanner, scans } = startScanner({ framing: 'suffix', suffix: 'cr' });
    await waitForState(scanner, 'connected');
    await pair.write(Buffer.concat([ean, Buffer.from('\r'), shoeCode, Buffer.from('\r'), dairyCode, Buffer.from('\r')]));
    await waitForCount(scans, 3, 'scans');
    expect(scans.map((s) => s.bytes)).toEqual([ean, shoeCode, dairyCode]);
  });

  it('joins a scan split across writes with small delays, CR LF split in two', async () => {
    const { scanner, scans, errors } = startScanner({ framing: 'suffix', suffix: 'crlf' });
    await waitForState(scanner, 'connected');
    const bytes = crlf(shoeCode);
    const cuts = [0, 5, 20, 33, bytes.length - 1, bytes.length];
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      await pair.write(bytes.subarray(cuts[i], cuts[i + 1]));
      await sleep(15);
    }
    await waitForCount(scans, 1, 'scans');
    expect(scans[0]?.bytes).toEqual(shoeCode);
    expect(errors).toEqual([]);
  });

  it('accepts TAB and LF suffixes', async () => {
    const { scanner, scans } = startScanner({ framing: 'suffix', suffix: 'tab' });
    await waitForState(scanner, 'connected');
    await pair.write(Buffer.concat([ean, Buffer.from('\t'), dairyCode, Buffer.from('\t')]));
    await waitForCount(scans, 2, 'scans');
    expect(scans.map((s) => s.bytes)).toEqual([ean, dairyCode]);
    await scanner.close();

    const lf = startScanner({ framing: 'suffix', suffix: 'lf', device: 'scanner-lf' });
    await waitForState(lf.scanner, 'connected');
    await pair.write(Buffer.concat([dairyCode, Buffer.from('\n')]));
    await waitForCount(lf.scans, 1, 'scans');
    expect(lf.scans[0]).toMatchObject({ bytes: dairyCode, device: 'scanner-lf' });
  });

  it('ends scans on silence in timeout framing, keeping every byte', async () => {
    // 300 ms of silence ends a scan here, so a loaded machine cannot split the 15 ms gaps below.
    const { scanner, scans } = startScanner({ framing: 'timeout', timeoutMs: 300 });
    await waitForState(scanner, 'connected');
    await pair.write(dairyCode.subarray(0, 12));
    await sleep(15);
    await pair.write(dairyCode.subarray(12));
    await waitForCount(scans, 1, 'scans');
    await pair.write(ean);
    await waitForCount(scans, 2, 'scans');
    expect(scans.map((s) => s.bytes)).toEqual([dairyCode, ean]);
    expect(scans[1]!.at - scans[0]!.at).toBeGreaterThanOrEqual(300);
  });

  it('ends scans after the default 50 ms of silence and strips a configured suffix', async () => {
    const { scanner, scans } = startScanner({ framing: 'timeout', suffix: 'crlf' });
    await waitForState(scanner, 'connected');
    await pair.write(Buffer.concat([crlf(ean), dairyCode]));
    await waitForCount(scans, 2, 'scans');
    expect(scans.map((s) => s.bytes)).toEqual([ean, dairyCode]);
  });

  it('reports oversized garbage as one frame error and keeps reading', async () => {
    const { scanner, scans, errors } = startScanner({ framing: 'suffix', suffix: 'cr' });
    await waitForState(scanner, 'connected');
    // 10 000 bytes without a CR (wrong baud rate, a stuck trigger): over the 4096-byte cap.
    const garbage = Buffer.alloc(10_000);
    for (let i = 0; i < garbage.length; i += 1) garbage[i] = 0x20 + ((i * 7) % 0x5f);
    await pair.write(garbage);
    await pair.write('\r');
    await pair.write(crlf(dairyCode).subarray(0, dairyCode.length + 1));
    await waitForCount(scans, 1, 'scans');
    expect(scans.map((s) => s.bytes)).toEqual([dairyCode]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reason: 'oversized', device: 'scanner-1' });
    expect(errors[0]?.bytes).toEqual(garbage.subarray(0, 4096));
    expect(scanner.status().state).toBe('connected');
  });

  it('reports leftovers without the suffix as unterminated', async () => {
    const { scanner, scans, errors } = startScanner({ framing: 'suffix', suffix: 'crlf', timeoutMs: 200 });
    await waitForState(scanner, 'connected');
    await pair.write(Buffer.concat([ean, Buffer.from('\r')]));
    await waitForCount(errors, 1, 'frame errors');
    expect(errors[0]).toMatchObject({ reason: 'unterminated', bytes: Buffer.concat([ean, Buffer.from('\r')]) });
    await pair.write(crlf(dairyCode));
    await waitForCount(scans, 1, 'scans');
    expect(scans[0]?.bytes).toEqual(dairyCode);
  });

  it('opens with other line settings (115200 7E2) on the same PTY', async () => {
    const { scanner, scans } = startScanner({ framing: 'suffix', suffix: 'cr', baudRate: 115200, dataBits: 7, parity: 'even', stopBits: 2 });
    await waitForState(scanner, 'connected');
    await pair.write(Buffer.concat([ean, Buffer.from('\r')]));
    await waitForCount(scans, 1, 'scans');
    expect(scans[0]?.bytes).toEqual(ean);
  });

  it('keeps delivering when the scan callback throws', async () => {
    const seen: Buffer[] = [];
    const { scanner } = startScanner({
      framing: 'suffix',
      suffix: 'cr',
      onScan: (scan) => {
        seen.push(scan.bytes);
        throw new Error('consumer bug');
      },
    });
    await waitForState(scanner, 'connected');
    await pair.write(Buffer.concat([ean, Buffer.from('\r'), dairyCode, Buffer.from('\r')]));
    await waitForCount(seen, 2, 'scans');
    expect(scanner.status().state).toBe('connected');
  });

  it.each(['SIGKILL', 'SIGTERM'] as const)('reconnects when the device disappears (socat %s) and returns', async (signal) => {
    const { scanner, scans, states } = startScanner({ framing: 'suffix', suffix: 'crlf' });
    await waitForState(scanner, 'connected');
    await pair.write(crlf(ean));
    await waitForCount(scans, 1, 'scans');

    await pair.stop(signal);
    await waitForState(scanner, 'disconnected');
    expect(scanner.status().lastError).toBeTruthy();
    // Let a few retries fail against the missing device.
    await waitUntil(() => scanner.status().failedAttempts >= 2, { timeoutMs: 20_000, message: () => JSON.stringify(scanner.status()) });

    await pair.start();
    await waitForState(scanner, 'connected');
    await pair.write(crlf(dairyCode));
    await waitForCount(scans, 2, 'scans');
    expect(scans.map((s) => s.bytes)).toEqual([ean, dairyCode]);
    expect(states.map((s) => s.state)).toEqual(['connected', 'disconnected', 'connected']);
    expect(states[1]?.error).toBeTruthy();
    expect(scanner.status().failedAttempts).toBe(0);
  });

  it('reports a partial scan cut off by the disconnect as unterminated', async () => {
    const { scanner, scans, errors } = startScanner({ framing: 'suffix', suffix: 'crlf', timeoutMs: 60_000 });
    await waitForState(scanner, 'connected');
    await pair.write(dairyCode.subarray(0, 10));
    await sleep(100);
    await pair.stop('SIGKILL');
    await waitForCount(errors, 1, 'frame errors');
    expect(errors[0]).toMatchObject({ reason: 'unterminated', bytes: dairyCode.subarray(0, 10) });
    expect(scans).toEqual([]);
  });

  it('connects once a device that was absent at start appears', async () => {
    await pair.stop();
    const { scanner, scans, states } = startScanner({ framing: 'suffix', suffix: 'cr' });
    await waitForState(scanner, 'disconnected');
    expect(scanner.status().lastError).toMatch(/No such file or directory/);
    await pair.start();
    await waitForState(scanner, 'connected');
    await pair.write(Buffer.concat([ean, Buffer.from('\r')]));
    await waitForCount(scans, 1, 'scans');
    expect(states.map((s) => s.state)).toEqual(['disconnected', 'connected']);
  });

  it('notices a device path that vanishes while the port stays open, and reopens when it is back', async () => {
    const { scanner, scans } = startScanner({ framing: 'suffix', suffix: 'cr', presenceCheckMs: 50 });
    await waitForState(scanner, 'connected');
    const target = await readlink(pair.devicePath);
    await unlink(pair.devicePath);
    await waitForState(scanner, 'disconnected');
    expect(scanner.status().lastError).toMatch(/vanished/);
    await symlink(target, pair.devicePath);
    await waitForState(scanner, 'connected');
    await pair.write(Buffer.concat([ean, Buffer.from('\r')]));
    await waitForCount(scans, 1, 'scans');
  });

  it('close() stops the port, retries and timers, and nothing fires afterwards', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const baseline = timers();
    // A long retry delay keeps the retry timer pending (a short one may be mid-attempt, with no timer, when counted).
    const { scanner, scans, states } = startScanner({ framing: 'timeout', timeoutMs: 5_000, reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    await waitForState(scanner, 'connected');
    // A pending idle timer (partial scan) and, after the device goes, a pending retry.
    await pair.write(ean);
    await pair.stop('SIGKILL');
    await waitForState(scanner, 'disconnected');
    // The retry is pending (its timer's exact moment is the scanner's business; the global timer count
    // before close is not asserted: other modules' timers come and go on a loaded machine).
    expect(scanner.status().nextRetryAt).toBeDefined();

    await scanner.close();
    expect(scanner.status()).toMatchObject({ state: 'closed' });
    expect(scanner.status().nextRetryAt).toBeUndefined();
    expect(timers()).toBeLessThanOrEqual(baseline);
    const stateCount = states.length;
    await pair.start();
    await sleep(400);
    expect(states.length).toBe(stateCount);
    expect(states.at(-1)?.state).toBe('closed');
    expect(scans).toEqual([]);
    // Closing twice is harmless.
    await scanner.close();
  });

  it('close() during the first open attempt leaves no open port behind', async () => {
    const { scanner, states } = startScanner({ framing: 'suffix', suffix: 'cr' });
    await scanner.close();
    expect(states.map((s) => s.state)).toEqual(['closed']);
    // The device end is free again: another reader can lock and open it.
    const other = startScanner({ framing: 'suffix', suffix: 'cr', device: 'other' });
    await waitForState(other.scanner, 'connected');
  });
});
