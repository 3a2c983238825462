// The log files of the diagnostics export: every `*.log` in the folders the host names (electron-log
// writes main.log and rotates it to main.old.log; the CLI and web host write cli.log and web.log
// beside the database, see core/logging/file-logger.ts), newest first, within a byte budget.
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

export type LogFile = { path: string; name: string; sizeBytes: number; modifiedAt: number };

export type LogPlanItem = {
  file: LogFile;
  /** Name inside the zip, unique. */
  entry: string;
  /** Bytes taken from the end of the file. */
  takeBytes: number;
  isTruncated: boolean;
};

export type LogPlan = { included: LogPlanItem[]; skipped: LogFile[]; errors: string[] };

/** Regular `*.log` files directly in the folders (no symlinks, no subfolders), each once. */
export function findLogFiles(dirs: readonly string[]): { files: LogFile[]; errors: string[] } {
  const files: LogFile[] = [];
  const errors: string[] = [];
  const seenDirs = new Set<string>();
  for (const dir of dirs) {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      continue; // No logs written there yet (a new install, a host that never logged).
    }
    if (seenDirs.has(real)) continue;
    seenDirs.add(real);
    let names: string[];
    try {
      names = readdirSync(real);
    } catch (err) {
      errors.push(`${dir}: ${errorText(err)}`);
      continue;
    }
    for (const name of names) {
      if (!name.toLowerCase().endsWith('.log')) continue;
      const path = join(real, name);
      try {
        const stat = lstatSync(path);
        if (stat.isFile()) files.push({ path, name, sizeBytes: stat.size, modifiedAt: stat.mtimeMs });
      } catch (err) {
        errors.push(`${path}: ${errorText(err)}`);
      }
    }
  }
  return { files, errors };
}

/**
 * Newest files first until the budget is spent: the file that crosses it is cut from its start
 * (the end of a log is what explains the problem being reported), older files are left out.
 */
export function planLogs(files: readonly LogFile[], maxBytes: number): Omit<LogPlan, 'errors'> {
  const sorted = [...files].sort((a, b) => b.modifiedAt - a.modifiedAt || a.name.localeCompare(b.name));
  const included: LogPlanItem[] = [];
  const skipped: LogFile[] = [];
  const entries = new Set<string>();
  let remaining = Math.max(0, maxBytes);
  for (const file of sorted) {
    if (remaining === 0 && file.sizeBytes > 0) {
      skipped.push(file);
      continue;
    }
    const takeBytes = Math.min(file.sizeBytes, remaining);
    remaining -= takeBytes;
    included.push({ file, entry: uniqueEntry(entries, file.name), takeBytes, isTruncated: takeBytes < file.sizeBytes });
  }
  return { included, skipped };
}

const chunkBytes = 1024 * 1024;

/**
 * The planned part of a log as text chunks that end at line breaks (redaction patterns work on
 * lines), read 1 MiB at a time so memory stays flat however large the budget. A cut file starts
 * with a note and at the first whole line, so no half line or half UTF-8 character is shown.
 * Yields to the event loop between chunks: the Electron main process keeps answering meanwhile.
 */
export async function* readLogChunks(item: LogPlanItem): AsyncGenerator<string> {
  const { file, takeBytes, isTruncated } = item;
  if (isTruncated) {
    yield `[Prilavok: начало журнала пропущено — показаны последние ${takeBytes} из ${file.sizeBytes} байт]\n`;
  }
  const handle = await open(file.path, 'r');
  try {
    const decoder = new TextDecoder('utf-8');
    const buffer = Buffer.alloc(Math.min(chunkBytes, Math.max(1, takeBytes)));
    // A cut file is read from one byte earlier: if that byte ends a line, the first line is whole.
    let position = file.sizeBytes - takeBytes - (isTruncated ? 1 : 0);
    const end = file.sizeBytes;
    let isAtLineStart = !isTruncated;
    let carry = '';
    while (position < end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - position), position);
      if (bytesRead === 0) break; // The file shrank (rotated) since it was listed.
      position += bytesRead;
      let bytes = buffer.subarray(0, bytesRead);
      if (!isAtLineStart) {
        const newline = bytes.indexOf(0x0a);
        if (newline === -1) continue;
        bytes = bytes.subarray(newline + 1);
        isAtLineStart = true;
      }
      const text = carry + decoder.decode(bytes, { stream: true });
      const lastBreak = text.lastIndexOf('\n');
      // A line longer than a chunk is passed on in pieces rather than held without limit.
      if (lastBreak === -1 && text.length < chunkBytes) {
        carry = text;
        continue;
      }
      const cut = lastBreak === -1 ? text.length : lastBreak + 1;
      carry = text.slice(cut);
      yield text.slice(0, cut);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const rest = carry + decoder.decode();
    if (rest !== '') yield rest;
  } finally {
    await handle.close();
  }
}

function uniqueEntry(used: Set<string>, name: string): string {
  const safe = name.replace(/[^\p{L}\p{N}._-]/gu, '_');
  let entry = `logs/${safe}`;
  for (let n = 2; used.has(entry); n += 1) entry = `logs/${safe.replace(/\.log$/i, '')}-${n}.log`;
  used.add(entry);
  return entry;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
