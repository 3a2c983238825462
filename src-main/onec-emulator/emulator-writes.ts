// The write side (onec-http.md §3): POST creates a stock document, a barcode record or a counterparty
// (emulator-counterparty-writes.ts), PATCH updates a document or a counterparty (a tabular section
// sent replaces the section), and the bound actions `Post` / `Unpost` write and remove the document's
// stock records. Everything a request carries is checked before anything changes, so a refused write
// leaves the infobase as it was. Other writes (other catalogs, PUT, DELETE, other registers) are not
// emulated: 501 code 0.
import { addStockDocument, documentNumber, type DocumentLine, emptyGuid, type EmulatorStore, type StockDocument } from './emulator-data';
import { type HeaderRole, type StockDocumentDef, stockDocumentDefs } from './emulator-document-defs';
import { emptyDateMs } from './emulator-documents';
import { parseFunctionArgs, parseKey, parseSegment } from './emulator-paths';
import { postDocument, unpostDocument } from './emulator-posting';
import { type QueryOptions } from './emulator-query';
import { type AnySource } from './emulator-sets';
import { instanceNotFound, ODataError, segmentNotFound } from './odata-error';
import { parseDatetimeLiteral } from './odata-filter';
import { booleanValue, guidValue, internalError, numberValue, parseBody, stringValue, unparsable } from './emulator-write-values';
import { type Counterparty, isCounterpartySource } from './emulator-counterparties';
import { createCounterparty, patchCounterparty } from './emulator-counterparty-writes';

export type WriteContext = {
  store: EmulatorStore;
  baseUrl: string;
  /** Generate a new key even when the body carries a valid unused Ref_Key (see docs). */
  isIgnoringClientKeys: boolean;
  /** Epoch ms: "now" of the server, for operational posting. */
  now(): number;
};

export type WriteRequest = {
  method: string;
  source: AnySource;
  /** The key predicate of `Set(…)`, or null for the set itself. */
  keyArgs: string | null;
  /** Path segments after the first (an action: `Post`, `Post()`, `Unpost`). */
  tail: readonly string[];
  options: QueryOptions;
  body: Buffer;
};

/** What to answer: an entity of `source` in the single-entity envelope, or no body at all. */
export type WriteOutcome = { kind: 'entity'; status: number; source: AnySource; item: unknown; headers: Record<string, string> } | { kind: 'empty'; status: number };

const barcodeRegister = 'InformationRegister_ШтрихкодыНоменклатуры';
/** Number is String(11) in both configurations ("ТД00-000123"); longer strings are cut, as 1C cuts them (P8 §4). */
const numberLength = 11;
const barcodeLength = 200;

function notEmulated(method: string, name: string): ODataError {
  return new ODataError(501, '0', `Эмулятор 1С не поддерживает ${method} для ${name}`);
}

/** Handles one write; throws ODataError (nothing changed) when 1C would refuse it. */
export function handleWrite(ctx: WriteContext, req: WriteRequest): WriteOutcome {
  const { method, source, keyArgs, tail } = req;
  const def = stockDocumentDefs(ctx.store.profile).find((d) => d.set === source.name);
  if (method === 'POST' && keyArgs === null && tail.length === 0) {
    if (def) return createDocument(ctx, def, source, parseBody(req.body));
    if (source.name === barcodeRegister) return createBarcode(ctx, source, parseBody(req.body));
    if (isCounterpartySource(source)) return createCounterparty(ctx, source, parseBody(req.body));
    throw notEmulated(method, source.name);
  }
  if (keyArgs === null || (method !== 'POST' && method !== 'PATCH')) throw notEmulated(method, source.name);
  if (tail.length > 1) throw segmentNotFound(tail[1] ?? '');
  const item: unknown = source.find(parseKey(source, keyArgs));
  if (item === undefined) throw instanceNotFound(source.name);
  if (isCounterpartySource(source)) {
    if (method !== 'PATCH') throw notEmulated(method, source.name);
    if (tail.length > 0) throw segmentNotFound(tail[0] ?? '');
    return patchCounterparty(ctx, source, item as Counterparty, parseBody(req.body));
  }
  if (!def) throw notEmulated(method, source.name);
  const doc = item as StockDocument;
  if (method === 'PATCH') {
    if (tail.length > 0) throw segmentNotFound(tail[0] ?? '');
    return patchDocument(ctx, def, source, doc, parseBody(req.body));
  }
  if (tail.length === 0) throw notEmulated(method, source.name);
  return documentAction(ctx, doc, tail[0] ?? '', req.options);
}

function dateValue(value: unknown): number {
  const ms = typeof value === 'string' ? parseDatetimeLiteral(value) : null;
  if (ms === null) throw unparsable(value, 'Edm.DateTime');
  return Math.floor(ms / 1000) * 1000;
}

