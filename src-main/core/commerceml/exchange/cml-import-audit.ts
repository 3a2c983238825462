// Every CommerceML import leaves one audit row, whoever ran it (a person, the watched folder, the
// command line), dry runs too: what was read, what it did or why it failed.
import { type CmlReport } from '../../../../src-preload/contract';
import { type AppDb } from '../../db/open';
import { appendAudit } from '../../security/audit-log.repo';

export type CmlImportAudit = {
  at: number;
  userId: string | null;
  runId: string;
  dryRun: boolean;
  trigger: 'user' | 'auto' | 'cli';
  files: readonly string[];
  report: CmlReport | null;
  /** Where the files went after a real import (`done/<time>`). */
  movedTo: string | null;
  error: string | null;
};

export function auditCmlImport(db: AppDb, entry: CmlImportAudit): void {
  appendAudit(db, {
    at: entry.at,
    userId: entry.userId,
    action: 'cml.import',
    details: {
      runId: entry.runId,
      dryRun: entry.dryRun,
      trigger: entry.trigger,
      files: entry.files,
      state: entry.error === null ? 'done' : 'failed',
      ...(entry.report ? { counts: entry.report.counts, warningCount: entry.report.warningCount, durationMs: entry.report.durationMs } : {}),
      ...(entry.movedTo === null ? {} : { movedTo: entry.movedTo }),
      ...(entry.error === null ? {} : { error: entry.error }),
    },
  });
}
