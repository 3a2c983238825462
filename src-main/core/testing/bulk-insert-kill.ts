// Test support: runs bulk-insert-child.ts against a database file and kills it with SIGKILL in the
// middle of a later batch, as a power cut or a crash would.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { repoMigrationsFolder } from './temp-db';

export async function killBulkInsertMidway(path: string, options: { batch: number; mode?: 'defer' }): Promise<void> {
  const args = [resolve(__dirname, 'bulk-insert-child.ts'), path, repoMigrationsFolder, String(options.batch), ...(options.mode ? [options.mode] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolveReady, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('committed-first-batch')) resolveReady();
    });
    child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
  });
  // Let it get well into later batches, then kill it mid-transaction.
  await new Promise((r) => setTimeout(r, 400));
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
