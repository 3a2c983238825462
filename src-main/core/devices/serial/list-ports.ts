// One entry point for "which serial ports are there": sysfs on Linux (no udevadm), serialport's
// own list on Windows and macOS, plus pseudo-terminals named explicitly.

import { realpath, stat } from 'node:fs/promises';
import { compareSerialPaths, normalizeUsbId, type SerialPortInfo } from './serial-port-info';
import { listSysfsSerialPorts } from './sysfs-ports';

/** serialport's `PortInfo`, as far as we read it. */
export type NativePortInfo = {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  locationId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
};

export type ListSerialPortsOptions = {
  /** Extra paths to report when they exist, e.g. socat PTY links. Missing ones are left out. */
  extraPaths?: readonly string[];
  platform?: NodeJS.Platform;
  sysRoot?: string;
  devRoot?: string;
  /** Windows/macOS lister; defaults to `SerialPort.list()`. */
  listNative?: () => Promise<NativePortInfo[]>;
};

/**
 * Lists serial ports with USB identity where known. Resolves with ports sorted by path; rejects
 * only when the platform lister itself fails (Windows/macOS).
 */
export async function listSerialPorts(options: ListSerialPortsOptions = {}): Promise<SerialPortInfo[]> {
  const platform = options.platform ?? process.platform;
  const listed =
    platform === 'linux'
      ? await listSysfsSerialPorts({ sysRoot: options.sysRoot ?? '/sys', devRoot: options.devRoot ?? '/dev' })
      : (await (options.listNative ?? listWithSerialport)()).map(fromNativePortInfo);
  const seen = new Set(listed.map((p) => p.path));
  const extras: SerialPortInfo[] = [];
  for (const path of options.extraPaths ?? []) {
    if (seen.has(path)) continue;
    seen.add(path);
    const extra = await describeExtraPath(path);
    if (extra !== undefined) extras.push(extra);
  }
  return [...listed, ...extras].sort((a, b) => compareSerialPaths(a.path, b.path));
}

export function fromNativePortInfo(port: NativePortInfo): SerialPortInfo {
  const vendorId = normalizeUsbId(port.vendorId);
  const productId = normalizeUsbId(port.productId);
  const info: SerialPortInfo = { path: port.path, kind: vendorId !== undefined && productId !== undefined ? 'usb' : 'other' };
  if (vendorId !== undefined) info.vendorId = vendorId;
  if (productId !== undefined) info.productId = productId;
  if (port.manufacturer) info.manufacturer = port.manufacturer;
  if (port.serialNumber) info.serialNumber = port.serialNumber;
  if (port.locationId) info.location = port.locationId;
  if (port.pnpId) info.pnpId = port.pnpId;
  return info;
}

async function describeExtraPath(path: string): Promise<SerialPortInfo | undefined> {
  try {
    const [target, stats] = await Promise.all([realpath(path), stat(path)]);
    if (!stats.isCharacterDevice()) return undefined;
    return { path, kind: target.startsWith('/dev/pts/') ? 'pty' : 'other' };
  } catch {
    // A PTY link that is not there (socat not running) is simply not listed.
    return undefined;
  }
}

async function listWithSerialport(): Promise<NativePortInfo[]> {
  // Loaded lazily: it pulls in the native binding, which the Linux path never needs.
  const { SerialPort } = await import('serialport');
  return SerialPort.list();
}

export type UsbMatch = {
  vendorId: string;
  productId: string;
  /** Tells two identical scanners apart; without it the first match (or `preferredPath`) wins. */
  serialNumber?: string;
};

/**
 * The port a USB-identified scanner is on now. COM numbers and ttyACM indexes change when a
 * scanner is re-plugged, VID/PID (and the serial number, when the device has one) do not.
 * Prefers `preferredPath` among equal matches so a working configuration does not jump ports.
 */
export function findUsbPort(ports: readonly SerialPortInfo[], match: UsbMatch, preferredPath?: string): SerialPortInfo | undefined {
  const vendorId = normalizeUsbId(match.vendorId);
  const productId = normalizeUsbId(match.productId);
  const candidates = ports.filter(
    (p) =>
      p.vendorId === vendorId &&
      p.productId === productId &&
      (match.serialNumber === undefined || p.serialNumber === match.serialNumber),
  );
  return candidates.find((p) => p.path === preferredPath) ?? candidates[0];
}
