// Admin overrides on top of a shipped profile: validated, deep-merged, and the result validated
// again (an override that turns on a section the profile lacks must name all of its fields).
import { type z } from 'zod';
import { AppError } from '../../errors/app-error';
import { type OnecProfile } from '../onec';
import { onecProfileOverridesSchema, onecProfileSchema } from './profile.schema';

/** Every key optional at every level; nullable members may be set to null. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** What the admin may change: everything but the id. */
export type OnecProfileOverrides = DeepPartial<Omit<OnecProfile, 'id'>>;

/** Validates overrides from settings JSON. Throws AppError 'validation' naming each bad path. */
export function parseProfileOverrides(input: unknown): OnecProfileOverrides {
  const parsed = onecProfileOverridesSchema.safeParse(input);
  if (!parsed.success) throw validationError('Настройки имён 1С неверны', parsed.error);
  return parsed.data satisfies OnecProfileOverrides;
}

/**
 * Returns a new profile with the overrides applied (the input profile is not changed).
 * Throws AppError 'validation' when the overrides or the merged profile are invalid.
 */
export function applyProfileOverrides(profile: OnecProfile, overrides: OnecProfileOverrides): OnecProfile {
  const valid = parseProfileOverrides(overrides);
  const merged = deepMerge(structuredClone(profile), valid);
  const checked = onecProfileSchema.safeParse(merged);
  if (!checked.success) throw validationError('После применения настроек профиль 1С неполон', checked.error);
  return checked.data;
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const target: Record<string, unknown> = typeof base === 'object' && base !== null && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) target[key] = deepMerge(target[key], value);
  }
  return target;
}

function validationError(prefix: string, error: z.ZodError): AppError {
  const problems = error.issues.map((issue) => `${issue.path.join('.') || '(корень)'} — ${issue.message}`);
  return new AppError('validation', `${prefix}: ${problems.join('; ')}. Исправьте эти имена в настройках подключения к 1С.`, { details: { issues: error.issues } });
}
