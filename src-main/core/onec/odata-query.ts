// URL and literal building for 1C's standard OData interface (onec-http.md §1.4–§1.6, §6.9, §6.17).
// Pure functions: no I/O, usable by the client, the sync jobs and tests alike.
import { type ODataQuery } from './onec';

/** 1C's empty reference: every unset `X_Key` field holds this (onec-http.md §1.4). */
export const emptyGuid = '00000000-0000-0000-0000-000000000000';

/** 1C's empty date (`Дата()` with no value); read as null. */
export const emptyOnecDateTime = '0001-01-01T00:00:00';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for null/undefined/'' and the all-zero GUID: all mean "no reference" in 1C's JSON. */
export function isEmptyRef(ref: string | null | undefined): boolean {
  return ref === null || ref === undefined || ref === '' || ref === emptyGuid;
}

export function isGuid(text: string): boolean {
  return guidPattern.test(text);
}

/** `guid'…'` literal. Throws RangeError on anything that is not a GUID, so user input can never reach a filter. */
export function guidLiteral(ref: string): string {
  if (!isGuid(ref)) throw new RangeError(`Not a GUID: ${ref}`);
  return `guid'${ref.toLowerCase()}'`;
}

/** `'…'` string literal; OData escapes a quote by doubling it. */
export function stringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `datetime'YYYY-MM-DDTHH:MM:SS'` literal for an epoch-ms instant (see toOnecDateTime for the time zone). */
export function dateTimeLiteral(ms: number): string {
  return `datetime'${toOnecDateTime(ms)}'`;
}

// ---------------------------------------------------------------------------------------------
// Dates. 1C sends and expects wall-clock times without an offset: the server's local time
// (onec-http.md §1.4, §6.17). We treat that wall clock as the store PC's local time zone, because
// a store and the 1C base that keeps its books are, in practice, in one region; Russia has had no
// DST since 2014, so the mapping is one-to-one there. If a base ever runs in another zone, this is
// the one place to add an explicit IANA zone. Precision is one second (1C stores no milliseconds):
// toOnecDateTime truncates, so a `Period ge` cursor never skips the second it stopped in.

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** Epoch ms → `YYYY-MM-DDTHH:MM:SS` in the local wall clock (milliseconds dropped). */
export function toOnecDateTime(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`Not a time: ${ms}`);
  const d = new Date(ms);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const onecDateTimePattern = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * 1C's `YYYY-MM-DDTHH:MM:SS` (local wall clock) → epoch ms; the empty date, '' and null → null.
 * Throws RangeError for text that is not a 1C date (the caller treats that as a bad response).
 */
export function fromOnecDateTime(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const match = onecDateTimePattern.exec(text);
  if (!match) throw new RangeError(`Not a 1C date: ${text}`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (year === 1 && month === 1 && day === 1 && hour === 0 && minute === 0 && second === 0) return null;
  const date = new Date(year, month - 1, day, hour, minute, second);
  // new Date() with year < 100 maps to 19xx; setFullYear puts it back (1C dates start at year 1).
  if (year < 100) date.setFullYear(year);
  if (date.getMonth() !== month - 1 || date.getDate() !== day) throw new RangeError(`Not a 1C date: ${text}`);
  return date.getTime();
}

/**
 * fromOnecDateTime for many values (a register's Period column): the same results, errors and
 * time-zone rule, without a local-time Date per value. `YYYY-MM-DDTHH:MM:SS` is split by character
 * codes, and each clock hour is converted once with fromOnecDateTime; minutes and seconds are added
 * arithmetically, which is exact when the hour has no offset change inside it (checked: its last
 * second is 3,599 s after its first). Hours with a change, and anything not in that exact shape,
 * go through fromOnecDateTime itself. The cache lives as long as the returned function: make one per
 * job, not one per process (a time-zone change of the process would not reach a long-lived cache).
 */
export function createOnecDateTimeReader(): (text: string | null | undefined) => number | null {
  // Epoch ms of HH:00:00 by 'YYYY-MM-DDTHH'; NaN for an hour read the slow way.
  const hours = new Map<string, number>();
  const digit = (text: string, at: number): number => {
    const code = text.charCodeAt(at) - 48;
    return code >= 0 && code <= 9 ? code : -1000;
  };
  return (text) => {
    if (text === null || text === undefined || text.length !== 19) return fromOnecDateTime(text);
    if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
      return fromOnecDateTime(text);
    }
    const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
    const hour = digit(text, 11) * 10 + digit(text, 12);
    const minute = digit(text, 14) * 10 + digit(text, 15);
    const second = digit(text, 17) * 10 + digit(text, 18);
    // Years below 100 (the empty date among them) and out-of-range fields: the slow path decides.
    if (!(year >= 100 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59)) return fromOnecDateTime(text);
    const key = text.slice(0, 13);
    let start = hours.get(key);
    if (start === undefined) {
      // Throws for a day that does not exist, like the slow path (nothing is cached then).
      const first = fromOnecDateTime(`${key}:00:00`) as number;
      const last = fromOnecDateTime(`${key}:59:59`) as number;
      start = last - first === 3_599_000 ? first : Number.NaN;
      if (hours.size >= 100_000) hours.clear();
      hours.set(key, start);
    }
    return Number.isNaN(start) ? fromOnecDateTime(text) : start + minute * 60_000 + second * 1_000;
  };
}

