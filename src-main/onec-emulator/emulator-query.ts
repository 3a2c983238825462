// System query options as 1C reads them: the raw query string (where '+' is NOT a space), $select,
// $orderby, $top/$skip, $inlinecount, $format, and their execution over one entity set.
import { compareRefs, emptyGuid } from './emulator-data';
import { type AnySource, type FieldDef, type RowRef, type TabularRow } from './emulator-sets';
import { ODataError, segmentNotFound } from './odata-error';
import { compileFilter, exactGuidLookup, type FieldValue, filterParseError, parseFilter, type Predicate } from './odata-filter';

export const wireFormats = ['atom', 'json', 'json-nometadata'] as const;
export type WireFormat = (typeof wireFormats)[number];

export type QueryOptions = {
  format: WireFormat;
  filter?: string;
  select?: string;
  orderby?: string;
  top?: number;
  skip?: number;
  isInlineCount: boolean;
  /** Non-system parameters (virtual-table parameters in the query-string form, allowedOnly…). */
  params: Map<string, string>;
};

const knownSystemOptions = new Set(['$format', '$filter', '$select', '$orderby', '$top', '$skip', '$inlinecount', '$expand']);

/**
 * Parses the raw query string. Values are percent-decoded as UTF-8, and a '+' stays a '+' (1C does
 * not treat it as a space: P8), so `$filter=Code+eq+'1'` later fails to parse, as on a real base.
 */
export function parseQueryString(rawQuery: string, accept: string | undefined): QueryOptions {
  const raw = new Map<string, string>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName);
      value = decodeURIComponent(rawValue);
    } catch {
      throw new ODataError(400, '2', 'Неверный формат запроса: некорректная кодировка URL');
    }
    raw.set(name, value);
  }
  const acceptsJson = accept !== undefined && /application\/json/i.test(accept);
  const format = parseFormat(raw.get('$format'), acceptsJson);
  const options: QueryOptions = { format, isInlineCount: false, params: new Map() };
  for (const [name, value] of raw) {
    if (!name.startsWith('$')) {
      options.params.set(name, value);
      continue;
    }
    if (!knownSystemOptions.has(name)) throw filterParseError(name);
    switch (name) {
      case '$filter':
        options.filter = value;
        break;
      case '$select':
        options.select = value;
        break;
      case '$orderby':
        options.orderby = value;
        break;
      case '$top':
        options.top = parseCount(value, name);
        break;
      case '$skip':
        options.skip = parseCount(value, name);
        break;
      case '$inlinecount':
        if (value !== 'allpages' && value !== 'none') throw filterParseError(name);
        options.isInlineCount = value === 'allpages';
        break;
      default:
        // $expand is accepted and, as live 1C does without the field in $select, ignored (P4).
        break;
    }
  }
  return options;
}

function parseFormat(value: string | undefined, acceptsJson: boolean): WireFormat {
  if (value === undefined) return acceptsJson ? 'json' : 'atom';
  const v = value.trim().toLowerCase();
  if (v === 'json' || v.startsWith('application/json')) return /odata=nometadata/.test(v) ? 'json-nometadata' : 'json';
  if (v === 'atom' || v === 'xml' || v === 'application/atom+xml' || v === 'application/xml') return 'atom';
  throw new ODataError(400, '3', `Неподдерживаемое представление: ${value}`);
}

function parseCount(value: string, option: string): number {
  if (!/^\d{1,9}$/.test(value)) throw filterParseError(option);
  return Number(value);
}

export type Selection = {
  fields: FieldDef<unknown>[];
  /** Record sets: the selected RecordSet row fields, or null when RecordSet is not selected. */
  rowFields: FieldDef<RowRef>[] | null;
  /** Documents: the selected fields of the tabular section's rows, or null when it is not selected. */
  tabularFields: FieldDef<TabularRow>[] | null;
};

