// The XML documents of the files given to one import: a plain .xml file is one, a ZIP package gives
// its .xml entries (images and other entries are left unread). Each is opened as a byte stream when
// its turn comes, so at most one file is being read at a time.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { cmlError } from './cml-location';
import { readZipDirectory } from './zip-directory';
import { readZipEntry } from './zip-entry';

export type XmlEntry = {
  /** As shown in warnings and errors: «import.xml», or «пакет.zip/offers.xml» for an archive entry. */
  label: string;
  /** The entry's own file name (no folders), for ordering by prefix. */
  name: string;
  /** Bytes read from disk to get it (compressed size for an archive entry). */
  diskBytes: number;
  open(onRead: (bytes: number) => void): AsyncIterable<Uint8Array>;
};

/** Read size: large enough that the event loop turns over rarely, small enough not to matter for memory. */
const readChunk = 262_144;

async function* readFileBytes(path: string, onRead: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: readChunk }) as AsyncIterable<Buffer>) {
    onRead(chunk.length);
    yield chunk;
  }
}

async function isZip(path: string, name: string): Promise<boolean> {
  if (/\.zip$/i.test(name) || /\.zip$/i.test(path)) return true;
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    return magic.readUInt32LE(0) === 0x04034b50 || magic.readUInt32LE(0) === 0x06054b50;
  } finally {
    await handle.close();
  }
}

/** Lists the XML documents of one source file. Throws a located error when it cannot be read. */
export async function listXmlEntries(file: { name: string; path: string }): Promise<{ entries: XmlEntry[]; diskBytes: number }> {
  let size: number;
  try {
    const info = await stat(file.path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (err) {
    throw cmlError({ file: file.name, line: 0, column: 0 }, 'файл не найден или не читается', err);
  }
  if (!(await isZip(file.path, file.name))) {
    return { entries: [{ label: file.name, name: basename(file.name), diskBytes: size, open: (onRead) => readFileBytes(file.path, onRead) }], diskBytes: size };
  }
  const directory = await readZipDirectory(file.path, file.name);
  const entries: XmlEntry[] = directory
    .filter((e) => !e.isDirectory && /\.xml$/i.test(e.name) && !e.name.startsWith('__MACOSX/'))
    .map((e) => ({
      label: `${file.name}/${e.name}`,
      name: e.name.split('/').pop() ?? e.name,
      diskBytes: e.compressedSize,
      open: (onRead) => readZipEntry(file.path, e, onRead),
    }));
  return { entries, diskBytes: size };
}
