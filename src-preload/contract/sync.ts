import { z } from 'zod';

/** Pull jobs in the order a run executes them (dependency order; core/sync/sync.ts uses this list). */
export const syncJobNames = [
  'warehouses',
  'units',
  'catalog',
  'characteristics',
  'barcodes',
  'priceTypes',
  'prices',
  'movements',
  'balances',
  /** Counterparties → customers (#8); last: nothing else reads them, and the stock jobs stay together. */
  'customers',
] as const;
export const syncJobName = z.enum(syncJobNames);
export type SyncJobName = z.infer<typeof syncJobName>;

export const syncCounts = z.object({
  fetched: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  unchanged: z.number().int(),
});
export type SyncCounts = z.infer<typeof syncCounts>;

export const syncJobRun = z.object({
  status: z.enum(['running', 'ok', 'failed', 'cancelled']),
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  counts: syncCounts,
  bytes: z.number().int(),
  errorCode: z.string().nullable(),
  /** Russian, actionable; includes 1C's own words for 1C refusals. */
  errorMessage: z.string().nullable(),
});

export const syncJobStatus = z.object({
  job: syncJobName,
  lastRun: syncJobRun.nullable(),
  lastSuccessAt: z.number().int().nullable(),
});
export type SyncJobStatus = z.infer<typeof syncJobStatus>;

export const syncOverview = z.object({
  /** False until a 1C address (and a password in the keychain / environment) is set. */
  isConfigured: z.boolean(),
  isRunning: z.boolean(),
  onecUrl: z.string(),
  profile: z.string().nullable(),
  jobs: z.array(syncJobStatus),
});
export type SyncOverview = z.infer<typeof syncOverview>;

export const syncProgress = z.object({
  job: syncJobName,
  phase: z.string(),
  done: z.number().int(),
  total: z.number().int().nullable(),
});
export type SyncProgress = z.infer<typeof syncProgress>;

export const syncContract = {
  'sync.status': { input: z.strictObject({}), output: syncOverview },
  /** Starts a run in the background (or joins the running one); progress and the end come as events. */
  'sync.runNow': {
    input: z.strictObject({ jobs: z.array(syncJobName).min(1).optional() }),
    output: z.object({ isStarted: z.boolean(), isAlreadyRunning: z.boolean() }),
  },
} as const;

export const syncEvents = {
  'sync.progress': syncProgress,
  'sync.finished': z.object({ isOk: z.boolean(), errorMessage: z.string().nullable() }),
} as const;
