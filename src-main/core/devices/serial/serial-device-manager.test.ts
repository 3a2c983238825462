import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSerialDeviceManager, type SerialDeviceManager, type SerialDeviceStatus } from './serial-device-manager';
import { type Scan, type ScanFrameError } from './serial-scanner';
import { startSocatPair, type SocatPair } from './socat-pair';
import { waitUntil } from './wait-until';

const GS = '\x1d';
const dairyCode = Buffer.from(`0104601234567893215w9EJp${GS}93abc1`, 'latin1');
const ean = Buffer.from('4601234567893', 'latin1');
const fast = { reconnect: { initialDelayMs: 50, maxDelayMs: 250 } };

let dir: string;
let pairA: SocatPair;
let pairB: SocatPair;
let manager: SerialDeviceManager | undefined;
let scans: Scan[];
let frameErrors: ScanFrameError[];
let statusChanges: SerialDeviceStatus[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prilavok-serial-mgr-'));
  await Promise.all([mkdir(join(dir, 'a')), mkdir(join(dir, 'b'))]);
  [pairA, pairB] = await Promise.all([startSocatPair(join(dir, 'a')), startSocatPair(join(dir, 'b'))]);
  scans = [];
  frameErrors = [];
  statusChanges = [];
});

afterEach(async () => {
  await manager?.close();
  manager = undefined;
  await Promise.all([pairA.stop(), pairB.stop()]);
  await rm(dir, { recursive: true, force: true });
});

const callbacks = () => ({
  onScan: (scan: Scan) => scans.push(scan),
  onFrameError: (error: ScanFrameError) => frameErrors.push(error),
  onStatusChange: (status: SerialDeviceStatus) => statusChanges.push(status),
});

const stateOf = (id: string) => manager?.status().find((s) => s.id === id)?.state;
const waitForState = (id: string, state: string) =>
  waitUntil(() => stateOf(id) === state, { timeoutMs: 20_000, message: () => `${id}: expected ${state}, status ${JSON.stringify(manager?.status())}` });
const waitForScans = (count: number) => waitUntil(() => scans.length >= count, { timeoutMs: 20_000, message: () => `expected ${count} scans, got ${scans.length}` });

