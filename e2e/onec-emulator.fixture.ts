import { spawn } from 'node:child_process';
import { type TestInfo } from '@playwright/test';
import { type JsonLineProcess, stopProcess, waitForJsonLine } from './child-process';
import { repoRoot } from './e2e-paths';

export type RunningEmulator = {
  /** The OData base URL, ending in `standard.odata/`. */
  url: string;
  user: string;
  password: string;
  profile: string;
};

export type EmulatorOptions = {
  profile: string;
  products: number;
  user: string;
  password: string;
  /** Sets left out of the OData composition (`--unpublished`). */
  unpublished?: string[];
};

type EmulatorProcess = JsonLineProcess;

// tsx compiles the emulator on the fly and the catalog is generated before the ready line.
const startTimeoutMs = 60_000;

/**
 * Runs the project's 1C emulator (`prilavok emulator`, from source through tsx) on port 0 for one
 * test: the same OData server the demo and the sync tests use, over real HTTP.
 */
export async function withOnecEmulator(
  options: EmulatorOptions,
  testInfo: TestInfo,
  use: (emulator: RunningEmulator) => Promise<void>,
): Promise<void> {
  let stderr = '';
  const child: EmulatorProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/cli/main.ts',
      'emulator',
      '--port',
      '0',
      '--profile',
      options.profile,
      '--products',
      String(options.products),
      '--user',
      options.user,
      '--password',
      options.password,
      ...(options.unpublished ? ['--unpublished', options.unpublished.join(',')] : []),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  try {
    const ready = await waitForJsonLine<{ url: string; user: string; profile: string }>(child, '1C emulator', startTimeoutMs, () => stderr);
    await use({ ...ready, password: options.password });
  } finally {
    await stopProcess(child);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('onec-emulator.stderr.txt', { body: stderr || '(empty)', contentType: 'text/plain' });
    }
  }
}

/** Basic auth as 1C expects it: base64 of the UTF-8 bytes of "user:password" (Cyrillic user names). */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * Products the store should end up with, asked from the emulator directly (not through the app):
 * catalog items that are neither folders nor marked for deletion.
 */
export async function countEmulatorProducts(emulator: RunningEmulator): Promise<number> {
  const url = new URL('Catalog_Номенклатура', emulator.url);
  // URLSearchParams would encode "$" and spaces as "+", which OData servers read differently.
  url.search =
    '?$format=json&$filter=' +
    encodeURIComponent('IsFolder eq false and DeletionMark eq false') +
    '&$inlinecount=allpages&$top=1';
  const response = await fetch(url, { headers: { authorization: basicAuth(emulator.user, emulator.password) } });
  if (!response.ok) throw new Error(`emulator answered ${response.status} to ${url.href}: ${await response.text()}`);
  const body = (await response.json()) as { 'odata.count'?: string };
  const count = Number(body['odata.count']);
  if (!Number.isInteger(count)) throw new Error(`emulator gave no odata.count: ${JSON.stringify(body).slice(0, 300)}`);
  return count;
}

/** A stock document as 1C's OData returns it: the header fields and the tabular section's rows. */
export type EmulatorDocumentEntity = {
  Ref_Key: string;
  Number: string;
  Posted: boolean;
  [field: string]: unknown;
};

/**
 * Documents of one set with this Number, asked from the emulator directly (not through the app),
 * so a test can see what 1C holds after the app sent a document.
 */
export async function findEmulatorDocuments(emulator: RunningEmulator, set: string, number: string): Promise<EmulatorDocumentEntity[]> {
  const url = new URL(set, emulator.url);
  url.search = '?$format=json&$filter=' + encodeURIComponent(`Number eq '${number.replaceAll("'", "''")}'`);
  const response = await fetch(url, { headers: { authorization: basicAuth(emulator.user, emulator.password) } });
  if (!response.ok) throw new Error(`emulator answered ${response.status} to ${url.href}: ${await response.text()}`);
  const body = (await response.json()) as { value?: EmulatorDocumentEntity[] };
  return body.value ?? [];
}
