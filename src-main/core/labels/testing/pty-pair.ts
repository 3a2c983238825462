// Test support: a socat pseudo-terminal pair standing in for a serial label printer. The code under
// test opens `printer` as a serial port; the test reads what arrived from `host`.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

export type PtyPair = { printer: string; host: string; stop(): Promise<void> };

export async function startPtyPair(dir: string): Promise<PtyPair> {
  const printer = join(dir, 'printer');
  const host = join(dir, 'host');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${printer}`, `pty,raw,echo=0,link=${host}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (log += text));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  // socat logs "starting data transfer loop" (at -d -d) once both ends and links exist.
  for (let waited = 0; !(log.includes('starting data transfer loop') && existsSync(printer) && existsSync(host)); waited += 20) {
    if (waited > 10_000 || child.exitCode !== null) {
      await stop();
      throw new Error(`socat did not start a pseudo-terminal pair (apt-get install socat):\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { printer, host, stop };
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