describe('createSerialDeviceManager', () => {
  it('hands scans from every configured scanner to one callback, tagged with the scanner id', async () => {
    manager = createSerialDeviceManager({
      ...fast,
      ...callbacks(),
      scanners: [
        { id: 'counter', path: pairA.devicePath, baudRate: 9600, framing: 'suffix', suffix: 'crlf' },
        { id: 'backroom', path: pairB.devicePath, baudRate: 115200, framing: 'timeout', suffix: 'none', timeoutMs: 100 },
      ],
    });
    await waitForState('counter', 'connected');
    await waitForState('backroom', 'connected');
    await pairA.write(Buffer.concat([dairyCode, Buffer.from('\r\n')]));
    await waitForScans(1);
    await pairB.write(ean);
    await waitForScans(2);
    expect(scans.map((s) => [s.device, s.bytes])).toEqual([
      ['counter', dairyCode],
      ['backroom', ean],
    ]);
    const counter = manager.status().find((s) => s.id === 'counter');
    expect(counter).toMatchObject({ state: 'connected', path: pairA.devicePath, scanCount: 1, frameErrorCount: 0, failedAttempts: 0, lastScanAt: scans[0]?.at });
    expect(statusChanges.map((s) => [s.id, s.state]).sort()).toEqual([
      ['backroom', 'connected'],
      ['counter', 'connected'],
    ]);
  });

  it('reports misconfigured, duplicate and disabled scanners without stopping the others', async () => {
    manager = createSerialDeviceManager({
      ...fast,
      ...callbacks(),
      scanners: [
        { id: 'no-suffix', path: pairB.devicePath, framing: 'suffix', suffix: 'none' },
        { id: 'ok', path: pairA.devicePath, framing: 'suffix' },
        { id: 'ok', path: pairB.devicePath, framing: 'suffix' },
        { id: 'bad-baud', path: pairB.devicePath, baudRate: -5, framing: 'suffix' },
        { id: 'off', path: pairB.devicePath, framing: 'suffix', isEnabled: false },
      ],
    });
    await waitForState('ok', 'connected');
    const status = manager.status();
    expect(status.map((s) => [s.id, s.state])).toEqual([
      ['no-suffix', 'misconfigured'],
      ['ok', 'connected'],
      ['ok', 'misconfigured'],
      ['bad-baud', 'misconfigured'],
      ['off', 'disabled'],
    ]);
    expect(status[0]?.lastError).toMatch(/suffix/);
    expect(status[2]?.lastError).toMatch(/duplicate/);
    expect(status[3]?.lastError).toMatch(/baudRate/);
    // Default framing: CR suffix, 9600 8N1.
    await pairA.write(Buffer.concat([ean, Buffer.from('\r')]));
    await waitForScans(1);
    expect(scans[0]).toMatchObject({ device: 'ok', bytes: ean });
  });

  it('finds a scanner by USB VID/PID on every connect and waits while it is absent', async () => {
    let ports = [{ path: pairB.devicePath, kind: 'usb' as const, vendorId: '0c2e', productId: '0b61' }];
    manager = createSerialDeviceManager({
      ...fast,
      ...callbacks(),
      listPorts: async () => ports,
      scanners: [{ id: 'usb', path: '/dev/ttyACM9', framing: 'suffix', usb: { vendorId: '0C2E', productId: '0B61' } }],
    });
    await waitForState('usb', 'connected');
    expect(manager.status()[0]?.path).toBe(pairB.devicePath);

    // Unplugged: gone from the list too; re-plugged on another port.
    ports = [];
    await pairB.stop();
    await waitForState('usb', 'disconnected');
    await waitUntil(() => /no USB serial device 0C2E:0B61/.test(manager?.status()[0]?.lastError ?? ''), { timeoutMs: 20_000, message: () => JSON.stringify(manager?.status()) });
    ports = [{ path: pairA.devicePath, kind: 'usb', vendorId: '0c2e', productId: '0b61' }];
    await waitForState('usb', 'connected');
    expect(manager.status()[0]?.path).toBe(pairA.devicePath);
    await pairA.write(Buffer.concat([ean, Buffer.from('\r')]));
    await waitForScans(1);
    expect(scans[0]?.device).toBe('usb');
  });

  it('update() keeps unchanged scanners, reopens changed ones and closes removed ones', async () => {
    manager = createSerialDeviceManager({
      ...fast,
      ...callbacks(),
      scanners: [
        { id: 'a', path: pairA.devicePath, framing: 'suffix', suffix: 'cr' },
        { id: 'b', path: pairB.devicePath, framing: 'suffix', suffix: 'cr' },
      ],
    });
    await waitForState('a', 'connected');
    await waitForState('b', 'connected');
    await pairA.write(Buffer.concat([ean, Buffer.from('\r')]));
    await waitForScans(1);
    const sinceA = manager.status()[0]?.since;

    // a: unchanged; b: removed; c: new, on b's port (free once b is closed), with another suffix.
    await manager.update([
      { id: 'a', path: pairA.devicePath, framing: 'suffix', suffix: 'cr' },
      { id: 'c', path: pairB.devicePath, framing: 'suffix', suffix: 'tab' },
    ]);
    await waitForState('c', 'connected');
    expect(manager.status().map((s) => s.id)).toEqual(['a', 'c']);
    expect(manager.status()[0]).toMatchObject({ state: 'connected', scanCount: 1, since: sinceA });
    await pairB.write(Buffer.concat([dairyCode, Buffer.from('\t')]));
    await waitForScans(2);
    expect(scans[1]).toMatchObject({ device: 'c', bytes: dairyCode });

    // a changes framing: the old reader releases the port before the new one opens it.
    await manager.update([
      { id: 'a', path: pairA.devicePath, framing: 'timeout', suffix: 'none', timeoutMs: 100 },
      { id: 'c', path: pairB.devicePath, framing: 'suffix', suffix: 'tab' },
    ]);
    await waitForState('a', 'connected');
    expect(manager.status()[0]?.scanCount).toBe(0);
    await pairA.write(dairyCode);
    await waitForScans(3);
    expect(scans[2]).toMatchObject({ device: 'a', bytes: dairyCode });
  });

  it('close() closes every reader and refuses later updates', async () => {
    manager = createSerialDeviceManager({
      ...fast,
      ...callbacks(),
      scanners: [
        { id: 'a', path: pairA.devicePath, framing: 'suffix' },
        { id: 'gone', path: join(dir, 'no-such-port'), framing: 'suffix' },
      ],
    });
    await waitForState('a', 'connected');
    await waitForState('gone', 'disconnected');
    await manager.close();
    expect(manager.status().map((s) => s.state)).toEqual(['closed', 'closed']);
    await expect(manager.update([])).rejects.toThrow(/closed/);
  });
});
