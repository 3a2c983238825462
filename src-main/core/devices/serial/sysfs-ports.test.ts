import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSysfsSerialPorts } from './sysfs-ports';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'prilavok-sysfs-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function files(dir: string, attrs: Record<string, string>) {
  await mkdir(join(root, dir), { recursive: true });
  for (const [name, value] of Object.entries(attrs)) await writeFile(join(root, dir, name), `${value}\n`);
}

/** A relative symlink at `from` pointing to `to`, both relative to the fake sysfs root. */
async function link(from: string, to: string) {
  await mkdir(dirname(join(root, from)), { recursive: true });
  await symlink(relative(dirname(join(root, from)), join(root, to)), join(root, from));
}

/** A tty class entry the way the kernel lays it out: class/tty/<name> → <deviceDir>/tty/<name>. */
async function tty(name: string, deviceDir: string | undefined, attrs: Record<string, string> = {}) {
  const dir = deviceDir === undefined ? `devices/virtual/tty/${name}` : `${deviceDir}/tty/${name}`;
  await files(dir, { dev: '166:0', ...attrs });
  if (deviceDir !== undefined) await link(`${dir}/device`, deviceDir);
  await link(`class/tty/${name}`, dir);
}

const usb1 = 'devices/pci0000:00/0000:00:14.0/usb1';

async function buildFakeTree() {
  // A CDC-ACM scanner (Honeywell-like): the tty's device is the USB interface.
  await files(`${usb1}/1-2`, { idVendor: '0c2e', idProduct: '0b61', manufacturer: 'Honeywell', product: 'Area-Imaging Scanner', serial: '19301B4E31' });
  await files(`${usb1}/1-2/1-2:1.0`, { bInterfaceNumber: '00', bInterfaceClass: '02' });
  await files('bus/usb/drivers/cdc_acm', {});
  await link(`${usb1}/1-2/1-2:1.0/driver`, 'bus/usb/drivers/cdc_acm');
  await tty('ttyACM0', `${usb1}/1-2/1-2:1.0`);

  // A CP210x bridge (usb-serial): the tty's device is a port one level below the interface; no serial.
  await files(`${usb1}/1-3.4`, { idVendor: '10C4', idProduct: 'EA60', product: 'CP2102 USB to UART Bridge Controller' });
  await files(`${usb1}/1-3.4/1-3.4:1.0`, { bInterfaceNumber: '00' });
  await files(`${usb1}/1-3.4/1-3.4:1.0/ttyUSB0`, { port_number: '0' });
  await files('bus/usb-serial/drivers/cp210x', {});
  await link(`${usb1}/1-3.4/1-3.4:1.0/ttyUSB0/driver`, 'bus/usb-serial/drivers/cp210x');
  await tty('ttyUSB0', `${usb1}/1-3.4/1-3.4:1.0/ttyUSB0`);

  // A composite device with a second serial interface (number 0x0a).
  await files(`${usb1}/1-5`, { idVendor: '1eab', idProduct: '1d06', manufacturer: 'Newland' });
  await files(`${usb1}/1-5/1-5:1.10`, { bInterfaceNumber: '0a' });
  await tty('ttyACM10', `${usb1}/1-5/1-5:1.10`);

  // Built-in UARTs: a real one (type 4 = 16550A) and a phantom minor (type 0).
  await files('devices/pnp0/00:00', {});
  await tty('ttyS0', 'devices/pnp0/00:00', { type: '4' });
  await files('devices/platform/serial8250/serial8250:0.1', {});
  await tty('ttyS1', 'devices/platform/serial8250/serial8250:0.1', { type: '0' });

  // Virtual consoles and ptmx have no device.
  await tty('tty0', undefined);
  await tty('ptmx', undefined);
  // A device that vanished mid-listing: its link dangles.
  await files(`${usb1}/1-7/tty/ttyACM3`, {});
  await symlink(join(root, `${usb1}/1-7/gone`), join(root, `${usb1}/1-7/tty/ttyACM3/device`));
  await link('class/tty/ttyACM3', `${usb1}/1-7/tty/ttyACM3`);
}

describe('listSysfsSerialPorts', () => {
  it('lists USB serial ports with VID/PID, names and serial, and built-in UARTs, from a sysfs tree', async () => {
    await buildFakeTree();
    const ports = await listSysfsSerialPorts({ sysRoot: root, devRoot: '/dev' });
    expect(ports).toEqual([
      {
        path: '/dev/ttyACM0',
        kind: 'usb',
        vendorId: '0c2e',
        productId: '0b61',
        manufacturer: 'Honeywell',
        product: 'Area-Imaging Scanner',
        serialNumber: '19301B4E31',
        location: '1-2',
        interfaceNumber: 0,
        driver: 'cdc_acm',
      },
      { path: '/dev/ttyACM10', kind: 'usb', vendorId: '1eab', productId: '1d06', manufacturer: 'Newland', location: '1-5', interfaceNumber: 10 },
      { path: '/dev/ttyS0', kind: 'other' },
      {
        path: '/dev/ttyUSB0',
        kind: 'usb',
        vendorId: '10c4',
        productId: 'ea60',
        product: 'CP2102 USB to UART Bridge Controller',
        location: '1-3.4',
        interfaceNumber: 0,
        driver: 'cp210x',
      },
    ]);
  });

  it('never walks out of the given tree', async () => {
    // A tty whose device sits right under the root: the walk-up must stop at the root, not read /sys.
    await files('devices/x', {});
    await tty('ttyX0', 'devices/x');
    expect(await listSysfsSerialPorts({ sysRoot: root })).toEqual([{ path: '/dev/ttyX0', kind: 'other' }]);
  });

  it('resolves an empty list when there is no class/tty', async () => {
    expect(await listSysfsSerialPorts({ sysRoot: join(root, 'nothing') })).toEqual([]);
  });

  it("lists this machine's real /sys without throwing", async () => {
    const ports = await listSysfsSerialPorts();
    for (const port of ports) {
      expect(port.path).toMatch(/^\/dev\//);
      expect(['usb', 'other']).toContain(port.kind);
      if (port.kind === 'usb') expect(port.vendorId).toMatch(/^[0-9a-f]{4}$/);
    }
  });
});
