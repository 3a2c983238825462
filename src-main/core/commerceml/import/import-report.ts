// What an import did, kind by kind, and what it could not understand. Warnings are capped (the
// report crosses IPC and is shown in a table); the count is not.
import { type CmlCounts, type CmlEntityKind, type CmlReport, type CmlWarning, cmlEntityKinds } from '../../../../src-preload/contract/commerceml';
import { type CmlLocation } from '../parse/cml-location';

export const maxReportedWarnings = 1_000;

export type CountsByKind = Record<CmlEntityKind, CmlCounts>;

export function emptyCounts(): CountsByKind {
  return Object.fromEntries(cmlEntityKinds.map((kind) => [kind, { added: 0, changed: 0, removed: 0, unchanged: 0 }])) as CountsByKind;
}

export type WarningLog = {
  warn(at: CmlLocation, message: string): void;
  /** `total` problems of one kind of which `shown` are listed (set-based checks count in SQL). */
  warnCounted(shown: readonly { at: CmlLocation; message: string }[], total: number): void;
  readonly warnings: CmlWarning[];
  readonly count: number;
};

export function createWarningLog(): WarningLog {
  const warnings: CmlWarning[] = [];
  let count = 0;
  const push = (at: CmlLocation, message: string): void => {
    if (warnings.length < maxReportedWarnings) warnings.push({ file: at.file, line: at.line, column: at.column, message });
  };
  return {
    warn(at, message) {
      count += 1;
      push(at, message);
    },
    warnCounted(shown, total) {
      for (const w of shown) push(w.at, w.message);
      count += Math.max(total, shown.length);
    },
    get warnings() {
      return warnings;
    },
    get count() {
      return count;
    },
  };
}

export type ReportFile = CmlReport['files'][number];
