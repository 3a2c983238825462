// The table of contents of a ZIP package, read from its end (the central directory) with a few
// random reads: the entries' names, sizes, methods and where their data starts, without reading the
// data. A package cut short loses its directory first, so a truncated download is refused here,
// before anything is parsed.
import { type FileHandle, open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { cmlError } from './cml-location';

export type ZipEntry = {
  name: string;
  /** 0 stored, 8 deflate (the only methods 1C and common archivers use). */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header in the file. */
  localHeaderOffset: number;
  isDirectory: boolean;
};

const eocdSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EocdSignature = 0x06064b50;
const centralSignature = 0x02014b50;
export const localHeaderSignature = 0x04034b50;
const maxCommentTail = 22 + 0xffff;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Entry names: UTF-8 when the archiver says so (flag bit 11), else the DOS code page of Russian Windows. */
function decodeName(bytes: Buffer, isUtf8: boolean): string {
  return isUtf8 ? bytes.toString('utf8') : iconv.decode(bytes, 'cp866');
}

/** Lists the entries of the ZIP file at `path`; `label` names it in errors. */
export async function readZipDirectory(path: string, label: string): Promise<ZipEntry[]> {
  const handle = await open(path, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    const broken = (what: string): Error => cmlError({ file: label, line: 0, column: 0 }, `ZIP-архив повреждён или обрезан: ${what}`);
    const tailStart = Math.max(0, fileSize - maxCommentTail);
    const tail = await readAt(handle, tailStart, fileSize - tailStart);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i -= 1) {
      if (tail.readUInt32LE(i) === eocdSignature && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw broken('не найдено оглавление архива (файл передан не полностью?)');
    let count = tail.readUInt16LE(eocd + 10);
    let directorySize = tail.readUInt32LE(eocd + 12);
    let directoryOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      // ZIP64: the real numbers are in the ZIP64 end record, found through the locator just before.
      const locator = eocd - 20;
      if (locator < 0 || tail.readUInt32LE(locator) !== zip64LocatorSignature) throw broken('нет записи ZIP64');
      const recordOffset = Number(tail.readBigUInt64LE(locator + 8));
      const record = await readAt(handle, recordOffset, 56);
      if (record.length < 56 || record.readUInt32LE(0) !== zip64EocdSignature) throw broken('запись ZIP64 не найдена');
      count = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }
    if (directoryOffset + directorySize > fileSize) throw broken('оглавление выходит за конец файла');
    const directory = await readAt(handle, directoryOffset, directorySize);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let n = 0; n < count; n += 1) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== centralSignature) throw broken(`запись оглавления №${n + 1} повреждена`);
      const flags = directory.readUInt16LE(at + 8);
      const method = directory.readUInt16LE(at + 10);
      const crc32 = directory.readUInt32LE(at + 16);
      let compressedSize = directory.readUInt32LE(at + 20);
      let size = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      let localHeaderOffset = directory.readUInt32LE(at + 42);
      const name = decodeName(directory.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) !== 0);
      // ZIP64 extra field: 8-byte values, present only for the fields that overflowed, in this order.
      let extra = at + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        const id = directory.readUInt16LE(extra);
        const length = directory.readUInt16LE(extra + 2);
        if (id === 0x0001) {
          let field = extra + 4;
          if (size === 0xffffffff) {
            size = Number(directory.readBigUInt64LE(field));
            field += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(directory.readBigUInt64LE(field));
            field += 8;
          }
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(directory.readBigUInt64LE(field));
        }
        extra += 4 + length;
      }
      if ((flags & 0x1) !== 0) throw broken(`файл «${name}» в архиве зашифрован`);
      if (localHeaderOffset + 30 + compressedSize > fileSize) throw broken(`данные файла «${name}» выходят за конец архива`);
      entries.push({ name, method, crc32, compressedSize, size, localHeaderOffset, isDirectory: name.endsWith('/') });
      at = extraEnd + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}
