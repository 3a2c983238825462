import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUsbPort, listSerialPorts } from './list-ports';
import { type SerialPortInfo } from './serial-port-info';
import { startSocatPair } from './socat-pair';

describe('listSerialPorts', () => {
  it('adds an explicitly given PTY link as kind pty and leaves out missing paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prilavok-list-'));
    const pair = await startSocatPair(dir);
    try {
      const ports = await listSerialPorts({ extraPaths: [pair.devicePath, join(dir, 'missing'), dir] });
      expect(ports.filter((p) => p.path.startsWith(dir))).toEqual([{ path: pair.devicePath, kind: 'pty' }]);
    } finally {
      await pair.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reads this machine's /sys on Linux without spawning udevadm", async () => {
    const ports = await listSerialPorts({ platform: 'linux', listNative: () => Promise.reject(new Error('must not be called on Linux')) });
    expect(Array.isArray(ports)).toBe(true);
  });

  it("maps serialport's list on Windows, normalizing VID/PID", async () => {
    const ports = await listSerialPorts({
      platform: 'win32',
      listNative: async () => [
        { path: 'COM10', manufacturer: 'Microsoft', vendorId: '0C2E', productId: '0B61', serialNumber: '19301B4E31', pnpId: 'USB\\VID_0C2E&PID_0B61\\19301B4E31', locationId: 'Port_#0002.Hub_#0001' },
        { path: 'COM1', manufacturer: '(Standard port types)' },
        { path: 'COM3', vendorId: undefined, productId: undefined },
      ],
    });
    expect(ports).toEqual([
      { path: 'COM1', kind: 'other', manufacturer: '(Standard port types)' },
      { path: 'COM3', kind: 'other' },
      {
        path: 'COM10',
        kind: 'usb',
        vendorId: '0c2e',
        productId: '0b61',
        manufacturer: 'Microsoft',
        serialNumber: '19301B4E31',
        location: 'Port_#0002.Hub_#0001',
        pnpId: 'USB\\VID_0C2E&PID_0B61\\19301B4E31',
      },
    ]);
  });
});

describe('findUsbPort', () => {
  const ports: SerialPortInfo[] = [
    { path: '/dev/ttyACM0', kind: 'usb', vendorId: '0c2e', productId: '0b61', serialNumber: 'A' },
    { path: '/dev/ttyACM1', kind: 'usb', vendorId: '0c2e', productId: '0b61', serialNumber: 'B' },
    { path: '/dev/ttyUSB0', kind: 'usb', vendorId: '10c4', productId: 'ea60' },
  ];

  it('matches VID/PID in any spelling', () => {
    expect(findUsbPort(ports, { vendorId: '0x10C4', productId: 'EA60' })?.path).toBe('/dev/ttyUSB0');
  });

  it('tells identical scanners apart by serial number', () => {
    expect(findUsbPort(ports, { vendorId: '0c2e', productId: '0b61', serialNumber: 'B' })?.path).toBe('/dev/ttyACM1');
    expect(findUsbPort(ports, { vendorId: '0c2e', productId: '0b61', serialNumber: 'C' })).toBeUndefined();
  });

  it('prefers the configured path among equal matches, else the first', () => {
    expect(findUsbPort(ports, { vendorId: '0c2e', productId: '0b61' }, '/dev/ttyACM1')?.path).toBe('/dev/ttyACM1');
    expect(findUsbPort(ports, { vendorId: '0c2e', productId: '0b61' }, '/dev/ttyACM7')?.path).toBe('/dev/ttyACM0');
  });
});
