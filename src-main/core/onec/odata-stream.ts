// Incremental reading of 1C's collection envelope `{"odata.metadata":…,"value":[ {…}, … ]}` (D16).
// 1C cannot page virtual tables ($skip is refused, onec-http.md §2.4), so a SliceLast or Balance answer
// is 20–35 MB; parsed whole it costs the text, the buffer and ~190,000 row objects at once. This
// splitter walks the bytes, cuts the `value` array into runs of whole top-level objects and parses each
// run with JSON.parse, so only one batch of rows exists at a time. Pure: the client decides what a
// failure means. It works on bytes: every structural character is ASCII and no byte of a multi-byte
// UTF-8 sequence is below 0x80, so a chunk boundary inside a Cyrillic letter is never misread, and the
// text of a batch is decoded only once its bytes are complete.
import { type OnecRow } from './onec';
import { type EnvelopeResult, parseCollectionBody } from './odata-envelope';

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const comma = 0x2c;
const colon = 0x3a;
const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** Envelope keys longer than this are not collected (only `value` matters). */
const maxKeyBytes = 16;
const valueKey = Buffer.from('value');
const arrayOpen = Buffer.from('[');
const arrayClose = Buffer.from(']');
/**
 * Rows are parsed in runs of at most about this many bytes, then gathered into batches. A string
 * above ~128 KB is allocated straight in V8's old generation and lives until the next full GC: parsed
 * in 1 MB texts, a pull left hundreds of MB of dead text there and the heap grew to match.
 */
const maxRunBytes = 32 * 1024;

export type CollectionSplitter = {
  /** Scans one chunk; returns the batches completed in it (each a non-empty array of rows). */
  push(chunk: Buffer): EnvelopeResult<OnecRow[][]>;
  /** After the last chunk: the rest (a short last batch, or a single entity as one row) and `odata.count`. */
  end(): EnvelopeResult<{ batches: OnecRow[][]; count?: number }>;
};

type Failure = { ok: false; problem: 'not_json' | 'wrong_envelope'; detail: string };

