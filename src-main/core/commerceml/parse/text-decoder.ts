// Bytes to text, chunk by chunk, stopping at the first byte the encoding cannot decode: the text
// before it is returned (so the XML parser's position is exactly there) together with a description
// of the byte. UTF-8 goes through Node's native validator and decoder (fast), single-byte code pages
// and UTF-16 through iconv-lite's streaming decoders, whose U+FFFD marks an undecodable byte.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { firstInvalidUtf8 } from './encoding-sniff';

export type Decoded = { text: string; /** Null when every byte decoded; else what the bad byte was. */ bad: string | null };

export type StreamDecoder = {
  write(bytes: Uint8Array): Decoded;
  end(): Decoded;
};

const hex = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

function utf8Decoder(): StreamDecoder {
  let carry: Buffer = Buffer.alloc(0);
  return {
    write(bytes) {
      const buffer = carry.length > 0 ? Buffer.concat([carry, bytes]) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      // Keep a sequence cut at the chunk's end for the next chunk.
      let cut = buffer.length;
      let i = buffer.length - 1;
      while (i >= 0 && i > buffer.length - 4 && ((buffer[i] as number) & 0xc0) === 0x80) i -= 1;
      if (i >= 0) {
        const lead = buffer[i] as number;
        const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
        if (buffer.length - i < need) cut = i;
      }
      const complete = buffer.subarray(0, cut);
      carry = Buffer.from(buffer.subarray(cut));
      if (isUtf8(complete)) return { text: complete.toString('utf8'), bad: null };
      const at = firstInvalidUtf8(complete);
      return { text: complete.subarray(0, at).toString('utf8'), bad: `недопустимая для UTF-8 последовательность байтов (${hex(complete[at] as number)})` };
    },
    end() {
      if (carry.length === 0) return { text: '', bad: null };
      return { text: '', bad: `файл обрывается посреди символа UTF-8 (${hex(carry[0] as number)})` };
    },
  };
}

function iconvDecoder(encoding: string): StreamDecoder {
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  const check = (text: string): Decoded => {
    const at = text.indexOf('\uFFFD');
    if (at < 0) return { text, bad: null };
    return { text: text.slice(0, at), bad: `байт, которого нет в кодировке ${encoding}` };
  };
  return {
    write: (bytes) => check(decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))),
    end: () => check(decoder.end() ?? ''),
  };
}

export function createStreamDecoder(encoding: string): StreamDecoder {
  return encoding === 'utf-8' ? utf8Decoder() : iconvDecoder(encoding);
}
