// Test support shared by the e2e fixtures that start our own processes (web host, 1C emulator):
// wait for the one JSON line a ready process prints, and stop it without hanging the run.
import { type ChildProcessByStdio } from 'node:child_process';
import { type Readable } from 'node:stream';

export type JsonLineProcess = ChildProcessByStdio<null, Readable, Readable>;

/** Resolves with the first stdout line parsed as JSON; rejects with stdout and stderr on timeout or early exit. */
export function waitForJsonLine<T>(child: JsonLineProcess, what: string, timeoutMs: number, stderr: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`${what} printed no ready line in ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(new Error(`${error.message}\nstdout: ${stdout}\nstderr: ${stderr()}`));
    }
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout.slice(0, newline)) as T);
      } catch (error) {
        fail(new Error(`${what} ready line is not JSON: ${String(error)}`));
      }
    });
    child.once('exit', (code, signal) => fail(new Error(`${what} exited early (code ${code}, signal ${signal})`)));
    child.once('error', (error) => fail(error));
  });
}

/** SIGTERM, then SIGKILL after 5 s: a process that ignores SIGTERM must not hang the run. */
/**
 * `isGroup`: the child was spawned detached and leads a process group (dbus-run-session with the
 * host and a keyring daemon under it): the whole group is signalled, so nothing is left running.
 */
export async function stopProcess(child: JsonLineProcess, options: { isGroup?: boolean } = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals): void => {
    if (options.isGroup && child.pid !== undefined) {
      try {
        process.kill(-child.pid, name);
      } catch {
        // The group is already gone.
      }
    } else child.kill(name);
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
