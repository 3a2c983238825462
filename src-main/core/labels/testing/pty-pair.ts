// Test support: a socat pseudo-terminal pair standing in for a serial label printer. The code under
// test opens `printer` as a serial port; the test reads what arrived from `host`.
import { open } from 'node:fs/promises';
import { startSocatPair } from '../../devices/serial/socat-pair';

export type PtyPair = { printer: string; host: string; stop(): Promise<void> };

/** The serial tests' socat pair (devices/serial/socat-pair.ts), named for a printer. */
export async function startPtyPair(dir: string): Promise<PtyPair> {
  const pair = await startSocatPair(dir);
  return { printer: pair.devicePath, host: pair.hostPath, stop: () => pair.stop() };
}

/** Reads from `path` until `length` bytes arrived. */
export async function readBytes(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < length) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(65536), 0, 65536, null);
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks);
  } finally {
    await handle.close();
  }
}
