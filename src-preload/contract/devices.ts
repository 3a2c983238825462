import { z } from 'zod';

const id = z.number().int().positive();
const documentId = z.uuid();

// ---------------------------------------------------------------------------------------------
// Scans: keyboard-wedge scans come from the renderer as text (GS as \u001d); serial scans arrive in
// main and are pushed as events. Both are resolved by the same core parser and logged in scan_log.

export const scanKinds = ['product', 'unknown', 'invalid'] as const;

export const scanResult = z.object({
  kind: z.enum(scanKinds),
  /** The canonical code: digits for retail codes, GS1 with \u001d separators, else the text. */
  canonical: z.string(),
  format: z.string().nullable(),
  gtin: z.string().nullable(),
  fields: z.record(z.string(), z.string()).nullable(),
  weightGrams: z.number().int().nullable(),
  priceKopecks: z.number().int().nullable(),
  product: z
    .object({
      id,
      name: z.string(),
      code: z.string(),
      article: z.string(),
      unit: z.string(),
      characteristicId: id.nullable(),
      characteristicName: z.string().nullable(),
      /** Thousandths of a unit this scan stands for (a package, a weight). */
      qty: z.number().int(),
      /** Kopecks, retail; null when unknown. */
      price: z.number().int().nullable(),
      /** Displayed stock at the home warehouse (or all warehouses), thousandths. */
      stock: z.number().int(),
    })
    .nullable(),
  warnings: z.array(z.string()),
  /** Russian; for "invalid" and "unknown". */
  error: z.string().nullable(),
  /** Set when the scan was added to the open document. */
  addedTo: z.object({ documentId: z.string(), lineNo: z.number().int() }).nullable(),
});
export type ScanResult = z.infer<typeof scanResult>;

export const scanEvent = scanResult.extend({ device: z.string(), at: z.number().int() });
export type ScanEvent = z.infer<typeof scanEvent>;

// ---------------------------------------------------------------------------------------------
// Device settings (never secrets).

export const keyboardWedgeSettings = z.strictObject({
  /** Keys closer together than this (ms) are a scanner; calibrated per station. */
  maxInterKeyMs: z.number().int().min(5).max(200),
  /** Shorter bursts are typing. */
  minLength: z.number().int().min(3).max(64),
  /** A character the scanner sends instead of GS (0x1D), e.g. "#"; '' = none. */
  gsSubstitute: z.string().max(4),
  /** Whether a burst must end with Enter (most scanners send it). */
  isEnterRequired: z.boolean(),
});
export type KeyboardWedgeSettings = z.infer<typeof keyboardWedgeSettings>;

export const serialScannerConfig = z.strictObject({
  id: z.string().min(1).max(40).regex(/^[\w-]+$/),
  name: z.string().max(100),
  path: z.string().max(260),
  baudRate: z.number().int().min(300).max(921_600),
  framing: z.enum(['suffix', 'timeout']),
  suffix: z.enum(['cr', 'lf', 'crlf', 'tab', 'none']),
  timeoutMs: z.number().int().min(10).max(5_000),
  isEnabled: z.boolean(),
});
export type SerialScannerConfig = z.infer<typeof serialScannerConfig>;

export const labelLanguages = ['tspl', 'zpl', 'epl', 'tspl-bitmap', 'zpl-bitmap'] as const;
export const labelTemplates = ['price-tag', 'shelf-label'] as const;
export const labelSizes = ['58x40', '58x30', '40x25', '30x20'] as const;
export const labelDpis = [203, 300] as const;

export const printerConfig = z.strictObject({
  id: z.string().min(1).max(40).regex(/^[\w-]+$/),
  name: z.string().max(100),
  language: z.enum(labelLanguages),
  dpi: z.union([z.literal(203), z.literal(300)]),
  size: z.enum(labelSizes),
  transport: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('serial'), path: z.string().min(1).max(260), baudRate: z.number().int().min(300).max(921_600) }),
    /** A raw device or file path: /dev/usb/lp0, \\.\COM3, a share, a file. */
    z.strictObject({ kind: z.literal('path'), path: z.string().min(1).max(260) }),
    /** Windows: the spooler's printer name, data sent RAW. */
    z.strictObject({ kind: z.literal('spooler'), printerName: z.string().min(1).max(260) }),
  ]),
});
export type PrinterConfig = z.infer<typeof printerConfig>;