// ---------------------------------------------------------------------------------------------
// Encoding. 1C decodes percent-encoded UTF-8; it does NOT read `+` as a space (P8), and IIS is
// strict about odd characters in paths. So: encodeURIComponent for everything, then put back the
// characters that carry OData syntax and are legal as they are.

/**
 * Percent-encodes an unencoded resource path such as
 * `AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Номенклатура,Склад')`. Keeps the OData
 * syntax characters `( ) , = ' /` and `$` (for `$metadata`, `$count`) literal; encodes Cyrillic,
 * spaces (`%20`) and everything else.
 */
export function encodeODataPath(path: string): string {
  return encodeURIComponent(path).replace(/%2C|%3D|%2F|%24/g, (escape) => decodeURIComponent(escape));
}

/** Encodes one query-string value: `%20` for spaces (never `+`), `+` itself as `%2B`; keeps `, / : $` readable. */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C|%2F|%3A|%24/g, (escape) => decodeURIComponent(escape));
}

/**
 * The query string (without `?`) for a GET: always `$format=json` first, then the system options in a
 * fixed order, then `params`. `params` may not set system options (keys starting with `$`).
 */
export function buildODataQueryString(query: ODataQuery = {}): string {
  const parts: string[] = ['$format=json'];
  if (query.filter !== undefined && query.filter !== '') parts.push(`$filter=${encodeQueryValue(query.filter)}`);
  if (query.select !== undefined && query.select.length > 0) parts.push(`$select=${encodeQueryValue(query.select.join(','))}`);
  if (query.orderby !== undefined && query.orderby !== '') parts.push(`$orderby=${encodeQueryValue(query.orderby)}`);
  if (query.top !== undefined) parts.push(`$top=${nonNegativeInteger(query.top, '$top')}`);
  if (query.skip !== undefined) parts.push(`$skip=${nonNegativeInteger(query.skip, '$skip')}`);
  if (query.inlinecount === true) parts.push('$inlinecount=allpages');
  for (const [key, value] of Object.entries(query.params ?? {})) {
    if (key === '' || key.startsWith('$')) throw new RangeError(`params cannot set a system query option: ${key}`);
    parts.push(`${encodeQueryValue(key)}=${encodeQueryValue(value)}`);
  }
  return parts.join('&');
}

function nonNegativeInteger(value: number, name: string): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return String(value);
}

/** Path + query for a collection GET, relative to the OData base (no leading slash). Query-string parameters go in `query.params`, never in `path`. */
export function buildODataRequestTarget(path: string, query?: ODataQuery): string {
  if (path.includes('?') || path.includes('#')) throw new RangeError(`Put query parameters in query.params, not in the path: ${path}`);
  return `${encodeODataPath(path.replace(/^\/+/, ''))}?${buildODataQueryString(query)}`;
}
