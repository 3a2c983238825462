// The settings of one serial scanner, as stored in settings and edited in the UI. zod only (no
// Node imports) so the contract can reuse it.

import { z } from 'zod';
import { defaultMaxFrameBytes, scanFramings, scanSuffixes } from './scan-framer';

const usbId = z.string().regex(/^(0x)?[0-9a-fA-F]{4}$/, 'expected four hex digits (USB VID/PID)');

export const serialScannerSettings = z
  .object({
    /** Stable id; scans carry it as `device`. */
    id: z.string().min(1).max(64),
    /** `/dev/ttyACM0`, `COM3`, a PTY link. With `usb` set it is only the preferred port. */
    path: z.string().min(1).max(260),
    baudRate: z.number().int().min(50).max(4_000_000).default(9600),
    dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
    parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
    stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
    framing: z.enum(scanFramings).default('suffix'),
    suffix: z.enum(scanSuffixes).default('cr'),
    /** See `SerialScannerOptions.timeoutMs`: scan end (timeout framing) or partial-scan give-up (suffix framing). */
    timeoutMs: z.number().int().min(5).max(60_000).optional(),
    maxFrameBytes: z.number().int().min(16).max(65_536).default(defaultMaxFrameBytes),
    /** Find the scanner by USB identity on every (re)connect: COM numbers change on re-plug. */
    usb: z
      .object({
        vendorId: usbId,
        productId: usbId,
        serialNumber: z.string().min(1).max(128).optional(),
      })
      .optional(),
    isEnabled: z.boolean().default(true),
  })
  .refine((s) => s.framing !== 'suffix' || s.suffix !== 'none', {
    message: 'suffix framing needs a suffix (cr, lf, crlf or tab); use timeout framing for scanners that send none',
    path: ['suffix'],
  });

/** What settings hold (defaults may be missing). */
export type SerialScannerSettingsInput = z.input<typeof serialScannerSettings>;
/** With defaults applied. */
export type SerialScannerSettings = z.output<typeof serialScannerSettings>;