export function createCollectionSplitter(batchSize: number): CollectionSplitter {
  const size = Math.max(1, Math.floor(batchSize));
  // Everything outside the value array (small: metadata, count; or a whole single entity).
  const outer: Buffer[] = [];
  let depth = 0;
  let inString = false;
  let isEscaped = false;
  let key: number[] | null = null;
  let isKeyTooLong = false;
  let lastString: Buffer | null = null;
  let currentKey: Buffer | null = null;
  let isAfterColon = false;
  let hasValueArray = false;
  let isInArray = false;
  // Inside the value array.
  let elementDepth = 0;
  let expect: 'first' | 'element' | 'separator' = 'first';
  // The run of whole objects not parsed yet: `pieces` from earlier chunks, then the current chunk from `runStart`.
  let pieces: Buffer[] = [];
  let piecesBytes = 0;
  let runStart = -1;
  let runCount = 0;
  let pending: OnecRow[] = [];
  let failure: Failure | null = null;

  /** Parses the run (ending with `tail`) into `pending`; the failure when it is not valid JSON. */
  const parseRun = (tail: Buffer): Failure | null => {
    const text = Buffer.concat([arrayOpen, ...pieces, tail, arrayClose]).toString('utf8');
    pieces = [];
    piecesBytes = 0;
    runStart = -1;
    runCount = 0;
    let rows: OnecRow[];
    try {
      rows = JSON.parse(text) as OnecRow[];
    } catch (err) {
      failure = { ok: false, problem: 'not_json', detail: err instanceof Error ? err.message : String(err) };
      return failure;
    }
    for (const row of rows) pending.push(row);
    return null;
  };

  const push = (chunk: Buffer): EnvelopeResult<OnecRow[][]> => {
    if (failure) return failure;
    const batches: OnecRow[][] = [];
    let outerStart = isInArray ? -1 : 0;
    // Where the next backslash of this chunk is, from the last look (-1: none left).
    let nextBackslash = -2;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i] as number;
      if (isInArray) {
        if (elementDepth > 0) {
          if (inString) {
            if (isEscaped) isEscaped = false;
            else if (byte === backslash) isEscaped = true;
            else if (byte === quote) inString = false;
            else {
              // Most bytes of a row are inside its strings: jump to the string's next quote or
              // backslash with indexOf (native) instead of looking at every byte here.
              if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf(backslash, i);
              const nextQuote = chunk.indexOf(quote, i);
              const stop = nextBackslash !== -1 && (nextBackslash < nextQuote || nextQuote === -1) ? nextBackslash : nextQuote;
              if (stop === -1) i = chunk.length - 1;
              else {
                i = stop;
                if (stop === nextBackslash) isEscaped = true;
                else inString = false;
              }
            }
          } else if (byte === quote) inString = true;
          else if (byte === openBrace || byte === openBracket) elementDepth += 1;
          else if (byte === closeBrace || byte === closeBracket) {
            elementDepth -= 1;
            if (elementDepth === 0) {
              expect = 'separator';
              runCount += 1;
              if (piecesBytes + i + 1 - runStart >= maxRunBytes || pending.length + runCount >= size) {
                const broken = parseRun(chunk.subarray(runStart, i + 1));
                if (broken) return broken;
                if (pending.length >= size) {
                  batches.push(pending);
                  pending = [];
                }
              }
            }
          }
          continue;
        }
        if (isSpace(byte)) continue;
        if (byte === openBrace && expect !== 'separator') {
          if (runStart < 0) runStart = i;
          elementDepth = 1;
          continue;
        }
        if (byte === comma && expect === 'separator') {
          expect = 'element';
          continue;
        }
        if (byte === closeBracket && expect !== 'element') {
          const broken = runStart >= 0 ? parseRun(chunk.subarray(runStart, i)) : null;
          if (broken) return broken;
          if (pending.length > 0) batches.push(pending);
          pending = [];
          isInArray = false;
          outerStart = i;
          continue;
        }
        const isValueStart = byte === quote || byte === openBracket || byte === 0x2d || (byte >= 0x30 && byte <= 0x39) || byte === 0x74 || byte === 0x66 || byte === 0x6e;
        failure = isValueStart && expect !== 'separator'
          ? { ok: false, problem: 'wrong_envelope', detail: 'value: элементы массива должны быть объектами' }
          : { ok: false, problem: 'not_json', detail: `неожиданный символ «${String.fromCharCode(byte)}» в массиве value` };
        return failure;
      }
      // Outside the value array: copied to `outer`, tracking strings, depth and the key of each member.
      if (inString) {
        if (isEscaped) isEscaped = false;
        else if (byte === backslash) {
          isEscaped = true;
          // An escaped key is never `value` as 1C sends it; the envelope parse at the end still reads it.
          isKeyTooLong = true;
        } else if (byte === quote) {
          inString = false;
          if (key) lastString = isKeyTooLong ? null : Buffer.from(key);
          key = null;
        } else if (key) {
          if (key.length < maxKeyBytes) key.push(byte);
          else isKeyTooLong = true;
        }
        continue;
      }
      if (isSpace(byte)) continue;
      if (byte === quote) {
        inString = true;
        isAfterColon = false;
        if (depth === 1) {
          key = [];
          isKeyTooLong = false;
        }
        continue;
      }
      if (depth === 1 && byte === colon) {
        currentKey = lastString;
        isAfterColon = true;
        continue;
      }
      if (byte === openBracket && depth === 1 && isAfterColon && !hasValueArray && currentKey !== null && currentKey.equals(valueKey)) {
        outer.push(chunk.subarray(outerStart, i + 1));
        outerStart = -1;
        hasValueArray = true;
        isInArray = true;
        isAfterColon = false;
        elementDepth = 0;
        expect = 'first';
        continue;
      }
      isAfterColon = false;
      if (byte === openBrace || byte === openBracket) depth += 1;
      else if (byte === closeBrace || byte === closeBracket) depth -= 1;
    }
    if (isInArray) {
      if (runStart >= 0) {
        pieces.push(chunk.subarray(runStart));
        piecesBytes += chunk.length - runStart;
        runStart = 0;
      }
    } else if (outerStart >= 0 && outerStart < chunk.length) outer.push(chunk.subarray(outerStart));
    return { ok: true, value: batches };
  };

  const end = (): EnvelopeResult<{ batches: OnecRow[][]; count?: number }> => {
    if (failure) return failure;
    if (isInArray || inString || (hasValueArray && depth !== 0)) {
      return { ok: false, problem: 'not_json', detail: 'тело ответа закончилось посреди JSON' };
    }
    // The envelope without its rows: parsed as before, so the same shapes pass and fail (odata.error, wrong envelope).
    const parsed = parseCollectionBody(Buffer.concat(outer).toString('utf8'));
    if (!parsed.ok) return parsed;
    const { rows, count } = parsed.value;
    const batches = rows.length > 0 ? [rows] : [];
    return { ok: true, value: count === undefined ? { batches } : { batches, count } };
  };

  return { push, end };
}
