import {
  type CmlCounts,
  type CmlEntityKind,
  type CmlFileKind,
  type CmlFolderFile,
  type CmlReport,
  type CmlRun,
  type CmlWarning,
} from '../../../src-preload/contract';
import { isLanguage, type Language } from '../i18n/i18n.setup';

// Records rather than arrays, so the compiler reports a kind added to the contract but missing here.
const entityOrder = {
  groups: 0,
  units: 1,
  warehouses: 2,
  priceTypes: 3,
  products: 4,
  characteristics: 5,
  barcodes: 6,
  prices: 7,
  stock: 8,
} satisfies Record<CmlEntityKind, number>;
/** Files the import takes; order files go the other way (to 1C) and unknown files are left alone. */
const importableKinds = { import: true, offers: true, prices: true, rests: true, zip: true, orders: false, other: false } satisfies Record<CmlFileKind, boolean>;

export const cmlEntityList = (Object.keys(entityOrder) as CmlEntityKind[]).sort((a, b) => entityOrder[a] - entityOrder[b]);

export function isImportable(kind: CmlFileKind): boolean {
  return importableKinds[kind];
}

/** The files preselected when the folder is listed: every file the import can take. */
export function defaultSelection(files: readonly CmlFolderFile[]): string[] {
  return files.filter((file) => isImportable(file.kind)).map((file) => file.name);
}

/** The selection kept across a re-read of the folder: files that are gone drop out. */
export function keptSelection(selected: readonly string[], files: readonly CmlFolderFile[]): string[] {
  const names = new Set(files.filter((file) => isImportable(file.kind)).map((file) => file.name));
  return selected.filter((name) => names.has(name));
}

export type CountRow = { kind: CmlEntityKind } & CmlCounts;

/** One row per entity kind in a fixed order (classifier first), and the totals. */
export function reportCountRows(report: Pick<CmlReport, 'counts'>): { rows: CountRow[]; total: CmlCounts } {
  const zero: CmlCounts = { added: 0, changed: 0, removed: 0, unchanged: 0 };
  const rows = cmlEntityList.map((kind): CountRow => ({ kind, ...(report.counts[kind] ?? zero) }));
  const total = rows.reduce(
    (sum, row) => ({ added: sum.added + row.added, changed: sum.changed + row.changed, removed: sum.removed + row.removed, unchanged: sum.unchanged + row.unchanged }),
    zero,
  );
  return { rows, total };
}

/** Where a warning points, as an editor would take it: `import.xml:120:7`. */
export function warningLocation(warning: Pick<CmlWarning, 'file' | 'line' | 'column'>): string {
  return `${warning.file}:${warning.line}:${warning.column}`;
}

/** The report keeps the first 1,000 warnings and counts all of them. */
export function warningSummary(report: Pick<CmlReport, 'warnings' | 'warningCount'>): { shown: number; total: number; isCapped: boolean } {
  const shown = report.warnings.length;
  const total = Math.max(report.warningCount, shown);
  return { shown, total, isCapped: total > shown };
}

/** «только изменения» / «полная выгрузка», or unknown when the file does not say. */
export function exchangeMode(onlyChanges: boolean | null): 'changes' | 'full' | 'unknown' {
  return onlyChanges === null ? 'unknown' : onlyChanges ? 'changes' : 'full';
}

const locales = { ru: 'ru-RU', en: 'en-US' } satisfies Record<Language, string>;
const byteUnits = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A file size as people read it: «820 байт», «12,4 кБ», «1,2 МБ» (binary steps, one decimal). */
export function formatBytes(bytes: number, language: string): string {
  const locale = isLanguage(language) ? locales[language] : locales.ru;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const format = new Intl.NumberFormat(locale, { style: 'unit', unit: byteUnits[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 });
  return format.format(value);
}

/** Progress of a running import in whole percent; null while the total is not known yet. */
export function progressPercent(run: Pick<CmlRun, 'bytesDone' | 'bytesTotal'>): number | null {
  if (run.bytesTotal <= 0) return null;
  return Math.min(100, Math.floor((run.bytesDone / run.bytesTotal) * 100));
}

const stateRank = { running: 0, done: 1, failed: 1 } satisfies Record<CmlRun['state'], number>;

/**
 * Of two views of the import (the status read when the screen opens, and progress events that may
 * arrive before or after it), the later one: a newer run wins, and within one run an end wins over
 * progress and more bytes over fewer, so a late answer never moves the bar back.
 */
export function laterRun(current: CmlRun | null, next: CmlRun | null): CmlRun | null {
  if (next === null) return current;
  if (current === null) return next;
  if (next.runId !== current.runId) return next.startedAt >= current.startedAt ? next : current;
  if (stateRank[next.state] !== stateRank[current.state]) return stateRank[next.state] > stateRank[current.state] ? next : current;
  return next.bytesDone >= current.bytesDone ? next : current;
}