export const deviceSettings = z.strictObject({
  keyboard: keyboardWedgeSettings,
  scanners: z.array(serialScannerConfig).max(8),
  printers: z.array(printerConfig).max(8),
  /** The printer «Печать ценников» uses; '' = none yet. */
  defaultPrinterId: z.string().max(40),
});
export type DeviceSettings = z.infer<typeof deviceSettings>;

export const serialPortInfo = z.object({
  path: z.string(),
  kind: z.enum(['usb', 'pty', 'other']),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  manufacturer: z.string().optional(),
  product: z.string().optional(),
  serialNumber: z.string().optional(),
});

export const deviceStatus = z.object({
  scanners: z.array(
    z.object({ id: z.string(), state: z.enum(['connecting', 'connected', 'disconnected', 'closed', 'disabled', 'misconfigured']), path: z.string(), lastError: z.string().nullable(), scanCount: z.number().int(), lastScanAt: z.number().int().nullable() }),
  ),
});

// ---------------------------------------------------------------------------------------------
// Labels.

export const labelItem = z.strictObject({ productId: id, characteristicId: id.nullable().optional(), copies: z.number().int().min(1).max(999).default(1) });

export const labelOptions = z.strictObject({
  template: z.enum(labelTemplates).default('price-tag'),
  size: z.enum(labelSizes).optional(),
  dpi: z.union([z.literal(203), z.literal(300)]).optional(),
});

export const devicesContract = {
  /** A keyboard-wedge scan (or a typed code): resolved, logged; added to `documentId` when given and found. */
  'scans.resolve': {
    input: z.strictObject({ text: z.string().min(1).max(4096), device: z.string().max(40).default('keyboard'), documentId: documentId.optional() }),
    output: scanResult,
  },
  /** «Привязать к товару»: the unknown code becomes the product's barcode here and, through the outbox, in 1C. */
  'scans.linkBarcode': {
    input: z.strictObject({ code: z.string().min(1).max(200), productId: id, characteristicId: id.nullable().optional() }),
    output: scanResult,
  },
  'devices.settings.get': { input: z.strictObject({}), output: deviceSettings },
  'devices.settings.set': { input: deviceSettings.partial(), output: deviceSettings },
  'devices.ports': { input: z.strictObject({}), output: z.array(serialPortInfo) },
  'devices.status': { input: z.strictObject({}), output: deviceStatus },
  /** The label as the printer will print it, rendered to PNG from the same layout (base64). */
  'labels.preview': {
    input: z.strictObject({ productId: id, characteristicId: id.nullable().optional(), printerId: z.string().max(40).optional(), options: labelOptions.optional() }),
    output: z.object({ pngBase64: z.string(), widthDots: z.number().int(), heightDots: z.number().int() }),
  },
  'labels.print': {
    input: z.strictObject({ printerId: z.string().max(40).optional(), items: z.array(labelItem).min(1).max(10_000), options: labelOptions.optional() }),
    output: z.object({ labels: z.number().int(), bytes: z.number().int(), printer: z.string() }),
  },
  /** What to print in a batch: every line of a document, or products whose price changed in the last pull. */
  'labels.batch': {
    input: z.discriminatedUnion('source', [z.strictObject({ source: z.literal('document'), documentId }), z.strictObject({ source: z.literal('priceChanges') })]),
    output: z.array(
      z.object({ productId: id, characteristicId: id.nullable(), name: z.string(), price: z.number().int().nullable(), oldPrice: z.number().int().nullable(), copies: z.number().int() }),
    ),
  },
} as const;

export const devicesEvents = {
  /** A scan from a serial scanner, resolved. */
  'scans.received': scanEvent,
  'devices.changed': deviceStatus,
} as const;