/** $select → fields in $metadata order; an unknown name fails with 400/6 echoing it (P4, P7). */
export function parseSelect(source: AnySource, select: string | undefined, rowFieldsOf: FieldDef<RowRef>[] | null): Selection {
  const tabular = source.tabular ?? null;
  const all: Selection = { fields: source.fields, rowFields: rowFieldsOf, tabularFields: tabular?.fields ?? null };
  if (select === undefined || select.trim() === '') return all;
  const wanted = new Set<string>();
  const wantedRows = new Set<string>();
  const wantedTabular = new Set<string>();
  let isAll = false;
  let isAllRows = false;
  let isAllTabular = false;
  for (const rawItem of select.split(',')) {
    const item = rawItem.trim();
    if (item === '*' || item === '**') {
      isAll = true;
      // `**` is every property but the tabular sections (DG §17.4.6.3).
      if (item === '*') isAllTabular = true;
      continue;
    }
    if (tabular && (item === tabular.name || item === `${tabular.name}/*`)) {
      isAllTabular = true;
      continue;
    }
    if (tabular && item.startsWith(`${tabular.name}/`)) {
      const sub = item.slice(tabular.name.length + 1);
      if (!tabular.fields.some((f) => f.name === sub)) throw segmentNotFound(sub);
      wantedTabular.add(sub);
      continue;
    }
    if (rowFieldsOf && item.startsWith('RecordSet/')) {
      const sub = item.slice('RecordSet/'.length);
      if (sub === '*') isAllRows = true;
      else if (rowFieldsOf.some((f) => f.name === sub)) wantedRows.add(sub);
      else throw segmentNotFound(sub);
      continue;
    }
    if (rowFieldsOf && item === 'RecordSet') {
      isAllRows = true;
      continue;
    }
    const field = source.fields.find((f) => f.name === item || (f.type === 'composite' && item === `${f.name}_Type`));
    const isNav = source.fields.some((f) => f.nav?.name === item);
    if (!field && !isNav) throw segmentNotFound(item);
    if (field) wanted.add(field.name);
  }
  const tabularFields = tabular ? (isAllTabular ? tabular.fields : wantedTabular.size > 0 ? tabular.fields.filter((f) => wantedTabular.has(f.name)) : null) : null;
  if (isAll) return { ...all, tabularFields };
  const rowFields = rowFieldsOf ? (isAllRows ? rowFieldsOf : wantedRows.size > 0 ? rowFieldsOf.filter((f) => wantedRows.has(f.name)) : null) : null;
  return { fields: source.fields.filter((f) => wanted.has(f.name)), rowFields, tabularFields };
}

type SortKey = { field: FieldDef<unknown>; isDescending: boolean };

const collator = new Intl.Collator('ru', { sensitivity: 'accent', numeric: false });

function parseOrderby(source: AnySource, orderby: string): SortKey[] {
  const keys: SortKey[] = [];
  for (const rawItem of orderby.split(',')) {
    const m = /^ *([\p{L}_][\p{L}\p{N}_/]*)(?: +(asc|desc))? *$/u.exec(rawItem);
    if (!m) throw filterParseError('$orderby');
    const name = m[1] as string;
    const field = source.fields.find((f) => f.name === name);
    if (!field) throw segmentNotFound(name);
    keys.push({ field, isDescending: m[2] === 'desc' });
  }
  return keys;
}

function compareValues(type: FieldDef<unknown>['type'], a: FieldValue, b: FieldValue): number {
  if (a === b) return 0;
  // NULLs first, as SQL Server and 1C order them.
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (type === 'Edm.Guid' && typeof a === 'string' && typeof b === 'string') {
    // An empty ref sorts first; other refs by 1C's binary layout, NOT by the GUID string (see docs).
    if (a === emptyGuid) return -1;
    if (b === emptyGuid) return 1;
    return compareRefs(a, b);
  }
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'object' && typeof b === 'object') return compareRefs(a.guid ?? emptyGuid, b.guid ?? emptyGuid);
  return 0;
}

type SortCache = { revision: number; key: string; order: readonly unknown[] };

/**
 * Filters, orders and pages one entity set. Record sets ignore $orderby (as 1C does, CDC) and match
 * a $filter when ANY of their records matches. With $inlinecount=allpages, $top and $skip are
 * ignored and the whole filtered result is returned (DG).
 */
