// Test support: XML text streamed to a file in the encoding, BOM and line endings a test asks for,
// 64 KB at a time with the stream's backpressure respected, so a 200,000-product file never sits in
// memory.
import { createWriteStream, type WriteStream } from 'node:fs';
import iconv from 'iconv-lite';

export type TextFileOptions = { encoding: 'utf-8' | 'windows-1251'; bom: boolean; crlf: boolean };

export type TextFileWriter = {
  write(text: string): Promise<void>;
  close(): Promise<number>;
};

const flushAt = 65_536;

function drained(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      stream.off('error', onError);
      resolve();
    };
    const onError = (err: Error): void => {
      stream.off('drain', onDrain);
      reject(err);
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

export function createTextFileWriter(path: string, options: TextFileOptions): TextFileWriter {
  const stream = createWriteStream(path);
  let pending = '';
  let bytes = 0;
  let isFirst = true;
  const encode = (text: string): Buffer => {
    const withEndings = options.crlf ? text.replace(/\r?\n/g, '\r\n') : text;
    return options.encoding === 'utf-8' ? Buffer.from(withEndings, 'utf8') : iconv.encode(withEndings, 'win1251');
  };
  const flush = async (): Promise<void> => {
    if (pending === '') return;
    let buffer = encode(pending);
    pending = '';
    if (isFirst && options.bom) buffer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buffer]);
    isFirst = false;
    bytes += buffer.length;
    if (!stream.write(buffer)) await drained(stream);
  };
  return {
    async write(text) {
      pending += text;
      if (pending.length >= flushAt) await flush();
    },
    async close() {
      await flush();
      await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
      return bytes;
    },
  };
}

const escapes: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const escapeXml = (text: string): string => text.replace(/[&<>"]/g, (c) => escapes[c] ?? c);
