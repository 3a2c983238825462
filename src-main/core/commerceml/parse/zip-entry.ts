// The bytes of one ZIP entry, streamed: exactly its compressed range is read from disk (256 KB at a
// time) and inflated with fflate's streaming Inflate, so a package of any size costs a few buffers.
// The CRC-32 and size from the directory are checked at the end: a damaged archive is an error, not
// a silently shorter file.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { Inflate } from 'fflate';
import { localHeaderSignature, type ZipEntry } from './zip-directory';

/** A damaged entry; the XML reader adds where in the text it happened. */
export class ZipDataError extends Error {}

async function dataStart(path: string, entry: ZipEntry): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(30);
    const { bytesRead } = await handle.read(header, 0, 30, entry.localHeaderOffset);
    if (bytesRead < 30 || header.readUInt32LE(0) !== localHeaderSignature) throw new ZipDataError('заголовок файла в архиве не найден');
    return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await handle.close();
  }
}

/**
 * Yields the entry's uncompressed bytes. `onRead` gets the number of compressed bytes read from disk
 * (for progress). Throws ZipDataError when the data is damaged.
 */
export async function* readZipEntry(path: string, entry: ZipEntry, onRead?: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  if (entry.method !== 0 && entry.method !== 8) throw new ZipDataError(`метод сжатия ${entry.method} не поддерживается (нужен Deflate или без сжатия)`);
  const start = await dataStart(path, entry);
  let out: Uint8Array[] = [];
  let isEnded = false;
  const inflate = entry.method === 8
    ? new Inflate((data, final) => {
        if (data.length > 0) out.push(data);
        if (final) isEnded = true;
      })
    : null;
  let crc = 0;
  let size = 0;
  const take = (): Uint8Array[] => {
    const chunks = out;
    out = [];
    for (const chunk of chunks) {
      crc = crc32(chunk, crc);
      size += chunk.length;
    }
    return chunks;
  };
  const push = (chunk: Uint8Array, final: boolean): void => {
    if (!inflate) {
      if (chunk.length > 0) out.push(chunk);
      return;
    }
    try {
      inflate.push(chunk, final);
    } catch (err) {
      throw new ZipDataError(`сжатые данные повреждены (${err instanceof Error ? err.message : String(err)})`);
    }
  };
  if (entry.compressedSize > 0) {
    const stream = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 262_144 });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onRead?.(chunk.length);
      push(chunk, false);
      yield* take();
    }
  }
  push(new Uint8Array(0), true);
  yield* take();
  if (inflate && !isEnded) throw new ZipDataError('сжатые данные обрываются');
  if (size !== entry.size || crc !== entry.crc32) throw new ZipDataError('контрольная сумма не сходится (данные повреждены)');
}
