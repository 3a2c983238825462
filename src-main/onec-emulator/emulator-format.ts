// Wire encodings: JSON (minimalmetadata / nometadata) and Atom, error bodies, the service document.
// Bodies are produced as a list of Buffers (about 1,000 entries each), so a 200,000-row answer is
// never one giant string, and Content-Length is still exact (faults truncate against it).
import { emptyGuid } from './emulator-data';
import { type AnySource, type FieldDef, type RowRef, type TabularRow } from './emulator-sets';
import { type WireFormat } from './emulator-query';
import { type ODataError } from './odata-error';
import { type CompositeValue, type EdmType, type FieldValue } from './odata-filter';

export const emptyDate = '0001-01-01T00:00:00';
const entriesPerChunk = 1000;

/**
 * Dates as 1C writes them: the server's local wall clock, no time zone, seconds precision; the empty
 * date is 0001-01-01T00:00:00. (The emulator's machine plays the 1C server, as the store's 1C does.)
 */
export function formatDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return emptyDate;
  const d = new Date(ms);
  if (d.getFullYear() < 2) return emptyDate;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getFullYear()).padStart(4, '0')}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** One property value as JSON: Int64 as a string (sample 03), Double as a number, refs lower-case. */
function jsonValue(type: EdmType, value: FieldValue): unknown {
  if (value === undefined || value === null) {
    // A NULL reference (an attribute that does not apply) stays null (sample 05); a date field
    // never holds NULL in 1C, its empty value is 0001-01-01.
    return type === 'Edm.DateTime' ? emptyDate : null;
  }
  switch (type) {
    case 'Edm.DateTime':
      return formatDate(value as number);
    case 'Edm.Int64':
      return String(value);
    case 'Edm.Guid':
      return value === '' ? emptyGuid : value;
    default:
      return value;
  }
}

function putJson(target: Record<string, unknown>, field: FieldDef<unknown>, value: FieldValue): void {
  if (field.type === 'composite') {
    const v = value as CompositeValue | undefined;
    target[field.name] = v?.guid ?? emptyGuid;
    target[`${field.name}_Type`] = v?.type ?? 'StandardODATA.Undefined';
    return;
  }
  target[field.name] = jsonValue(field.type, value);
}

export type BodyContext = {
  baseUrl: string;
  source: AnySource;
  fields: FieldDef<unknown>[];
  rowFields: FieldDef<RowRef>[] | null;
  /** Documents: the selected fields of the tabular section's rows, or null when it is not selected. */
  tabularFields: FieldDef<TabularRow>[] | null;
  format: WireFormat;
};

function entityObject(ctx: BodyContext, item: unknown): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const f of ctx.fields) putJson(obj, f, f.get(item));
  const recordSet = ctx.source.recordSet;
  if (recordSet && ctx.rowFields) {
    obj.RecordSet = recordSet.rows(item).map((r) => {
      const row: Record<string, unknown> = {};
      for (const f of ctx.rowFields ?? []) putJson(row, f as FieldDef<unknown>, f.get(r));
      return row;
    });
  }
  const tabular = ctx.source.tabular;
  if (tabular && ctx.tabularFields) {
    obj[tabular.name] = tabular.rows(item).map((r) => {
      const row: Record<string, unknown> = {};
      for (const f of ctx.tabularFields ?? []) putJson(row, f as FieldDef<unknown>, f.get(r));
      return row;
    });
  }
  // Navigation links: minimalmetadata only, and only for non-empty refs (samples 03, 05).
  if (ctx.format === 'json' && (ctx.source.kind === 'catalog' || ctx.source.kind === 'document')) {
    const ref = (item as { ref: string }).ref;
    for (const f of ctx.fields) {
      if (!f.nav) continue;
      const v = f.get(item);
      if (typeof v === 'string' && v !== emptyGuid) obj[`${f.nav.name}@navigationLinkUrl`] = `${ctx.source.name}(guid'${ref}')/${f.nav.name}`;
    }
  }
  return obj;
}

/** `{"odata.metadata": "<base>$metadata#Set", ["odata.count": "N",] "value": [...]}`. */
export function jsonCollection(ctx: BodyContext, items: readonly unknown[], count: number | null, metadataFragment: string): Buffer[] {
  const head: Record<string, unknown> = {};
  if (ctx.format === 'json') head['odata.metadata'] = `${ctx.baseUrl}$metadata#${metadataFragment}`;
  // odata.count is a STRING in 1C's answers (DG; live "1103" in P4).
  if (count !== null) head['odata.count'] = String(count);
  const chunks: Buffer[] = [Buffer.from(`${JSON.stringify(head).slice(0, -1)}${Object.keys(head).length > 0 ? ',' : ''}"value":[`)];
  for (let from = 0; from < items.length; from += entriesPerChunk) {
    const parts: string[] = [];
    const to = Math.min(items.length, from + entriesPerChunk);
    for (let i = from; i < to; i += 1) parts.push(JSON.stringify(entityObject(ctx, items[i])));
    chunks.push(Buffer.from((from > 0 ? ',' : '') + parts.join(',')));
  }
  chunks.push(Buffer.from(']}'));
  return chunks;
}

