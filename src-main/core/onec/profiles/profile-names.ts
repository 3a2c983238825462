// The names of a profile an admin may override, one per path ("products.article",
// "stock.warehouseDimension"), for the wizard's name editor; and the overrides those edits make.
// Documents are left out: a document kind's names only make sense together (profile.schema.ts).
import { type OnecProfile } from '../onec';
import { type OnecProfileOverrides, parseProfileOverrides } from './profile-overrides';

const notNames = new Set(['id', 'title', 'documents']);

/** Every string (or null: not read) leaf outside the documents, by dotted path, in profile order. */
export function profileNames(profile: OnecProfile): Record<string, string | null> {
  const names: Record<string, string | null> = {};
  const walk = (value: unknown, path: string): void => {
    if (value === null || typeof value === 'string') {
      names[path] = value;
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) return;
    for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`);
  };
  for (const [key, value] of Object.entries(profile)) if (!notNames.has(key)) walk(value, key);
  return names;
}

/** Edited names (path → new name, '' = not read) as validated overrides; AppError names a bad path. */
export function overridesFromNames(edits: Readonly<Record<string, string>>): OnecProfileOverrides {
  const root: Record<string, unknown> = {};
  for (const [path, name] of Object.entries(edits)) {
    const keys = path.split('.');
    let node = root;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as Record<string, unknown>;
    }
    node[keys.at(-1) as string] = name.trim() === '' ? null : name.trim();
  }
  return parseProfileOverrides(root);
}
