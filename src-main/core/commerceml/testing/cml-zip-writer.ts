// Test support: ZIP packages as 1C uploads them (several XML files, optionally a picture), written
// with fflate's streaming Zip so a package of 200,000 products is never held in memory, and the ways
// a package arrives broken: cut short, or with bytes damaged in the middle.
import { createReadStream, createWriteStream, openSync, closeSync, readSync, truncateSync, writeSync, statSync } from 'node:fs';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export type ZipSource = { name: string; path?: string; text?: string };

/** Writes the sources into a ZIP at `path` (Deflate unless `isStored`); resolves with its size. */
export async function writeZip(path: string, sources: readonly ZipSource[], isStored = false): Promise<number> {
  const out = createWriteStream(path);
  let pending: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else pending.push(data);
  });
  const drain = async (): Promise<void> => {
    const chunks = pending;
    pending = [];
    for (const chunk of chunks) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    if (failure) throw failure;
  };
  for (const source of sources) {
    const entry = isStored ? new ZipPassThrough(source.name) : new ZipDeflate(source.name, { level: 6 });
    zip.add(entry);
    if (source.path) {
      for await (const chunk of createReadStream(source.path, { highWaterMark: 65_536 }) as AsyncIterable<Buffer>) {
        entry.push(chunk);
        await drain();
      }
      entry.push(new Uint8Array(0), true);
    } else entry.push(Buffer.from(source.text ?? '', 'utf8'), true);
    await drain();
  }
  zip.end();
  await drain();
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return statSync(path).size;
}

/** Cuts the file to its first `keep` bytes (an interrupted upload). */
export function truncateFile(path: string, keep: number): void {
  truncateSync(path, keep);
}

/** Flips the bits of the byte at `offset` (damage in transit). */
export function damageByte(path: string, offset: number): void {
  const fd = openSync(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, offset);
    byte[0] = (byte[0] as number) ^ 0xff;
    writeSync(fd, byte, 0, 1, offset);
  } finally {
    closeSync(fd);
  }
}
