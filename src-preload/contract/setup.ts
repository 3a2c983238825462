import { z } from 'zod';
import { settingsShape } from './settings';

const connection = z.strictObject({
  url: settingsShape.shape.onecUrl.refine((url) => url !== '', 'Укажите адрес публикации 1С'),
  user: settingsShape.shape.onecUser,
  /** Used for this check only, or stored in the keychain by setup.apply; never in settings. */
  password: z.string().max(200),
  caPem: settingsShape.shape.onecCaPem.default(''),
  pinSha256: settingsShape.shape.onecPinSha256.default(''),
  proxyUrl: settingsShape.shape.onecProxyUrl.default(''),
  /** 'auto': as detected; otherwise the admin's choice, checked against the publication. */
  profile: settingsShape.shape.onecProfile.default('auto'),
  /** Names that differ in this base, by path (the wizard's name editor). */
  names: settingsShape.shape.onecProfileNames.default({}),
});

const profileId = z.enum(['ut11', 'retail2', 'retail3', 'unf', 'bp30']);

export const connectionCheck = z.object({
  /** The profile the check used: the detected or chosen one; null when nothing matched. */
  profile: profileId.nullable(),
  detected: profileId.nullable(),
  scores: z.record(z.string(), z.number()),
  /** The shipped profile's names by path (products.article → 'Артикул'; null = not read), for overriding. */
  names: z.record(z.string(), z.string().nullable()),
  missing: z.array(z.object({ what: z.string(), set: z.string(), hint: z.string() })),
  /** 1C code for the 1C admin that publishes what is missing ('' when nothing is). */
  snippet: z.object({ code: z.string(), objects: z.array(z.string()), notComposition: z.array(z.string()), unrecognized: z.array(z.string()) }),
});
export type ConnectionCheck = z.infer<typeof connectionCheck>;

export const serverCertificate = z.object({ pem: z.string(), sha256: z.string(), subject: z.string(), issuer: z.string(), validTo: z.string() });
export type ServerCertificate = z.infer<typeof serverCertificate>;

export const setupContract = {
  /** Connects with what the admin typed (nothing is saved): $metadata, detection, what is missing. */
  'setup.check': { input: connection, output: connectionCheck },
  /** The certificate an HTTPS 1C presents, untrusted: its fingerprint is compared, then pinned. */
  'setup.peekCertificate': { input: z.strictObject({ url: settingsShape.shape.onecUrl }), output: serverCertificate },
  /** Saves the connection (password into the keychain) and starts the first sync. */
  'setup.apply': { input: connection, output: z.object({ isSyncStarted: z.boolean() }) },
} as const;
