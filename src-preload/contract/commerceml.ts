import { z } from 'zod';

// CommerceML exchange through a folder on this PC (settings.cmlFolder): 1C (or an admin) drops
// import*/offers*/prices*/rests* XML files or ZIP packages there; the app imports them (after a dry
// run if the user wants) and writes order files for 1C into its `to-1c` subfolder.

/** A file name inside the exchange folder: no folders, no way out of it. */
const exchangeFileName = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[/\\:*?"<>|]/.test(name) && ![...name].some((ch) => ch.charCodeAt(0) < 32) && name !== '.' && name !== '..', 'Имя файла без папок и служебных символов');

export const cmlFileKinds = ['import', 'offers', 'prices', 'rests', 'zip', 'orders', 'other'] as const;
export const cmlFileKind = z.enum(cmlFileKinds);
export type CmlFileKind = z.infer<typeof cmlFileKind>;

export const cmlFolderFile = z.object({ name: z.string(), size: z.number().int(), modifiedAt: z.number().int(), kind: cmlFileKind });
export type CmlFolderFile = z.infer<typeof cmlFolderFile>;

/** What an import did (or, in a dry run, would do) to one kind of entity. */
export const cmlCounts = z.object({
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
});
export type CmlCounts = z.infer<typeof cmlCounts>;

export const cmlEntityKinds = ['groups', 'units', 'warehouses', 'priceTypes', 'products', 'characteristics', 'barcodes', 'prices', 'stock'] as const;
export type CmlEntityKind = (typeof cmlEntityKinds)[number];

export const cmlWarning = z.object({ file: z.string(), line: z.number().int(), column: z.number().int(), message: z.string() });
export type CmlWarning = z.infer<typeof cmlWarning>;

export const cmlReport = z.object({
  dryRun: z.boolean(),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int(), version: z.string().nullable(), onlyChanges: z.boolean().nullable() })),
  counts: z.record(z.enum(cmlEntityKinds), cmlCounts),
  /** Capped (the first 1,000); `warningCount` is the full number. */
  warnings: z.array(cmlWarning),
  warningCount: z.number().int(),
  durationMs: z.number().int(),
});
export type CmlReport = z.infer<typeof cmlReport>;

export const cmlRunState = z.enum(['running', 'done', 'failed']);
export const cmlRun = z.object({
  runId: z.string(),
  dryRun: z.boolean(),
  state: cmlRunState,
  startedAt: z.number().int(),
  file: z.string().nullable(),
  bytesDone: z.number().int(),
  bytesTotal: z.number().int(),
  /** Set when done. */
  report: cmlReport.nullable(),
  /** Set when failed: what and where («import.xml, строка 120, столбец 7: …»); nothing was changed. */
  error: z.string().nullable(),
});
export type CmlRun = z.infer<typeof cmlRun>;

export const commercemlContract = {
  'cml.folder.list': {
    input: z.strictObject({}),
    output: z.object({ folder: z.string().nullable(), files: z.array(cmlFolderFile) }),
  },
  /** Imports files of the exchange folder as one exchange (classifier first, then catalog, offers, prices, rests). */
  'cml.import.start': {
    input: z.strictObject({ files: z.array(exchangeFileName).min(1).max(100), dryRun: z.boolean().default(false) }),
    output: cmlRun,
  },
  /** The running import, else the last one; null if none since start. */
  'cml.import.status': { input: z.strictObject({}), output: cmlRun.nullable() },
  /** Writes the chosen shipments as a CommerceML orders file into `<cmlFolder>/to-1c/`. */
  'cml.export.orders': {
    input: z.strictObject({ documentIds: z.array(z.uuid()).min(1).max(1000) }),
    output: z.object({ fileName: z.string(), documents: z.number().int(), bytes: z.number().int() }),
  },
} as const;

export const commercemlEvents = {
  'cml.import.progress': cmlRun,
} as const;