/** What a body says about a document; only the properties it carries. */
type DocumentInput = {
  number?: string;
  date?: number;
  deletionMark?: boolean;
  header: Partial<Record<HeaderRole, string>>;
  lines?: DocumentLine[];
};

/**
 * Reads the document's properties from a body. Unknown properties, annotations and the read-only
 * ones (Ref_Key, DataVersion, Posted) are ignored, as 1C ignores them (§3.1, §3.2).
 */
function readDocumentInput(def: StockDocumentDef, body: Record<string, unknown>): DocumentInput {
  const input: DocumentInput = { header: {} };
  for (const [name, value] of Object.entries(body)) {
    if (name === 'Number') input.number = stringValue(name, value).trim().slice(0, numberLength);
    else if (name === 'Date') input.date = dateValue(value);
    else if (name === 'DeletionMark') input.deletionMark = booleanValue(value);
    else if (name === def.section) input.lines = readLines(def, value);
    else {
      const header = def.header.find((h) => h.name === name);
      if (header) input.header[header.role] = header.role === 'comment' ? stringValue(name, value) : guidValue(value);
    }
  }
  return input;
}

/** Rows need LineNumber 1..n in order: without it 500/-1, otherwise numbered 400 (P9-7). */
function readLines(def: StockDocumentDef, value: unknown): DocumentLine[] {
  if (!Array.isArray(value)) throw internalError(`значение табличной части ${def.section} не является массивом`);
  return value.map((raw: unknown, i): DocumentLine => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw internalError(`строка табличной части ${def.section} не является объектом`);
    const row = raw as Record<string, unknown>;
    if (row.LineNumber === undefined || row.LineNumber === null) throw new ODataError(500, '-1', 'Внутренняя ошибка OData сервиса');
    const lineNumber = numberValue('LineNumber', row.LineNumber, 0);
    if (lineNumber !== i + 1) {
      throw new ODataError(400, '4', `Неверное значение свойства LineNumber (${String(row.LineNumber)}): строки табличной части ${def.section} нумеруются подряд с 1`);
    }
    const number = (name: string, digits: number) => (row[name] === undefined || !def.rowNumbers.some((n) => n === name) ? 0 : numberValue(name, row[name], digits));
    return {
      product: row.Номенклатура_Key === undefined ? emptyGuid : guidValue(row.Номенклатура_Key),
      characteristic: row.Характеристика_Key === undefined ? emptyGuid : guidValue(row.Характеристика_Key),
      qty: number('Количество', 3),
      qtyAccounted: number('КоличествоУчет', 3),
      price: number('Цена', 2),
      amount: number('Сумма', 2),
    };
  });
}

/** 1C keeps a document number unique within its type (the emulator: within the set). */
function checkNumberFree(store: EmulatorStore, doc: Pick<StockDocument, 'kind' | 'ref'>, number: string): void {
  if (store.documentsByKind[doc.kind].some((d) => d.number === number && d.ref !== doc.ref)) {
    throw new ODataError(500, '-1', `Номер "${number}" не уникален: документ с таким номером уже существует`);
  }
}

function documentLocation(ctx: WriteContext, set: string, ref: string): string {
  // Raw UTF-8 in the header, as 1C sends it (M2 finding 1). Node writes header strings as Latin-1,
  // so the UTF-8 bytes are handed over one per character.
  return Buffer.from(`${ctx.baseUrl}${set}(guid'${ref}')`, 'utf8').toString('latin1');
}

function createDocument(ctx: WriteContext, def: StockDocumentDef, source: AnySource, body: Record<string, unknown>): WriteOutcome {
  const { store } = ctx;
  const input = readDocumentInput(def, body);
  let ref: string | null = null;
  if (!ctx.isIgnoringClientKeys && body.Ref_Key !== undefined) {
    const given = guidValue(body.Ref_Key);
    // The empty ref asks for a new one, as for any new object.
    if (given !== emptyGuid) {
      if (store.documents.has(given) || store.recorderByRef.has(given)) {
        throw new ODataError(400, '15', `Экземпляр сущности "${def.set}" с ключом guid'${given}' уже существует`);
      }
      ref = given;
    }
  }
  if (input.number) checkNumberFree(store, { kind: def.kind, ref: ref ?? '' }, input.number);
  const header = input.header;
  const doc: StockDocument = {
    ref: ref ?? store.newRef(),
    kind: def.kind,
    number: input.number || documentNumber(store),
    date: input.date ?? emptyDateMs,
    posted: false,
    deletionMark: input.deletionMark ?? false,
    version: store.nextVersion(),
    organizationRef: header.organization ?? emptyGuid,
    counterpartyRef: header.counterparty ?? emptyGuid,
    warehouseRef: header.warehouse ?? emptyGuid,
    warehouseToRef: header.warehouseTo ?? emptyGuid,
    comment: header.comment ?? '',
    lines: input.lines ?? [],
    recorder: null,
    isCreated: true,
  };
  addStockDocument(store, doc);
  return { kind: 'entity', status: 201, source, item: doc, headers: { Location: documentLocation(ctx, def.set, doc.ref) } };
}

