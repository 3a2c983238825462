// Parsing of 1C's OData response bodies: the JSON collection envelope and the two error-body
// forms (JSON `odata.error`, XML `m:error`), onec-http.md §1.3 and §3.6. Pure: the client decides
// what a failure here means (a bad_response).
import { z } from 'zod';
import { type OnecRow } from './onec';

const rowSchema = z.record(z.string(), z.unknown());

// `odata.count` is a string on the wire (§6.16); a number is accepted too, in case a proxy rewrites it.
const countSchema = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((value) => Number(value));

const collectionEnvelopeSchema = z.looseObject({
  'odata.metadata': z.string().optional(),
  'odata.count': countSchema.optional(),
  value: z.array(rowSchema),
});

const singleEntityEnvelopeSchema = z.looseObject({
  'odata.metadata': z.string().regex(/\/@Element$/),
});

export type ParsedCollection = { rows: OnecRow[]; count?: number };

export type EnvelopeResult<T> = { ok: true; value: T } | { ok: false; problem: 'not_json' | 'wrong_envelope'; detail: string };

/** Strips a UTF-8 BOM (1C puts one before `$count` bodies, HCB parser.ts). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses a collection body (`{"value": [...]}`), or a single entity addressed by key
 * (`odata.metadata` ending in `/@Element`, properties at top level) as one row.
 */
export function parseCollectionBody(text: string): EnvelopeResult<ParsedCollection> {
  let json: unknown;
  try {
    json = JSON.parse(stripBom(text));
  } catch (err) {
    // A body cut short by a dropped connection usually lands here.
    return { ok: false, problem: 'not_json', detail: err instanceof Error ? err.message : String(err) };
  }
  const fast = readCollectionInPlace(json);
  if (fast) return { ok: true, value: fast };
  const collection = collectionEnvelopeSchema.safeParse(json);
  if (collection.success) {
    const { value, 'odata.count': count } = collection.data;
    return { ok: true, value: count === undefined ? { rows: value } : { rows: value, count } };
  }
  const single = singleEntityEnvelopeSchema.safeParse(json);
  if (single.success) {
    const { 'odata.metadata': _metadata, ...row } = single.data;
    return { ok: true, value: { rows: [row] } };
  }
  return { ok: false, problem: 'wrong_envelope', detail: collection.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ') };
}

const isPlainRecord = (value: unknown): value is OnecRow => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The common case of `collectionEnvelopeSchema`, checked without copying: zod's record schema
 * rebuilds every row, which for a 35 MB SliceLast answer costs a second set of ~190,000 objects and
 * a few hundred ms. Anything this does not accept goes through the schema (same result, same detail).
 */
function readCollectionInPlace(json: unknown): ParsedCollection | null {
  if (!isPlainRecord(json)) return null;
  const rows = json.value;
  const metadata = json['odata.metadata'];
  if (!Array.isArray(rows) || (metadata !== undefined && typeof metadata !== 'string')) return null;
  for (const row of rows) if (!isPlainRecord(row)) return null;
  const rawCount = json['odata.count'];
  if (rawCount === undefined) return { rows: rows as OnecRow[] };
  const isCount = typeof rawCount === 'string' ? /^\d+$/.test(rawCount) : typeof rawCount === 'number' && Number.isInteger(rawCount) && rawCount >= 0;
  return isCount ? { rows: rows as OnecRow[], count: Number(rawCount) } : null;
}

/** What 1C said in an error body: its internal code (a string, "-1" included) and message text. */
export type OnecErrorBody = { code: string | null; message: string | null };

const jsonErrorSchema = z.object({
  'odata.error': z.object({
    code: z.union([z.string(), z.number()]).transform(String).optional(),
    message: z.union([z.string(), z.object({ lang: z.string().optional(), value: z.string() })]).optional(),
  }),
});

const xmlEntities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };

export function decodeXmlEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&(?:lt|gt|quot|apos|amp);/g, (entity) => xmlEntities[entity] ?? entity);
}

/**
 * Reads 1C's code and message from an error body in either form. Returns null when the body is
 * neither (an HTML page from IIS/Apache or a proxy, an empty body): the status alone then decides.
 */
export function parseErrorBody(text: string): OnecErrorBody | null {
  const body = stripBom(text).trim();
  if (body.startsWith('{')) {
    try {
      const parsed = jsonErrorSchema.safeParse(JSON.parse(body));
      if (parsed.success) {
        const { code, message } = parsed.data['odata.error'];
        return { code: code ?? null, message: typeof message === 'string' ? message : (message?.value ?? null) };
      }
    } catch {
      // Not JSON after all: fall through to the XML form, then to "unknown".
    }
  }
  const xml = /<(?:[\w-]+:)?error\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?error>/.exec(body);
  if (xml) {
    const inner = xml[1] ?? '';
    const code = /<(?:[\w-]+:)?code\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?code>/.exec(inner)?.[1];
    const message = /<(?:[\w-]+:)?message\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?message>/.exec(inner)?.[1];
    if (code !== undefined || message !== undefined) {
      return { code: code === undefined ? null : decodeXmlEntities(code.trim()), message: message === undefined ? null : decodeXmlEntities(message.trim()) };
    }
  }
  return null;
}
