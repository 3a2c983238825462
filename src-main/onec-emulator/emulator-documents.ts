// The stock documents as entity sets (GET side): one set per document kind, serving the documents
// generated with the register records and the ones created through OData alike. Header attributes
// in wire form, then the tabular section as an array of rows that repeat Ref_Key and carry
// LineNumber (sample 03), then navigation links. Also the read-only view tests get of a document.
import { type DocumentLine, emptyGuid, type EmulatorStore, type StockDocument, type StockDocumentKind } from './emulator-data';
import { type HeaderDef, type StockDocumentDef, stockDocumentDefs } from './emulator-document-defs';
import { type AnySource, dataVersionField, dataVersionString, deletionField, type EntitySource, type FieldDef, guidKey, refField, type TabularRow } from './emulator-sets';
import { parseDatetimeLiteral } from './odata-filter';

/** 1C's empty date (0001-01-01T00:00:00) as the emulator keeps dates: epoch ms of that local wall-clock time. */
export const emptyDateMs = parseDatetimeLiteral('0001-01-01T00:00:00') as number;

export type EmulatorDocumentLine = {
  lineNumber: number;
  productRef: string;
  /** null for the empty ref. */
  characteristicRef: string | null;
  qty: number;
  /** КоличествоУчет of a count; 0 elsewhere. */
  qtyAccounted: number;
  price: number;
  amount: number;
};

/** A stock document as 1C holds it, for tests (`OnecEmulator.documents()`). Empty refs are null. */
export type EmulatorDocument = {
  set: string;
  kind: StockDocumentKind;
  ref: string;
  number: string;
  /** Epoch ms of the server-local wall clock; null for 1C's empty date. */
  date: number | null;
  posted: boolean;
  deletionMark: boolean;
  dataVersion: string;
  organizationRef: string | null;
  counterpartyRef: string | null;
  /** The warehouse (УТ Склад / СкладОтправитель, УНФ СтруктурнаяЕдиница). */
  warehouseRef: string | null;
  /** Transfers: the receiving warehouse. */
  warehouseToRef: string | null;
  comment: string;
  /** The header attributes in wire form, as a GET returns them (Склад_Key, Комментарий…). */
  header: Record<string, string>;
  lines: EmulatorDocumentLine[];
};

export function headerValue(doc: StockDocument, role: HeaderDef['role']): string {
  switch (role) {
    case 'organization':
      return doc.organizationRef;
    case 'counterparty':
      return doc.counterpartyRef;
    case 'warehouse':
      return doc.warehouseRef;
    case 'warehouseTo':
      return doc.warehouseToRef;
    case 'comment':
      return doc.comment;
  }
}

/**
 * The rows of a document. A generated document keeps none: they are read off its records (a
 * transfer's expense records; quantities positive). Prices of generated rows are 0.
 */
export function documentLines(store: EmulatorStore, doc: StockDocument): DocumentLine[] {
  if (doc.lines) return doc.lines;
  const rec = doc.recorder;
  if (!rec) return [];
  const m = store.movements;
  const lines: DocumentLine[] = [];
  for (let i = rec.start; i < rec.start + rec.count; i += 1) {
    const qty = m.qty[i] as number;
    if (doc.kind === 'transfer' && qty > 0) continue;
    lines.push({ product: m.product[i] as string, characteristic: m.characteristic[i] ?? emptyGuid, qty: Math.abs(qty), qtyAccounted: 0, price: 0, amount: 0 });
  }
  return lines;
}

const rowValue: Record<StockDocumentDef['rowNumbers'][number], (l: DocumentLine) => number> = {
  Количество: (l) => l.qty,
  КоличествоУчет: (l) => l.qtyAccounted,
  Цена: (l) => l.price,
  Сумма: (l) => l.amount,
};

function documentSource(store: EmulatorStore, def: StockDocumentDef): EntitySource<StockDocument> {
  const rowField = (name: string, type: FieldDef<TabularRow>['type']): FieldDef<TabularRow> => ({ name, type, get: (r) => r[name] });
  return {
    name: def.set,
    kind: 'document',
    keyFields: guidKey,
    fields: [
      refField(),
      dataVersionField(),
      deletionField(),
      { name: 'Number', type: 'Edm.String', get: (d) => d.number },
      // emptyDateMs is written as 0001-01-01T00:00:00 (formatDate).
      { name: 'Date', type: 'Edm.DateTime', get: (d) => d.date },
      { name: 'Posted', type: 'Edm.Boolean', get: (d) => d.posted },
      ...def.header.map(
        (h): FieldDef<StockDocument> => ({
          name: h.name,
          type: h.role === 'comment' ? 'Edm.String' : 'Edm.Guid',
          get: (d) => headerValue(d, h.role),
          ...(h.nav ? { nav: h.nav } : {}),
        }),
      ),
    ],
    tabular: {
      name: def.section,
      rowType: `${def.set}_${def.section}_RowType`,
      fields: [
        rowField('Ref_Key', 'Edm.Guid'),
        rowField('LineNumber', 'Edm.Int64'),
        rowField('Номенклатура_Key', 'Edm.Guid'),
        rowField('Характеристика_Key', 'Edm.Guid'),
        ...def.rowNumbers.map((n) => rowField(n, 'Edm.Double')),
      ],
      rows: (doc) =>
        documentLines(store, doc).map((line, i) => {
          const row: TabularRow = { Ref_Key: doc.ref, LineNumber: i + 1, Номенклатура_Key: line.product, Характеристика_Key: line.characteristic };
          for (const n of def.rowNumbers) row[n] = rowValue[n](line);
          return row;
        }),
    },
    items: () => store.documentsByKind[def.kind],
    find: (key) => {
      const ref = key.get('Ref_Key');
      const doc = key.size === 1 && typeof ref === 'string' ? store.documents.get(ref) : undefined;
      return doc?.kind === def.kind ? doc : undefined;
    },
    functions: [],
    hasPostActions: true,
  };
}

/** Adds the stock document sets of the store's profile. */
export function addDocumentSources(store: EmulatorStore, sources: Map<string, AnySource>): void {
  for (const def of stockDocumentDefs(store.profile)) sources.set(def.set, documentSource(store, def));
}

const orNull = (ref: string): string | null => (ref === emptyGuid || ref === '' ? null : ref);

export function documentView(store: EmulatorStore, doc: StockDocument): EmulatorDocument {
  const def = stockDocumentDefs(store.profile).find((d) => d.kind === doc.kind) as StockDocumentDef;
  const roles = new Set(def.header.map((h) => h.role));
  const refFor = (role: HeaderDef['role']) => (roles.has(role) ? orNull(headerValue(doc, role)) : null);
  return {
    set: def.set,
    kind: doc.kind,
    ref: doc.ref,
    number: doc.number,
    date: doc.date === emptyDateMs ? null : doc.date,
    posted: doc.posted,
    deletionMark: doc.deletionMark,
    dataVersion: dataVersionString(doc.version),
    organizationRef: refFor('organization'),
    counterpartyRef: refFor('counterparty'),
    warehouseRef: refFor('warehouse'),
    warehouseToRef: refFor('warehouseTo'),
    comment: doc.comment,
    header: Object.fromEntries(def.header.map((h) => [h.name, headerValue(doc, h.role)])),
    lines: documentLines(store, doc).map((l, i) => ({
      lineNumber: i + 1,
      productRef: l.product,
      characteristicRef: orNull(l.characteristic),
      qty: l.qty,
      qtyAccounted: l.qtyAccounted,
      price: l.price,
      amount: l.amount,
    })),
  };
}
