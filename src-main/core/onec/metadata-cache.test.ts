import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMetadataCached } from './metadata-cache';
import { type OnecClient } from './onec';

const xmlWith = (setName: string): string =>
  `<edmx:Edmx><edmx:DataServices><Schema Namespace="StandardODATA"><EntityType Name="${setName}"><Property Name="Ref_Key" Type="Edm.Guid"/></EntityType><EntityContainer Name="EnterpriseV8"><EntitySet Name="${setName}" EntityType="StandardODATA.${setName}"/></EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;

/** A client port fake: only getMetadata is used by the cache. */
function fakeClient(xml: () => string): OnecClient & { metadataCalls: number } {
  const client = {
    metadataCalls: 0,
    stats: { requests: 0, bytes: 0, retries: 0 },
    getCollection: () => Promise.reject(new Error('not used')),
    forEachRow: () => Promise.reject(new Error('not used')),
    write: () => Promise.reject(new Error('not used')),
    getMetadata: async () => {
      client.metadataCalls += 1;
      const text = xml();
      return { xml: text, bytes: Buffer.byteLength(text) };
    },
    close: async () => undefined,
  };
  return client;
}

describe('loadMetadataCached', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'onec-metadata-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const day = 24 * 60 * 60 * 1000;

  it('fetches once, then serves the parsed summary from disk until it is older than maxAgeMs', async () => {
    let now = 1_000_000;
    const client = fakeClient(() => xmlWith('Catalog_Номенклатура'));
    const first = await loadMetadataCached(client, dir, { maxAgeMs: day, now: () => now });
    expect(first.isFromCache).toBe(false);
    now += day - 1;
    const second = await loadMetadataCached(client, dir, { maxAgeMs: day, now: () => now });
    expect(second).toMatchObject({ isFromCache: true, fetchedAt: 1_000_000 });
    expect(second.metadata.entitySets.has('Catalog_Номенклатура')).toBe(true);
    expect(second.metadata.properties.get('Catalog_Номенклатура')?.has('Ref_Key')).toBe(true);
    expect(client.metadataCalls).toBe(1);
    now += 2;
    const third = await loadMetadataCached(client, dir, { maxAgeMs: day, now: () => now });
    expect(third.isFromCache).toBe(false);
    expect(client.metadataCalls).toBe(2);
  });

  it('stores the summary keyed by the XML sha256, never the XML itself', async () => {
    const client = fakeClient(() => xmlWith('Catalog_Склады'));
    const { metadata } = await loadMetadataCached(client, dir, { maxAgeMs: day });
    const files = readdirSync(dir).sort();
    expect(files).toEqual([`onec-metadata.${metadata.hash}.json`, 'onec-metadata.index.json']);
    expect(readFileSync(join(dir, files[0] ?? ''), 'utf8')).not.toContain('<EntitySet');
  });

  it('refetches when forced, for another source, or when the cache is damaged', async () => {
    const client = fakeClient(() => xmlWith('Catalog_А'));
    await loadMetadataCached(client, dir, { maxAgeMs: day, source: 'http://a/' });
    await loadMetadataCached(client, dir, { maxAgeMs: day, source: 'http://a/', force: true });
    await loadMetadataCached(client, dir, { maxAgeMs: day, source: 'http://b/' });
    writeFileSync(join(dir, 'onec-metadata.index.json'), '{ torn');
    const last = await loadMetadataCached(client, dir, { maxAgeMs: day, source: 'http://b/' });
    expect(client.metadataCalls).toBe(4);
    expect(last.metadata.entitySets.has('Catalog_А')).toBe(true);
  });

  it('keeps a bounded number of summaries when the metadata keeps changing', async () => {
    let version = 0;
    const client = fakeClient(() => xmlWith(`Catalog_V${version}`));
    for (version = 0; version < 7; version += 1) await loadMetadataCached(client, dir, { maxAgeMs: day, force: true });
    expect(readdirSync(dir).filter((name) => name !== 'onec-metadata.index.json').length).toBeLessThanOrEqual(4);
  });
});
