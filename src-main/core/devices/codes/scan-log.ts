// The raw-scan log (design doc §4.9): every scan as it arrived, byte for byte, with what it
// resolved to, so "I did scan it" disputes and scanner-setup problems can be settled later.
import { type AppDb } from '../../db/open';
import { cachedStatement } from '../../db/statement-cache';
import { decodeScanInput, type ScanInput } from './scan-parse';
import { type ScanResolution } from './scan-resolve';

export type ScanLogEntry = {
  /** Which scanner: a port, a HID path, "keyboard", "cli"… */
  device: string;
  /** What arrived. Text is stored as its UTF-8 bytes. */
  raw: ScanInput;
  /** The text as the app read it; default: `raw` decoded as parseScan decodes it. */
  text?: string;
  userId: string | null;
  result: Pick<ScanResolution, 'kind' | 'product'>;
  /** Epoch ms; default: now. */
  at?: number;
};

const insertSql = `INSERT INTO scan_log (at, device, raw_hex, text, user_id, resolved_kind, product_id)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** Hex of the bytes as received (lower case, no separators); text becomes its UTF-8 bytes. */
export function scanBytesHex(raw: ScanInput): string {
  return (typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).toString('hex');
}

/** Appends one scan to scan_log and returns its row id. */
export function logScan(db: AppDb, entry: ScanLogEntry): number {
  const info = cachedStatement(db, insertSql).run(
    entry.at ?? Date.now(),
    entry.device,
    scanBytesHex(entry.raw),
    entry.text ?? decodeScanInput(entry.raw),
    entry.userId,
    entry.result.kind,
    entry.result.product?.id ?? null,
  );
  return Number(info.lastInsertRowid);
}
