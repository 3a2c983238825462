// The wizard's "Проверить подключение": connects with what the admin typed (nothing saved yet),
// reads $metadata (fresh: the admin may just have changed the publication), detects the
// configuration or checks the chosen one, and lists what the publication lacks with the 1C code
// that publishes it. Errors are the client's own (wrong password, certificate, unreachable).
import { dirname, join } from 'node:path';
import { type ConnectionCheck, type HandlerInput } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { type Logger } from '../logging/logger';
import { compositionSnippet } from '../onec/composition-snippet';
import { type OnecMetadata, detectProfile, findMissing, parseMetadataXml } from '../onec/metadata';
import { loadMetadataCached } from '../onec/metadata-cache';
import { createOnecClient } from '../onec/onec-client';
import { applyProfileOverrides, getProfile } from '../onec/profiles';
import { overridesFromNames, profileNames } from '../onec/profiles/profile-names';

/** What the admin typed, as the contract's setup.check delivers it (defaults applied). */
export type ConnectionInput = HandlerInput<'setup.check'>;

export async function checkOnecConnection(input: ConnectionInput, deps: { db: AppDb; logger: Logger }): Promise<ConnectionCheck> {
  const client = createOnecClient(
    { baseUrl: input.url, user: input.user, password: input.password },
    // One retry only: the admin is waiting, and a wrong address should say so in seconds.
    { logger: deps.logger, transport: { caPem: input.caPem, pinSha256: input.pinSha256, proxyUrl: input.proxyUrl }, retry: { maxAttempts: 2, baseDelayMs: 500, maxDelayMs: 1000 } },
  );
  try {
    const metadata = await readMetadata(client, input.url, deps.db);
    const detection = detectProfile(metadata);
    const base = input.profile === 'auto' ? detection.profile : getProfile(input.profile);
    const hasOverrides = Object.keys(input.names).length > 0;
    // The admin's names are checked against this publication like the shipped ones.
    const chosen = base !== null && hasOverrides ? applyProfileOverrides(base, overridesFromNames(input.names)) : base;
    const missing = chosen === null || (input.profile === 'auto' && !hasOverrides) ? detection.missing : findMissing(chosen, metadata);
    // БП 3.0 keeps stock in an accounting register Prilavok cannot read yet: publishing it would not help.
    const publishable = missing.filter((item) => !(chosen?.id === 'bp30' && item.set === chosen.stock.register));
    return {
      profile: chosen?.id ?? null,
      detected: detection.profile?.id ?? null,
      scores: detection.scores,
      names: base === null ? {} : profileNames(base),
      missing,
      snippet: compositionSnippet(publishable.map((item) => item.set), { title: 'Prilavok: публикация недостающих объектов' }),
    };
  } finally {
    await client.close();
  }
}

/** The cache beside the database is refreshed too, so the first sync need not read $metadata again. */
async function readMetadata(client: ReturnType<typeof createOnecClient>, url: string, db: AppDb): Promise<OnecMetadata> {
  if (db.path === ':memory:') return parseMetadataXml((await client.getMetadata()).xml);
  const cached = await loadMetadataCached(client, join(dirname(db.path), 'cache'), { maxAgeMs: 0, source: url, force: true });
  return cached.metadata;
}
