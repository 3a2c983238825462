// What every benchmark script shares: its section of docs/benchmarks.md, replaced in place, and the
// 1C emulator in a child process (so the measured process's CPU and memory are the app's alone).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const repoRoot = resolve(__dirname, '..');
const reportFile = join(repoRoot, 'docs', 'benchmarks.md');

/** Replaces the section that starts with `heading` (up to the next `## `), or appends it. */
export function writeReportSection(heading: string, section: string): void {
  let text = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '# Benchmarks\n\n';
  const start = text.indexOf(heading);
  if (start === -1) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    const next = text.indexOf('\n## ', start + heading.length);
    text = text.slice(0, start) + section + (next === -1 ? '' : `\n${text.slice(next + 1)}`);
  }
  writeFileSync(reportFile, `${text.trimEnd()}\n`);
}

export type EmulatorProcess = { child: ChildProcess; url: string; user: string };

/** Starts `prilavok emulator` and waits for its one JSON line. */
export async function startEmulatorProcess(options: { profile: string; products: number; warehouses: number }): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/cli/main.ts', 'emulator', '--port', '0', '--profile', options.profile, '--products', String(options.products), '--warehouses', String(options.warehouses)],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const first = await new Promise<string>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`emulator exited with ${code}`)));
    lines.once('line', done);
  });
  const info = JSON.parse(first) as { url: string; user: string };
  return { child, url: info.url, user: info.user };
}
