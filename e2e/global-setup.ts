import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliEntry, repoRoot, seedDirEnv, seedProductCount, webEntry } from './e2e-paths';

const run = promisify(execFile);

/**
 * Generates ONE demo database for the whole run (20,000 products take seconds; per test it would
 * dominate the run). Each test copies it, so tests stay independent and parallel-safe.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(webEntry)) throw new Error(`${webEntry} is missing: run \`npx electron-vite build\` first`);
  const given = process.env[seedDirEnv];
  if (given) {
    if (!existsSync(join(given, 'seed.db'))) throw new Error(`${seedDirEnv}=${given} holds no seed.db`);
    return async () => {};
  }
  if (!existsSync(cliEntry)) throw new Error(`${cliEntry} is missing: run \`npx electron-vite build\` first`);
  const dir = await mkdtemp(join(tmpdir(), 'prilavok-e2e-seed-'));
  const db = join(dir, 'seed.db');
  try {
    await run(process.execPath, [cliEntry, 'demo-data', '--products', String(seedProductCount), '--db', db, '--json'], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 180_000,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr) : '';
    throw new Error(`demo-data failed: ${String(error)}\n${stderr}`, { cause: error });
  }
  // Workers are started after global setup and inherit its environment.
  process.env[seedDirEnv] = dir;
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
