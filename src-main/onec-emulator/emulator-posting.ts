// Posting and unposting stock documents: the records a document writes into the stock register
// (Recorder = the document, Period = its Date), replacing its earlier ones, and the negative-stock
// control that refuses a posting as 1C does: HTTP 500, code -1, the configuration's message, and
// nothing changed (onec-http.md §3.4).
import { emptyGuid, type EmulatorStore, type MovementLine, type Recorder, replaceStockRecords, type StockDocument } from './emulator-data';
import { stockDocumentDef } from './emulator-document-defs';
import { documentLines, emptyDateMs } from './emulator-documents';
import { ODataError } from './odata-error';

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** The stock records the document writes when posted; none for a count. Zero-quantity rows write nothing. */
export function documentRecords(store: EmulatorStore, doc: StockDocument): MovementLine[] {
  const def = stockDocumentDef(store.profile, doc.kind);
  if (def.sign === 0) return [];
  const records: MovementLine[] = [];
  for (const line of documentLines(store, doc)) {
    if (line.qty === 0) continue;
    const characteristicRef = line.characteristic === emptyGuid ? null : line.characteristic;
    records.push({ productRef: line.product, characteristicRef, warehouseRef: doc.warehouseRef, qty: def.sign * line.qty });
    // A transfer writes two records per row: the expense at the sender, the receipt at the receiver.
    if (doc.kind === 'transfer') records.push({ productRef: line.product, characteristicRef, warehouseRef: doc.warehouseToRef, qty: line.qty });
  }
  return records;
}

/**
 * Posts the document: its records replace the ones of its last posting (re-posting the same
 * document is idempotent). Throws ODataError 500/-1, changing nothing, when the document is marked
 * for deletion, when operational posting is asked for a document not dated today, or when a
 * balance it lowers would go below zero.
 */
export function postDocument(store: EmulatorStore, doc: StockDocument, isOperational: boolean, now: number): void {
  if (doc.deletionMark) throw new ODataError(500, '-1', `Помеченный на удаление документ не может быть проведен! (${documentTitle(store, doc)})`);
  if (isOperational && (doc.date === emptyDateMs || new Date(doc.date).toDateString() !== new Date(now).toDateString())) {
    throw new ODataError(500, '-1', `Оперативное проведение документа не текущей датой невозможно! (${documentTitle(store, doc)})`);
  }
  // Generated documents derive their rows from their records: fix them before the records change.
  doc.lines = documentLines(store, doc);
  const next = documentRecords(store, doc);
  checkNegativeStock(store, doc.recorder, next);
  if (next.length > 0 || doc.recorder) {
    const recorder = doc.recorder ?? addRecorder(store, doc);
    recorder.number = doc.number;
    replaceStockRecords(store, recorder, doc.date, next);
  }
  doc.posted = true;
  doc.version = store.nextVersion();
  store.revision += 1;
}

/** Unposts: removes the document's records (refused like a posting if that leaves a balance below zero). */
export function unpostDocument(store: EmulatorStore, doc: StockDocument): void {
  doc.lines = documentLines(store, doc);
  if (doc.recorder && doc.recorder.count > 0) {
    checkNegativeStock(store, doc.recorder, []);
    replaceStockRecords(store, doc.recorder, doc.date, []);
  }
  doc.posted = false;
  doc.version = store.nextVersion();
  store.revision += 1;
}

function addRecorder(store: EmulatorStore, doc: StockDocument): Recorder {
  if (doc.kind === 'count' || doc.kind === 'supplier_order') throw new RangeError('Пересчет и заказ не пишут движений');
  const recorder: Recorder = { ref: doc.ref, kind: doc.kind, number: doc.number, date: doc.date, version: doc.version, start: store.movements.recorder.length, count: 0 };
  store.stockRecorders.push(recorder);
  store.recorderByRef.set(doc.ref, { recorder, table: 'stock' });
  doc.recorder = recorder;
  return recorder;
}

