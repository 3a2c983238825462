import { z } from 'zod';

const noInput = z.strictObject({});

export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'web', 'cli']),
  dbPath: z.string(),
  schemaVersion: z.string(),
  counts: z.object({ products: z.number(), warehouses: z.number() }),
});
export type AppInfo = z.infer<typeof appInfo>;

export const appContract = {
  'app.info': { input: noInput, output: appInfo },
} as const;

export const appEvents = {
  'app.ready': z.object({ version: z.string() }),
  /** Tables whose rows changed; the renderer refetches what shows them. */
  'data.changed': z.object({ tables: z.array(z.string()) }),
} as const;
