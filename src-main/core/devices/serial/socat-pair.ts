// Exported for testing only.
// A pseudo-terminal pair made by socat: the code under test opens `devicePath` with serialport as
// if it were a scanner's COM port, the test writes scanner bytes into `hostPath`.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { waitUntil } from './wait-until';

export type SocatPair = {
  /** The end the scanner reader opens. */
  devicePath: string;
  /** The end the test writes scanner bytes into. */
  hostPath: string;
  /** Writes bytes as the scanner would; resolves when the kernel took them. */
  write(bytes: Buffer | string): Promise<void>;
  /** The device disappears: socat dies (SIGTERM removes the links, SIGKILL leaves them dangling). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** The device returns under the same paths. */
  start(): Promise<void>;
  isRunning(): boolean;
};

const startTimeoutMs = 20_000;

/** Throws a clear error when socat is missing (CI installs it; the device tests never skip). */
export function assertSocatInstalled(): void {
  const probe = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      `socat is required by the serial device tests (real pseudo-terminal pairs) but could not be run: ${probe.error?.message ?? `exit ${String(probe.status)}`}. Install it: apt-get install socat`,
    );
  }
}

/** Starts a socat PTY pair with links `<dir>/device` and `<dir>/host`; resolves once data flows. */
export async function startSocatPair(dir: string): Promise<SocatPair> {
  assertSocatInstalled();
  const devicePath = join(dir, 'device');
  const hostPath = join(dir, 'host');
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let writer: FileHandle | undefined;

  const start = async () => {
    if (child !== undefined) throw new Error('socat is already running');
    let stderr = '';
    const proc = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = proc;
    let hasExited = false;
    exited = new Promise((resolve) => {
      proc.once('exit', () => {
        hasExited = true;
        resolve();
      });
      proc.once('error', (err) => {
        stderr += `\nspawn error: ${err.message}`;
        hasExited = true;
        resolve();
      });
    });
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (text: string) => {
      stderr += text;
    });
    // socat logs "starting data transfer loop" (at -d -d) after both PTYs and links exist.
    await waitUntil(() => hasExited || (stderr.includes('starting data transfer loop') && existsSync(devicePath) && existsSync(hostPath)), {
      timeoutMs: startTimeoutMs,
      message: () => `socat did not start a PTY pair in ${dir}:\n${stderr}`,
    });
    if (hasExited) {
      child = undefined;
      throw new Error(`socat exited early:\n${stderr}`);
    }
    writer = await open(hostPath, constants.O_RDWR | constants.O_NOCTTY);
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const running = child;
    child = undefined;
    const handle = writer;
    writer = undefined;
    await handle?.close();
    if (running === undefined) return;
    running.kill(signal);
    await exited;
  };

  await start();
  return {
    devicePath,
    hostPath,
    write: async (bytes) => {
      if (writer === undefined) throw new Error('socat is not running');
      const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
      let offset = 0;
      while (offset < buffer.length) {
        const { bytesWritten } = await writer.write(buffer, offset, buffer.length - offset);
        offset += bytesWritten;
      }
    },
    stop,
    start,
    isRunning: () => child !== undefined,
  };
}
