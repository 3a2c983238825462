import { z } from 'zod';

export const diagnosticsContract = {
  /**
   * «Экспорт диагностики»: a zip of app info, settings, sync runs, outbox, audit log and logs, with
   * every secret removed. Base64, so both transports (IPC and the web host's JSON) carry it; the
   * renderer saves it as a download.
   */
  'diagnostics.export': {
    input: z.strictObject({}),
    output: z.object({ fileName: z.string(), base64: z.string(), bytes: z.number().int(), entries: z.array(z.string()) }),
  },
} as const;
