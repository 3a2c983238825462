import { AppError } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { detectProfile } from './metadata';
import { loadMetadataCached } from './metadata-cache';
import { type OnecClient, type OnecProfile, type OnecProfileId } from './onec';
import { applyProfileOverrides, getProfile, type OnecProfileOverrides } from './profiles';

const metadataMaxAgeMs = 24 * 60 * 60 * 1000;

export type ResolveProfileInput = {
  /** The admin's choice (settings or --profile); 'auto' reads $metadata. */
  choice: OnecProfileId | 'auto';
  client: OnecClient;
  /** Where the $metadata summary is cached (it is 15+ MB on real bases: fetched at most daily). */
  cacheDir: string;
  /** Identifies the publication, so a cache made for another base is not used. */
  source: string;
  logger: Logger;
  /** The admin's names for this base (settings `onecProfileOverrides`), applied to the chosen or detected profile. */
  overrides?: OnecProfileOverrides;
};

/** The profile to pull with: the chosen one, or the one $metadata shows, with what the publication lacks logged. */
export async function resolveOnecProfile(input: ResolveProfileInput): Promise<OnecProfile> {
  const base = await chooseProfile(input);
  return input.overrides === undefined || Object.keys(input.overrides).length === 0 ? base : applyProfileOverrides(base, input.overrides);
}

async function chooseProfile(input: ResolveProfileInput): Promise<OnecProfile> {
  if (input.choice !== 'auto') return getProfile(input.choice);
  const { metadata } = await loadMetadataCached(input.client, input.cacheDir, { maxAgeMs: metadataMaxAgeMs, source: input.source });
  const detection = detectProfile(metadata);
  if (!detection.profile) {
    const missing = detection.missing.slice(0, 5).map((m) => `${m.what} (${m.set})`).join('; ');
    throw new AppError(
      'erp',
      `Не удалось определить конфигурацию 1С по составу OData. Выберите её в Настройках (или параметром --profile).${missing ? ` Не опубликовано: ${missing}.` : ''}`,
      { details: { scores: detection.scores } },
    );
  }
  for (const m of detection.missing) input.logger.warn(`profile ${detection.profile.id}: the publication lacks ${m.set}: ${m.what}`);
  return detection.profile;
}