function patchDocument(ctx: WriteContext, def: StockDocumentDef, source: AnySource, doc: StockDocument, body: Record<string, unknown>): WriteOutcome {
  const { store } = ctx;
  const input = readDocumentInput(def, body);
  if (input.deletionMark === true && !doc.deletionMark && doc.posted) {
    // M2 §4: 1C refuses to mark a posted document; unpost it first.
    throw new ODataError(500, '-1', `Проведенный документ не может быть помечен на удаление: сначала отмените проведение (${def.set} ${doc.number})`);
  }
  if (input.number) checkNumberFree(store, doc, input.number);
  if (input.number !== undefined) doc.number = input.number || documentNumber(store);
  if (input.date !== undefined) doc.date = input.date;
  if (input.deletionMark !== undefined) doc.deletionMark = input.deletionMark;
  const h = input.header;
  if (h.organization !== undefined) doc.organizationRef = h.organization;
  if (h.counterparty !== undefined) doc.counterpartyRef = h.counterparty;
  if (h.warehouse !== undefined) doc.warehouseRef = h.warehouse;
  if (h.warehouseTo !== undefined) doc.warehouseToRef = h.warehouseTo;
  if (h.comment !== undefined) doc.comment = h.comment;
  // The rows sent become the whole section (§3.2, P9-6). A posted document keeps its records until re-posted.
  if (input.lines !== undefined) doc.lines = input.lines;
  doc.version = store.nextVersion();
  store.revision += 1;
  return { kind: 'entity', status: 200, source, item: doc, headers: {} };
}

/** `Post?PostingModeOperational=false` (also `Post()?…` and `Post(PostingModeOperational=false)`), `Unpost`. */
function documentAction(ctx: WriteContext, doc: StockDocument, segment: string, options: QueryOptions): WriteOutcome {
  const call = parseSegment(segment);
  const params = new Map(options.params);
  for (const [name, value] of parseFunctionArgs(call.args ?? '')) params.set(name, value);
  if (call.name === 'Post') {
    const mode = params.get('PostingModeOperational');
    // A parameter of the FunctionImport (§1.8); the emulator does not guess a default.
    if (mode === undefined) throw new ODataError(400, '12', 'Не задан обязательный параметр метода Post: PostingModeOperational');
    if (mode !== 'true' && mode !== 'false') throw unparsable(mode, 'Edm.Boolean');
    postDocument(ctx.store, doc, mode === 'true', ctx.now());
  } else if (call.name === 'Unpost') {
    unpostDocument(ctx.store, doc);
  } else {
    throw segmentNotFound(call.name);
  }
  // The success status and body of Post/Unpost are unconfirmed (§3.4, §10): 200 with an empty body
  // (Post is a FunctionImport without a ReturnType, so there is nothing to send back).
  return { kind: 'empty', status: 200 };
}

/** POST InformationRegister_ШтрихкодыНоменклатуры: 200 with the record; a taken Штрихкод is 400 (P9-1/2/5). */
function createBarcode(ctx: WriteContext, source: AnySource, body: Record<string, unknown>): WriteOutcome {
  const { store } = ctx;
  const code = body.Штрихкод === undefined ? '' : stringValue('Штрихкод', body.Штрихкод).slice(0, barcodeLength);
  const refOrNull = (name: string): string | null => {
    const value = body[name] === undefined ? emptyGuid : guidValue(body[name]);
    return value === emptyGuid ? null : value;
  };
  const productRef = refOrNull('Номенклатура_Key') ?? emptyGuid;
  const characteristicRef = refOrNull('Характеристика_Key');
  // УНФ's register has no Упаковка: like any unknown property, it is ignored there.
  const packageRef = store.profile === 'ut11' ? refOrNull('Упаковка_Key') : null;
  if (code.trim() === '') throw new ODataError(500, '-1', 'Не заполнено значение измерения "Штрихкод" регистра сведений "Штрихкоды номенклатуры"');
  if (store.barcodeByCode.has(code)) throw new ODataError(400, '15', 'Запись с такими значениями уже существует');
  const record = { code, productRef, characteristicRef, packageRef };
  store.barcodes.push(record);
  store.barcodeByCode.set(code, record);
  store.nextVersion();
  store.revision += 1;
  return { kind: 'entity', status: 200, source, item: record, headers: {} };
}
