// `$metadata` is 15+ MB and takes ~23 s (onec-http.md §6.4): fetch it rarely and keep only the parsed
// summary (a few hundred KB of names) on disk. Layout in cacheDir:
//   onec-metadata.index.json          { version, source, hash, fetchedAt }
//   onec-metadata.<sha256>.json       the summary of that XML
// Keying the summary by the XML's hash means a re-fetch of unchanged metadata skips the parse and the
// write; the fetch time lives only in the index.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type OnecClient } from './onec';
import { parseMetadataXml, type OnecMetadata } from './metadata';

const indexFile = 'onec-metadata.index.json';
const summaryFile = (hash: string): string => `onec-metadata.${hash}.json`;
const summaryFilePattern = /^onec-metadata\.([0-9a-f]{64})\.json$/;
/** Summaries kept besides the current one, so switching between two bases does not re-parse. */
const keptSummaries = 3;

const indexSchema = z.object({
  version: z.literal(1),
  source: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  fetchedAt: z.number(),
});

const summarySchema = z.object({
  version: z.literal(1),
  hash: z.string(),
  entitySets: z.array(z.string()),
  properties: z.record(z.string(), z.array(z.string())),
  boundFunctions: z.record(z.string(), z.array(z.string())),
});

export type CachedMetadata = {
  metadata: OnecMetadata;
  /** Epoch ms when the XML was fetched from 1C. */
  fetchedAt: number;
  isFromCache: boolean;
};

export type LoadMetadataOptions = {
  /** Use the cached summary if it was fetched less than this long ago (the sync passes one day). */
  maxAgeMs: number;
  /** Identifies the publication (e.g. its base URL); a cache made for another source is ignored. */
  source?: string;
  /** Fetch even if the cache is fresh (the admin's "re-read 1C metadata" button). */
  force?: boolean;
  now?: () => number;
  signal?: AbortSignal;
};

/**
 * Returns the metadata summary, fetching `$metadata` only when the cache is missing, stale, for
 * another source, or forced. Rejects with the client's OnecError when a needed fetch fails; a
 * damaged cache is treated as absent.
 */
export async function loadMetadataCached(client: OnecClient, cacheDir: string, options: LoadMetadataOptions): Promise<CachedMetadata> {
  const now = options.now ?? Date.now;
  const source = options.source ?? '';
  const index = await readJson(join(cacheDir, indexFile), indexSchema);
  if (options.force !== true && index !== null && index.source === source && now() - index.fetchedAt < options.maxAgeMs) {
    const cached = await readSummary(cacheDir, index.hash);
    if (cached !== null) return { metadata: cached, fetchedAt: index.fetchedAt, isFromCache: true };
  }

  const { xml } = await client.getMetadata(options.signal ? { signal: options.signal } : undefined);
  const fetchedAt = now();
  const parsed = parseMetadataXml(xml);
  await mkdir(cacheDir, { recursive: true });
  const existing = await readSummary(cacheDir, parsed.hash);
  if (existing === null) await writeAtomically(join(cacheDir, summaryFile(parsed.hash)), JSON.stringify(toSummaryJson(parsed)));
  await writeAtomically(join(cacheDir, indexFile), JSON.stringify({ version: 1, source, hash: parsed.hash, fetchedAt } satisfies z.infer<typeof indexSchema>));
  await pruneSummaries(cacheDir, parsed.hash);
  return { metadata: parsed, fetchedAt, isFromCache: false };
}

export function toSummaryJson(metadata: OnecMetadata): z.infer<typeof summarySchema> {
  const record = (map: Map<string, Set<string>>): Record<string, string[]> => Object.fromEntries([...map].map(([key, values]) => [key, [...values]]));
  return {
    version: 1,
    hash: metadata.hash,
    entitySets: [...metadata.entitySets],
    properties: record(metadata.properties),
    boundFunctions: record(metadata.boundFunctions),
  };
}

export function fromSummaryJson(json: unknown): OnecMetadata | null {
  const parsed = summarySchema.safeParse(json);
  if (!parsed.success) return null;
  const map = (record: Record<string, string[]>): Map<string, Set<string>> => new Map(Object.entries(record).map(([key, values]) => [key, new Set(values)]));
  return {
    hash: parsed.data.hash,
    entitySets: new Set(parsed.data.entitySets),
    properties: map(parsed.data.properties),
    boundFunctions: map(parsed.data.boundFunctions),
  };
}

async function readSummary(cacheDir: string, hash: string): Promise<OnecMetadata | null> {
  const json = await readJson(join(cacheDir, summaryFile(hash)), z.unknown());
  const metadata = json === null ? null : fromSummaryJson(json);
  return metadata !== null && metadata.hash === hash ? metadata : null;
}

async function readJson<T>(path: string, schema: z.ZodType<T>): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    // Absent (first run) or unreadable: either way, fetch again.
    return null;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    // A torn or hand-edited file is a cache miss, not an error.
    return null;
  }
}

/** Write to a temp file and rename: a crash mid-write never leaves a half file under the real name. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, path);
}

async function pruneSummaries(cacheDir: string, currentHash: string): Promise<void> {
  const names = (await readdir(cacheDir)).filter((name) => summaryFilePattern.test(name) && name !== summaryFile(currentHash));
  if (names.length <= keptSummaries) return;
  const dated = await Promise.all(names.map(async (name) => ({ name, mtimeMs: (await stat(join(cacheDir, name))).mtimeMs })));
  dated.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { name } of dated.slice(keptSummaries)) await rm(join(cacheDir, name), { force: true });
}
