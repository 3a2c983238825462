import { type AuditEntry, type InvokeInput } from '../../../src-preload/contract';
import { type CsvTable } from '../reports/ExportCsvButton';

/** The filter as typed in the form: dates as yyyy-mm-dd, empty strings for "any". */
export type AuditFilter = { from: string; to: string; userId: string; action: string; text: string };

/** Local calendar days: "to" includes the whole day it names. */
export function auditQuery(filter: AuditFilter, limit: number, offset: number): InvokeInput<'audit.list'> {
  const day = (text: string, plusDays: number): number | undefined => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) return undefined;
    return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays).getTime();
  };
  const from = day(filter.from, 0);
  const to = day(filter.to, 1);
  return {
    limit,
    offset,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(filter.userId === '' ? {} : { userId: filter.userId }),
    ...(filter.action.trim() === '' ? {} : { action: filter.action.trim() }),
    ...(filter.text.trim() === '' ? {} : { text: filter.text.trim() }),
  };
}

/** `key=value` pairs in one line; nested values as JSON. */
export function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

type Headers = { at: string; user: string; action: string; details: string; system: string };

/** Time as ISO with the offset kept out: the local wall time is what the store recognises. */
export function auditCsv(items: readonly AuditEntry[], headers: Headers): CsvTable {
  return {
    header: [headers.at, headers.user, headers.action, headers.details],
    rows: items.map((entry) => [localTime(entry.at), entry.userName ?? headers.system, entry.action, describeDetails(entry.details)]),
  };
}

function localTime(at: number): string {
  const date = new Date(at);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
