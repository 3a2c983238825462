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

/** Bytes a UTF-8 sequence starting with `lead` has (1 for a byte that cannot start one). */
const sequenceLength = (lead: number): number => (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1);

function utf8Decoder(): StreamDecoder {
  // The start of a character cut at the end of the previous chunk (at most 3 bytes).
  let carry: Buffer = Buffer.alloc(0);
  const decode = (buffer: Buffer): Decoded => {
    if (isUtf8(buffer)) return { text: buffer.toString('utf8'), bad: null };
    const at = firstInvalidUtf8(buffer);
    return { text: buffer.subarray(0, at).toString('utf8'), bad: `недопустимая для UTF-8 последовательность байтов (${hex(buffer[at] as number)})` };
  };
  return {
    write(bytes) {
      let buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let head = '';
      if (carry.length > 0) {
        // Complete the cut character with the first bytes of this chunk; never copy the whole chunk.
        const take = Math.min(sequenceLength(carry[0] as number) - carry.length, buffer.length);
        const joined = Buffer.concat([carry, buffer.subarray(0, take)]);
        buffer = buffer.subarray(take);
        if (joined.length < sequenceLength(joined[0] as number) && buffer.length === 0) {
          carry = joined;
          return { text: '', bad: null };
        }
        carry = Buffer.alloc(0);
        const first = decode(joined);
        if (first.bad !== null) return first;
        head = first.text;
      }
      // Keep a sequence cut at the chunk's end for the next chunk.
      let cut = buffer.length;
      let i = buffer.length - 1;
      while (i >= 0 && i > buffer.length - 4 && ((buffer[i] as number) & 0xc0) === 0x80) i -= 1;
      if (i >= 0 && buffer.length - i < sequenceLength(buffer[i] as number)) cut = i;
      carry = Buffer.from(buffer.subarray(cut));
      const rest = decode(buffer.subarray(0, cut));
      return { text: head + rest.text, bad: rest.bad };
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
