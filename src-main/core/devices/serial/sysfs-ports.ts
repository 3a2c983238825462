// Linux serial port listing straight from sysfs. serialport's own Linux list spawns `udevadm`,
// which is missing in containers, minimal installs and some kiosks; sysfs is always there.
//
//   /sys/class/tty/ttyACM0/device -> …/usb1/1-2/1-2:1.0              (CDC-ACM: the interface)
//   /sys/class/tty/ttyUSB0/device -> …/usb1/1-2/1-2:1.0/ttyUSB0      (usb-serial: a port below it)
//
// Walking up from `device` we meet the interface (bInterfaceNumber) and then the USB device
// (idVendor, idProduct, manufacturer, product, serial).

import { readFile, readdir, realpath } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { compareSerialPaths, normalizeUsbId, type SerialPortInfo } from './serial-port-info';

export type SysfsListOptions = {
  /** `/sys` on a real machine; a fake tree in tests. */
  sysRoot?: string;
  /** Where the device nodes live: `/dev`. */
  devRoot?: string;
};

/** How far above the tty's `device` the USB device may sit (usb-serial: port → interface → device). */
const maxWalkUp = 4;

/**
 * Every tty that is backed by a device (virtual consoles and `ptmx` have none), with USB identity
 * where there is one. Built-in 8250 UARTs whose sysfs `type` is 0 (no UART behind the minor: the
 * 31 phantom ttyS ports of a PC) are left out.
 * Resolves `[]` when `<sysRoot>/class/tty` does not exist; unreadable entries are skipped, never thrown.
 */
export async function listSysfsSerialPorts(options: SysfsListOptions = {}): Promise<SerialPortInfo[]> {
  const sysRoot = options.sysRoot ?? '/sys';
  const devRoot = options.devRoot ?? '/dev';
  const classDir = join(sysRoot, 'class', 'tty');
  let names: string[];
  try {
    names = await readdir(classDir);
  } catch {
    // No sysfs (not Linux, or a sandbox without /sys): nothing to list, which is not an error.
    return [];
  }
  const rootReal = await realpath(sysRoot).catch(() => sysRoot);
  const ports = await Promise.all(names.map((name) => describeTty(join(classDir, name), name, rootReal, devRoot)));
  return ports.filter((p): p is SerialPortInfo => p !== undefined).sort((a, b) => compareSerialPaths(a.path, b.path));
}

async function describeTty(ttyDir: string, name: string, rootReal: string, devRoot: string): Promise<SerialPortInfo | undefined> {
  const deviceReal = await realpath(join(ttyDir, 'device')).catch(() => undefined);
  if (deviceReal === undefined) return undefined;
  // serial_core ports expose `type`; 0 is PORT_UNKNOWN, a minor with no UART behind it.
  if ((await readAttr(ttyDir, 'type')) === '0') return undefined;

  const driverReal = await realpath(join(deviceReal, 'driver')).catch(() => undefined);
  const info: SerialPortInfo = { path: join(devRoot, name), kind: 'other' };
  if (driverReal !== undefined) info.driver = basename(driverReal);

  const usb = await findUsbDevice(deviceReal, rootReal);
  if (usb === undefined) return info;
  info.kind = 'usb';
  info.vendorId = usb.vendorId;
  info.productId = usb.productId;
  info.location = basename(usb.dir);
  const manufacturer = await readAttr(usb.dir, 'manufacturer');
  const product = await readAttr(usb.dir, 'product');
  const serialNumber = await readAttr(usb.dir, 'serial');
  if (manufacturer !== undefined) info.manufacturer = manufacturer;
  if (product !== undefined) info.product = product;
  if (serialNumber !== undefined) info.serialNumber = serialNumber;
  if (usb.interfaceDir !== undefined) {
    const interfaceNumber = await readAttr(usb.interfaceDir, 'bInterfaceNumber');
    // bInterfaceNumber is two hex digits ("00", "0a").
    if (interfaceNumber !== undefined && /^[0-9a-f]+$/i.test(interfaceNumber)) info.interfaceNumber = parseInt(interfaceNumber, 16);
  }
  return info;
}

async function findUsbDevice(start: string, rootReal: string): Promise<{ dir: string; vendorId: string; productId: string; interfaceDir?: string } | undefined> {
  let child: string | undefined;
  let dir = start;
  for (let level = 0; level <= maxWalkUp; level += 1) {
    // Never leave the sysfs tree we were given (a fake tree in tests must not reach the real /sys).
    if (!dir.startsWith(rootReal + sep)) return undefined;
    const vendorId = normalizeUsbId(await readAttr(dir, 'idVendor'));
    const productId = normalizeUsbId(await readAttr(dir, 'idProduct'));
    if (vendorId !== undefined && productId !== undefined) {
      return child === undefined ? { dir, vendorId, productId } : { dir, vendorId, productId, interfaceDir: child };
    }
    child = dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** A sysfs attribute, trimmed; undefined when missing, unreadable or empty. */
async function readAttr(dir: string, name: string): Promise<string | undefined> {
  try {
    const text = (await readFile(join(dir, name), 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch {
    // Attributes come and go with the device (unplug during listing) or are root-only: absent.
    return undefined;
  }
}
