// The exchange folder's files and what each one is, by name: 1C names catalog files `import*.xml`,
// offers `offers*`, and in package mode `prices*`/`rests*` (`import___<GUID>.xml`, `import0_1.xml`…),
// so the prefix decides, never the exact name (commerceml.md §8.3, §2.2); archives are `.zip`
// (`v8_2C7E_125d5b.zip`, §6); order files `orders*`/`documents___*` (§2.3).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type CmlFileKind, type CmlFolderFile, cmlFileKinds } from '../../../../src-preload/contract';
import { AppError } from '../../errors/app-error';

/** Kinds the importer reads: the catalog, offers, prices, rests, and archives holding them. */
export const importableKinds: readonly CmlFileKind[] = ['import', 'offers', 'prices', 'rests', 'zip'];

/** Subfolders of the exchange folder that are ours, never listed or imported. */
export const doneFolderName = 'done';

export function classifyExchangeFile(name: string): CmlFileKind {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return 'zip';
  if (!lower.endsWith('.xml')) return 'other';
  for (const kind of ['import', 'offers', 'prices', 'rests'] as const) if (lower.startsWith(kind)) return kind;
  if (lower.startsWith('orders') || lower.startsWith('documents')) return 'orders';
  return 'other';
}

export function isImportable(kind: CmlFileKind): boolean {
  return importableKinds.includes(kind);
}

/**
 * Files directly in the folder, in the order an exchange reads them (catalog, offers, prices, rests,
 * archives, then the rest), by name within a kind. Subfolders (`done/`, `to-1c/`) and hidden files
 * (our own `.…tmp` files while they are written) are left out.
 */
export function listExchangeFolder(folder: string): CmlFolderFile[] {
  let names: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a directory');
    names = readdirSync(folder);
  } catch (err) {
    throw new AppError('validation', `Папка обмена «${folder}» не найдена или недоступна.`, { cause: err });
  }
  const files: CmlFolderFile[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    let stats;
    try {
      stats = statSync(join(folder, name));
    } catch {
      // Gone since readdir (moved by 1C or by a finished import), or a broken link: not a file to show.
      continue;
    }
    if (!stats.isFile()) continue;
    files.push({ name, size: stats.size, modifiedAt: Math.trunc(stats.mtimeMs), kind: classifyExchangeFile(name) });
  }
  return sortForExchange(files);
}

/** Kind order of cmlFileKinds (import, offers, prices, rests, zip, orders, other), then by name. */
export function sortForExchange<T extends { name: string; kind: CmlFileKind }>(files: readonly T[]): T[] {
  return [...files].sort((a, b) => cmlFileKinds.indexOf(a.kind) - cmlFileKinds.indexOf(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
