import { z } from 'zod';

// Customers (1C counterparties): mirrored from 1C, or registered at the counter and sent to 1C
// through the outbox. Field rules (INN/BIN checksums, phone and e-mail forms) are checked by core
// with the same messages for every host; here only the shape and the lengths.

export const customerKinds = ['person', 'company'] as const;
export const customerKind = z.enum(customerKinds);
export type CustomerKind = z.infer<typeof customerKind>;

/** Whose tax id rules apply: Russian INN (10/12 digits) or Kazakh BIN/IIN (12 digits). */
export const customerCountries = ['RU', 'KZ'] as const;
export const customerCountry = z.enum(customerCountries);
export type CustomerCountry = z.infer<typeof customerCountry>;

/**
 * synced: equal to 1C as last seen; queued: a local creation or change waits in the outbox;
 * rejected: 1C refused it (last1cMessage says why); conflict: changed here and in 1C, waits for a decision.
 */
export const customerSyncStates = ['synced', 'queued', 'rejected', 'conflict'] as const;
export const customerSyncState = z.enum(customerSyncStates);
export type CustomerSyncState = z.infer<typeof customerSyncState>;

const customerId = z.uuid();

/** The fields a person at the counter edits; '' = not given. */
export const customerFields = z.strictObject({
  kind: customerKind,
  country: customerCountry.default('RU'),
  name: z.string().trim().min(1, 'Укажите наименование или ФИО').max(150),
  inn: z.string().trim().max(20).default(''),
  kpp: z.string().trim().max(20).default(''),
  phone: z.string().trim().max(40).default(''),
  email: z.string().trim().max(100).default(''),
});
export type CustomerFieldsInput = z.input<typeof customerFields>;
export type CustomerFields = z.output<typeof customerFields>;

export const customerRow = z.object({
  id: z.string(),
  ref1c: z.string().nullable(),
  kind: customerKind,
  country: customerCountry,
  name: z.string(),
  inn: z.string(),
  kpp: z.string(),
  /** Normalised: +7XXXXXXXXXX. */
  phone: z.string(),
  /** Normalised: trimmed, domain in lower case. */
  email: z.string(),
  syncState: customerSyncState,
  last1cMessage: z.string().nullable(),
  updatedAt: z.number().int(),
});
export type CustomerRow = z.infer<typeof customerRow>;

export const customerDetail = customerRow.extend({
  /** Local documents that name this customer (shipments), newest first. */
  documents: z.array(z.object({ id: z.string(), kind: z.string(), localNumber: z.string(), status: z.string(), date: z.number().int() })),
  openConflictId: z.string().nullable(),
});
export type CustomerDetail = z.infer<typeof customerDetail>;

/** The editable fields as one side has them (a conflict shows local, 1C, and what both started from). */
export const customerVersion = z.object({
  kind: customerKind,
  country: customerCountry,
  name: z.string(),
  inn: z.string(),
  kpp: z.string(),
  phone: z.string(),
  email: z.string(),
});
export type CustomerVersion = z.infer<typeof customerVersion>;
export const customerVersionFields = ['kind', 'country', 'name', 'inn', 'kpp', 'phone', 'email'] as const;
export type CustomerVersionField = (typeof customerVersionFields)[number];

export const customerConflict = z.object({
  id: z.string(),
  customerId: z.string(),
  detectedAt: z.number().int(),
  local: customerVersion,
  remote: customerVersion,
  /** What both sides had when they were last equal; null when unknown. */
  base: customerVersion.nullable(),
});
export type CustomerConflict = z.infer<typeof customerConflict>;

export const customersContract = {
  'customers.list': {
    input: z.strictObject({
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(100),
      /** Name, INN/BIN, phone (any format) or e-mail. */
      search: z.string().max(200).optional(),
      syncState: customerSyncState.optional(),
    }),
    output: z.object({ rows: z.array(customerRow), total: z.number().int() }),
  },
  'customers.get': { input: z.strictObject({ id: customerId }), output: customerDetail },
  /** Registers a customer at the counter; if one with the same INN/BIN, e-mail or phone exists, refuses with `conflict` and its id in details. */
  'customers.create': { input: customerFields, output: customerRow },
  'customers.update': { input: z.strictObject({ id: customerId, fields: customerFields }), output: customerRow },
  'customers.conflicts.list': { input: z.strictObject({}), output: z.array(customerConflict) },
  /** Each field taken from one side; the result is queued for 1C unless it equals 1C's version. */
  'customers.conflicts.resolve': {
    input: z.strictObject({
      id: z.uuid(),
      take: z.strictObject({
        kind: z.enum(['local', 'remote']),
        country: z.enum(['local', 'remote']),
        name: z.enum(['local', 'remote']),
        inn: z.enum(['local', 'remote']),
        kpp: z.enum(['local', 'remote']),
        phone: z.enum(['local', 'remote']),
        email: z.enum(['local', 'remote']),
      }),
    }),
    output: customerRow,
  },
} as const;

export const customersEvents = {
  'customers.changed': z.object({ id: z.string(), syncState: customerSyncState }),
} as const;
