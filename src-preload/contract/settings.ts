import { z } from 'zod';

export const languages = ['ru', 'en'] as const;

/**
 * Everything an admin or user can set. Never secrets: the 1C password lives in the OS keychain.
 * Defaults are applied in core, so every field is present on read.
 */
export const settingsShape = z.strictObject({
  language: z.enum(languages),
  // No user:password@ in the address: it would be a secret in the settings and the audit log.
  onecUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), 'Адрес 1С без имени и пароля: пароль вводится отдельно')]),
  onecUser: z.string().max(200),
  onecProfile: z.enum(['auto', 'ut11', 'retail2', 'retail3', 'unf', 'bp30']),
  /**
   * Names that differ in this base from the shipped profile, by path ("products.article" → "Артикул2";
   * '' = not read): every name of a catalog or register is overridable.
   */
  onecProfileNames: z.record(z.string().max(200), z.string().max(200)),
  homeWarehouseId: z.number().int().positive().nullable(),
  stockTtlMinutes: z.number().int().min(1).max(24 * 60),
  syncSchedule: z.string().min(1).max(100),
  /** Shipments, write-offs and transfers that would take displayed stock below zero: ask first, or refuse. */
  negativeStockPolicy: z.enum(['warn', 'block']),
  /** HTTPS to 1C: a CA certificate or the server's self-signed certificate (PEM); '' = the system's CAs. */
  onecCaPem: z.union([z.literal(''), z.string().max(64_000).regex(/-----BEGIN CERTIFICATE-----/, 'Нужен сертификат в формате PEM (-----BEGIN CERTIFICATE-----)')]),
  /** SHA-256 of the 1C server's certificate, 64 hex digits (colons allowed); '' = not pinned. */
  onecPinSha256: z.union([z.literal(''), z.string().regex(/^([0-9a-fA-F]{2}:?){31}[0-9a-fA-F]{2}$/, 'Отпечаток SHA-256 — 64 шестнадцатеричные цифры')]),
  /** HTTP proxy to reach 1C, without credentials (they would be a secret in the settings); '' = direct. */
  onecProxyUrl: z.union([
    z.literal(''),
    z.url({ protocol: /^https?$/ }).refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), 'Адрес прокси без имени и пароля: учётные данные не хранятся в настройках'),
  ]),
  /** Minutes without activity at the desk after which the signed-in user must enter the PIN again. */
  idleLockMinutes: z.number().int().min(1).max(240),
  /** 1C ref of the organization put on documents sent to 1C ('' = none: 1C keeps its own default). */
  onecOrganizationRef: z.union([z.literal(''), z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)]),
  /** CommerceML exchange folder on this PC or a share (absolute: `C:\Обмен`, `\\server\share`, `/srv/obmen`); '' = not set. */
  cmlFolder: z.union([
    z.literal(''),
    z
      .string()
      .max(1000)
      .refine((path) => /^(?:[a-zA-Z]:[\\/]|\\\\[^\\]|\/)/.test(path) && ![...path].some((ch) => ch.charCodeAt(0) < 32), 'Нужен полный путь к папке, например C:\\Обмен1С'),
  ]),
  /** Import files dropped into the exchange folder by themselves, once they stop growing. */
  cmlAutoImport: z.boolean(),
  /** Orders files for 1C: windows-1251 (no BOM) or UTF-8 with a BOM (commerceml.md §4). */
  cmlExportEncoding: z.enum(['windows-1251', 'utf-8-bom']),
});
export type Settings = z.infer<typeof settingsShape>;

export const settingsContract = {
  'settings.get': { input: z.strictObject({}), output: settingsShape },
  'settings.set': { input: settingsShape.partial(), output: settingsShape },
} as const;