/** A single entity: properties at top level, `odata.metadata` ending in `/@Element` (sample 04). */
export function jsonEntity(ctx: BodyContext, item: unknown): Buffer[] {
  const head = ctx.format === 'json' ? { 'odata.metadata': `${ctx.baseUrl}$metadata#${ctx.source.name}/@Element` } : {};
  return [Buffer.from(JSON.stringify({ ...head, ...entityObject(ctx, item) }))];
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function xmlProperty(name: string, type: EdmType, value: FieldValue): string {
  const wire = jsonValue(type, value);
  const typeAttr = type === 'Edm.String' ? '' : ` m:type="${type}"`;
  if (wire === null) return `<d:${name}${typeAttr} m:null="true"/>`;
  return `<d:${name}${typeAttr}>${escapeXml(String(wire))}</d:${name}>`;
}

function xmlProperties(fields: readonly FieldDef<unknown>[], item: unknown): string {
  let out = '';
  for (const f of fields) {
    const v = f.get(item);
    if (f.type === 'composite') {
      const c = v as CompositeValue | undefined;
      out += xmlProperty(f.name, 'Edm.String', c?.guid ?? emptyGuid) + xmlProperty(`${f.name}_Type`, 'Edm.String', c?.type ?? 'StandardODATA.Undefined');
    } else {
      out += xmlProperty(f.name, f.type, v);
    }
  }
  return out;
}

const atomNamespaces =
  'xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" ' +
  'xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"';

function atomEntry(ctx: BodyContext, item: unknown, updated: string, isRoot: boolean): string {
  let props = xmlProperties(ctx.fields, item);
  const recordSet = ctx.source.recordSet;
  if (recordSet && ctx.rowFields) {
    const rowType = `StandardODATA.${recordSet.rowType}`;
    props += `<d:RecordSet m:type="Collection(${rowType})">`;
    for (const r of recordSet.rows(item)) props += `<d:element m:type="${rowType}">${xmlProperties(ctx.rowFields as FieldDef<unknown>[], r)}</d:element>`;
    props += '</d:RecordSet>';
  }
  const tabular = ctx.source.tabular;
  if (tabular && ctx.tabularFields) {
    const rowType = `StandardODATA.${tabular.rowType}`;
    props += `<d:${tabular.name} m:type="Collection(${rowType})">`;
    for (const r of tabular.rows(item)) props += `<d:element m:type="${rowType}">${xmlProperties(ctx.tabularFields as FieldDef<unknown>[], r)}</d:element>`;
    props += `</d:${tabular.name}>`;
  }
  const ref = (item as { ref?: unknown }).ref;
  const id = typeof ref === 'string' ? `${ctx.baseUrl}${ctx.source.name}(guid'${ref}')` : `${ctx.baseUrl}${ctx.source.name}`;
  return (
    `<entry${isRoot ? ` ${atomNamespaces} xml:base="${escapeXml(ctx.baseUrl)}"` : ''}><id>${escapeXml(id)}</id>` +
    `<category term="StandardODATA.${ctx.source.name}" scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme"/>` +
    `<title type="text"/><updated>${updated}</updated><author/><summary/>` +
    `<content type="application/xml"><m:properties>${props}</m:properties></content></entry>`
  );
}

export function atomFeed(ctx: BodyContext, items: readonly unknown[], count: number | null, title: string): Buffer[] {
  const updated = `${new Date().toISOString().slice(0, 19)}Z`;
  const chunks = [
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\r\n<feed ${atomNamespaces} xml:base="${escapeXml(ctx.baseUrl)}">` +
        `<id>${escapeXml(ctx.baseUrl + title)}</id><title type="text">${escapeXml(title)}</title><updated>${updated}</updated>` +
        `<author/><link rel="self" href="${escapeXml(title)}" title="${escapeXml(title)}"/>${count !== null ? `<m:count>${count}</m:count>` : ''}`,
    ),
  ];
  for (let from = 0; from < items.length; from += entriesPerChunk) {
    let part = '';
    const to = Math.min(items.length, from + entriesPerChunk);
    for (let i = from; i < to; i += 1) part += atomEntry(ctx, items[i], updated, false);
    chunks.push(Buffer.from(part));
  }
  chunks.push(Buffer.from('</feed>'));
  return chunks;
}

export function atomEntity(ctx: BodyContext, item: unknown): Buffer[] {
  const updated = `${new Date().toISOString().slice(0, 19)}Z`;
  return [Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\r\n${atomEntry(ctx, item, updated, true)}`)];
}

/** `{"odata.error":{"code":"9","message":{"lang":"ru","value":"…"}}}` (samples 09, 11) or `<m:error>`. */
export function errorBody(error: ODataError, isJson: boolean): { contentType: string; body: Buffer } {
  if (isJson) {
    return {
      contentType: 'application/json;charset=utf-8',
      body: Buffer.from(JSON.stringify({ 'odata.error': { code: error.code, message: { lang: 'ru', value: error.message } } })),
    };
  }
  return {
    contentType: 'application/xml;charset=utf-8',
    body: Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?>\r\n<m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">' +
        `<m:code>${escapeXml(error.code)}</m:code><m:message xml:lang="ru">${escapeXml(error.message)}</m:message></m:error>`,
    ),
  };
}

/** The AtomPub service document at the base URL: one collection per published set. */
export function serviceDocument(baseUrl: string, setNames: readonly string[]): Buffer {
  const collections = setNames.map((n) => `<collection href="${escapeXml(n)}"><atom:title>${escapeXml(n)}</atom:title></collection>`).join('');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\r\n<service xmlns="http://www.w3.org/2007/app" xmlns:atom="http://www.w3.org/2005/Atom" xml:base="${escapeXml(baseUrl)}">` +
      `<workspace><atom:title>Default</atom:title>${collections}</workspace></service>`,
  );
}

/** The page 1C's web extension shows on an application error, sent with status 200 (HCB, CDC). */
export function applicationErrorPage(): Buffer {
  return Buffer.from(
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>1C:Enterprise 8 application error</title></head>' +
      '<body><h1>1C:Enterprise 8 application error</h1><p>Ошибка при выполнении операции с информационной базой by reason:</p>' +
      '<p>Сеанс работы завершен администратором.</p></body></html>',
  );
}
