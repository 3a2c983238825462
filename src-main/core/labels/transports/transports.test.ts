import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-db';
import { renderLabel } from '../render-label';
import { readBytes, startPtyPair } from '../testing/pty-pair';
import { sampleProduct } from '../testing/sample-product';
import { writeToDeviceFile } from './device-file.transport';
import { writeToNetworkPrinter } from './network.transport';
import { writeToOpenPort, writeToSerialPath } from './serial.transport';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const temp = makeTempDir('prilavok-transport-');
  cleanups.push(temp.cleanup);
  return temp.dir;
}

const label = renderLabel(sampleProduct, 'price', '58x40', 203, 'tspl');

async function ptyPair(dir: string): Promise<{ printer: string; host: string }> {
  const pair = await startPtyPair(dir);
  cleanups.push(pair.stop);
  return pair;
}

describe('label transports', () => {
  it('write the exact bytes to a file (or a device node)', async () => {
    const path = join(tempDir(), 'label.prn');
    await writeToDeviceFile(path, label);
    expect(readFileSync(path).equals(label)).toBe(true);
    await expect(writeToDeviceFile(join(tempDir(), 'no', 'such', 'lp0'), label)).rejects.toMatchObject({ code: 'device' });
  });

  it('write the exact bytes to a serial port given by path and baud rate (socat pseudo-terminal)', async () => {
    const { printer, host } = await ptyPair(tempDir());
    const received = readBytes(host, label.length);
    await writeToSerialPath({ path: printer, baudRate: 9600 }, label);
    expect((await received).equals(label)).toBe(true);
  });

  it('write to a port the device manager already opened, and leave it open', async () => {
    const { printer, host } = await ptyPair(tempDir());
    const port = new SerialPort({ path: printer, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    cleanups.push(() => new Promise<void>((resolve) => port.close(() => resolve())));
    const bitmap = renderLabel(sampleProduct, 'price', '30x20', 203, 'tspl-bitmap');
    const received = readBytes(host, bitmap.length);
    await writeToOpenPort(port, bitmap);
    expect((await received).equals(bitmap)).toBe(true);
    expect(port.isOpen).toBe(true);
    await expect(writeToSerialPath({ path: join(tempDir(), 'COM99'), baudRate: 9600 }, label)).rejects.toMatchObject({ code: 'device' });
  });

  it('write the exact bytes to a raw TCP printer port', async () => {
    const chunks: Buffer[] = [];
    const done = new Promise<void>((resolve) => {
      const server = createServer((socket) => {
        socket.on('data', (c: Buffer) => chunks.push(c));
        socket.on('end', () => resolve());
      });
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        void writeToNetworkPrinter({ host: '127.0.0.1', port }, label);
      });
      cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    });
    await done;
    expect(Buffer.concat(chunks).equals(label)).toBe(true);
  });
});