export function executeQuery(
  source: AnySource,
  options: QueryOptions,
  revision: number,
  sortCache: Map<string, SortCache>,
): { items: readonly unknown[]; count: number | null } {
  let items: readonly unknown[] = source.items();
  const full = items;
  let predicate: Predicate<unknown> | null = null;
  if (options.filter !== undefined) {
    const node = parseFilter(options.filter);
    if (source.recordSet) {
      const recordSet = source.recordSet;
      const top = new Map(source.fields.map((f) => [f.name, f]));
      const rows = new Map(recordSet.fields.map((f) => [f.name, f]));
      const rowPredicate = compileFilter<RowRef>(node, (path) => {
        const t = top.get(path);
        if (t) return { type: t.type, get: (r: RowRef) => t.get(r.rec) };
        const f = rows.get(path);
        return f ? { type: f.type, get: f.get } : undefined;
      });
      predicate = (rec) => recordSet.rows(rec).some(rowPredicate);
    } else {
      const byName = new Map(source.fields.map((f) => [f.name, f]));
      predicate = compileFilter<unknown>(node, (path) => byName.get(path));
      // The common key lookup: no scan.
      const ref = source.keyFields.length === 1 && source.keyFields[0]?.name === 'Ref_Key' ? exactGuidLookup(node, 'Ref_Key') : null;
      if (ref !== null) {
        const found = source.find(new Map([['Ref_Key', ref]]));
        items = found === undefined ? [] : [found];
      }
    }
  }
  if (options.orderby !== undefined && options.orderby.trim() !== '' && !source.recordSet) {
    const keys = parseOrderby(source, options.orderby);
    const isDefaultOrder = keys.length === 1 && keys[0]?.field.name === 'Ref_Key' && !keys[0].isDescending && (source.kind === 'catalog' || source.kind === 'document' || source.kind === 'padding');
    if (!isDefaultOrder && items.length > 1) {
      const cacheKey = `${source.name}|${options.orderby}`;
      const cached = sortCache.get(cacheKey);
      if (cached && cached.revision === revision && items === full) {
        items = cached.order;
      } else {
        const wasFull = items === full;
        // Array.prototype.sort is stable: equal keys keep 1C's default (ref) order, so pages never overlap.
        const sorted = [...items].sort((a, b) => {
          for (const k of keys) {
            const d = compareValues(k.field.type, k.field.get(a), k.field.get(b));
            if (d !== 0) return k.isDescending ? -d : d;
          }
          return 0;
        });
        if (wasFull) remember(sortCache, cacheKey, { revision, key: cacheKey, order: sorted });
        items = sorted;
      }
    }
  }
  if (predicate && source.kind !== 'virtual' && (items === full || sortCache.get(`${source.name}|${options.orderby ?? ''}`)?.order === items)) {
    // Paging through a filtered set ($filter + $orderby + $skip) would rescan from the start on
    // every page; the filtered order is cached until the next write instead.
    const cacheKey = `${source.name}|${options.orderby ?? ''}|${options.filter ?? ''}`;
    const cached = sortCache.get(cacheKey);
    if (cached && cached.revision === revision) items = cached.order;
    else {
      items = items.filter(predicate);
      remember(sortCache, cacheKey, { revision, key: cacheKey, order: items });
    }
    predicate = null;
  }
  if (options.isInlineCount) {
    const all = predicate ? items.filter(predicate) : items;
    return { items: all, count: all.length };
  }
  const skip = options.skip ?? 0;
  const top = options.top ?? Number.POSITIVE_INFINITY;
  if (!predicate) return { items: items.slice(skip, skip + top), count: null };
  const page: unknown[] = [];
  let skipped = 0;
  for (const item of items) {
    if (page.length >= top) break;
    if (!predicate(item)) continue;
    if (skipped < skip) {
      skipped += 1;
      continue;
    }
    page.push(item);
  }
  return { items: page, count: null };
}

const maxCachedOrders = 16;

function remember(cache: Map<string, SortCache>, key: string, value: SortCache): void {
  cache.delete(key);
  cache.set(key, value);
  // Oldest first in a Map: drop beyond the cap so many distinct filters cannot grow memory.
  while (cache.size > maxCachedOrders) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
}
