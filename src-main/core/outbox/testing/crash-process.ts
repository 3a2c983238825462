// Test support for the crash tests: a store process (a child script run with tsx) that prints a
// `ready …` line once it has started, to be killed with SIGKILL and started again.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { type OnecEmulator } from '../../../onec-emulator/emulator';

const repoRoot = resolve(__dirname, '../../../..');

/** Run in reverse order when the test finishes. */
export type Cleanups = (() => Promise<void> | void)[];

export type CrashChild = {
  process: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves with the ready line; rejects if the process ends first. */
  ready: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Starts `script` with the database path and the emulator's address and user (its password in
 * PRILAVOK_1C_PASSWORD), then `options`; a cleanup kills it.
 */
export function startCrashChild(cleanups: Cleanups, args: { script: string; db: string; emulator: OnecEmulator; options: string[] }): CrashChild {
  const child = spawn(process.execPath, ['--import', 'tsx', args.script, args.db, args.emulator.baseUrl, args.emulator.user, ...args.options], {
    cwd: repoRoot,
    env: { ...process.env, PRILAVOK_1C_PASSWORD: args.emulator.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  const ready = new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('ready ')) done(line);
    });
    void exited.then(({ code, signal }) => fail(new Error(`the child ended before it was ready (${code ?? signal}): ${stderr}`)));
  });
  cleanups.push(() => void child.kill('SIGKILL'));
  return { process: child, lines, stderr: () => stderr, ready, exited };
}

/** Runs the cleanups, last pushed first, and empties the list. */
export async function runCleanups(cleanups: Cleanups): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}