type Change = { product: string; characteristic: string | null; warehouse: string; qty: number };

const keyOf = (product: string, characteristic: string | null, warehouse: string) => `${product}|${characteristic ?? ''}|${warehouse}`;

/**
 * The control of balances: every (product, characteristic, warehouse) whose total the new records
 * lower (against the recorder's current ones) must not end below zero. Balances already negative
 * and not lowered further are left alone, as a posting only answers for what it changes.
 */
function checkNegativeStock(store: EmulatorStore, recorder: Recorder | null, next: readonly MovementLine[]): void {
  const m = store.movements;
  const changes = new Map<string, Change>();
  const add = (product: string, characteristic: string | null, warehouse: string, qty: number) => {
    const key = keyOf(product, characteristic, warehouse);
    const change = changes.get(key);
    if (change) change.qty += qty;
    else changes.set(key, { product, characteristic, warehouse, qty });
  };
  for (const r of next) add(r.productRef, r.characteristicRef, r.warehouseRef, r.qty);
  if (recorder) {
    for (let i = recorder.start; i < recorder.start + recorder.count; i += 1) add(m.product[i] as string, m.characteristic[i] ?? null, m.warehouse[i] as string, -(m.qty[i] as number));
  }
  const lowered = new Map([...changes].filter(([, c]) => round3(c.qty) < 0));
  if (lowered.size === 0) return;
  const totals = new Map<string, number>();
  for (let i = 0; i < m.product.length; i += 1) {
    const key = keyOf(m.product[i] as string, m.characteristic[i] ?? null, m.warehouse[i] as string);
    if (lowered.has(key)) totals.set(key, (totals.get(key) ?? 0) + (m.qty[i] as number));
  }
  const messages: string[] = [];
  for (const [key, change] of lowered) {
    const result = round3((totals.get(key) ?? 0) + change.qty);
    if (result < 0) messages.push(shortageMessage(store, change, -result));
  }
  if (messages.length > 0) throw new ODataError(500, '-1', messages.join('\n'));
}

/**
 * УТ 11.5's template (CommonModules/РаспределениеЗапасов, onec-http.md §3.4), with the
 * characteristic as its second parameter; УНФ's wording is the emulator's own. Never match on it.
 */
function shortageMessage(store: EmulatorStore, change: Change, missing: number): string {
  const product = store.nomenclatureByRef.get(change.product);
  const productName = product?.name ?? notFound(change.product);
  const characteristic = change.characteristic ? store.catalogByRef.get(change.characteristic)?.name ?? notFound(change.characteristic) : null;
  const warehouse = store.catalogByRef.get(change.warehouse)?.name ?? notFound(change.warehouse);
  const unit = product ? store.catalogByRef.get(product.unitRef)?.name ?? '' : '';
  const amount = `${formatNumber(missing)}${unit ? ` ${unit}` : ''}`;
  if (store.profile === 'ut11') {
    return `Для отгрузки товара "${productName}"${characteristic ? `,"${characteristic}"` : ''} на складе "${warehouse}" недостаточно остатка в наличии в количестве ${amount}.`;
  }
  return `Недостаточно свободного остатка запасов "${productName}${characteristic ? `, ${characteristic}` : ''}" в структурной единице "${warehouse}": не хватает ${amount}.`;
}

/** How 1C presents a reference to a missing object. */
function notFound(ref: string): string {
  return `<Объект не найден> (${ref})`;
}

/** A number as 1C's default presentation writes it: non-breaking-space groups, decimal comma. */
export function formatNumber(n: number): string {
  const [whole, fraction] = String(round3(n)).split('.');
  const grouped = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return fraction ? `${grouped},${fraction}` : grouped;
}

function documentTitle(store: EmulatorStore, doc: StockDocument): string {
  return `${stockDocumentDef(store.profile, doc.kind).set} ${doc.number}`;
}
