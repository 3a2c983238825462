// Lines of a draft (or rejected) document: scans, manual picks, quantities, prices, expected
// quantities. Each call is one transaction with its audit row; a refused call writes nothing.
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { auditDocument, documentAuditActions } from './document-audit';
import { hasPrices, kindInfo } from './document-kinds';
import { type DocumentLineView, type DocumentView } from './documents';
import {
  appendLine,
  clearExpected,
  deleteLines,
  type DocumentHeader,
  findBarcode,
  findCharacteristic,
  findLineByKey,
  findLineByNo,
  findProduct,
  findProductsBy,
  findRetailPrice,
  type LineKey,
  readDocument,
  renumberLines,
  requireEditableHeader,
  touchDocument,
  updateLineValues,
} from './documents.repo';

/** Largest quantity of one line: a million units, in thousandths (guards against a scanner typing into the field). */
const maxQty = 1_000_000_000;
/** Largest price: a billion roubles, in kopecks. */
const maxPrice = 100_000_000_000;

export type AddByCodeInput = {
  documentId: string;
  /** A barcode, or a product's article, or its 1C code (exact; surrounding spaces and line ends ignored). */
  code: string;
  /** Thousandths of the scanned unit (a package barcode multiplies it by the package size); default 1000 = one. */
  qty?: number;
  userId: string | null;
  now: number;
};

export type AddLineResult = {
  document: DocumentView;
  line: DocumentLineView;
  lineNo: number;
  productName: string;
  /** False when the scan increased an existing line of the same product and variant. */
  isNewLine: boolean;
  resolvedBy: 'barcode' | 'article' | 'code' | 'product';
};

/**
 * Adds what a scan or a typed code names: barcodes.code first (product + variant, times the package
 * size), then an exact article, then an exact 1C code. The same product and variant again increases
 * its line instead of adding one. An unknown code throws `not_found` and writes nothing.
 */
export function addByCode(db: AppDb, input: AddByCodeInput): AddLineResult {
  const code = input.code.trim();
  if (code === '') throw new AppError('validation', 'Пустой код: отсканируйте штрихкод или введите артикул или код товара');
  const qty = input.qty ?? 1000;
  checkQty(qty, { isZeroAllowed: false });
  return db.sqlite
    .transaction((): AddLineResult => {
      const header = requireEditableHeader(db, input.documentId);
      const resolved = resolveCode(db, code);
      // A package barcode (a box of 12) adds package_qty base units per scanned unit.
      const effectiveQty = Math.round((qty * resolved.packageQty) / 1000);
      checkQty(effectiveQty, { isZeroAllowed: false });
      const productName = requireAddable(db, resolved);
      const added = addQty(db, header, resolved, effectiveQty, code);
      auditDocument(db, {
        at: input.now,
        userId: input.userId,
        action: documentAuditActions.edit,
        document: header,
        details: { change: 'line.scan', code, resolvedBy: resolved.resolvedBy, lineNo: added.lineNo, productId: resolved.productId, characteristicId: resolved.characteristicId, qty: effectiveQty },
      });
      touchDocument(db, header.id, input.now);
      return result(db, header.id, added, productName, resolved.resolvedBy);
    })
    .immediate();
}

export type AddProductInput = {
  documentId: string;
  productId: number;
  characteristicId?: number | null;
  /** Thousandths, above zero. */
  qty: number;
  userId: string | null;
  now: number;
};

/** Adds a product picked from the catalog (same merging rule as a scan). */
export function addProduct(db: AppDb, input: AddProductInput): AddLineResult {
  checkQty(input.qty, { isZeroAllowed: false });
  return db.sqlite
    .transaction((): AddLineResult => {
      const header = requireEditableHeader(db, input.documentId);
      const key = { productId: input.productId, characteristicId: input.characteristicId ?? null };
      const productName = requireAddable(db, key);
      const added = addQty(db, header, key, input.qty, undefined);
      auditDocument(db, {
        at: input.now,
        userId: input.userId,
        action: documentAuditActions.edit,
        document: header,
        details: { change: 'line.add', lineNo: added.lineNo, ...key, qty: input.qty },
      });
      touchDocument(db, header.id, input.now);
      return result(db, header.id, added, productName, 'product');
    })
    .immediate();
}

export type SetLineInput = {
  documentId: string;
  lineNo: number;
  /** Thousandths, zero allowed (a zero line is dropped when the document is queued). */
  qty?: number;
  /** Kopecks per unit; null clears it. */
  price?: number | null;
  /** Thousandths; null clears it. */
  expectedQty?: number | null;
  userId: string | null;
  now: number;
};

/** Changes a line's quantity, price or expected quantity; omitted fields stay. */
export function setLine(db: AppDb, input: SetLineInput): DocumentView {
  if (input.qty !== undefined) checkQty(input.qty, { isZeroAllowed: true });
  if (input.expectedQty !== undefined && input.expectedQty !== null) checkQty(input.expectedQty, { isZeroAllowed: true });
  if (input.price !== undefined && input.price !== null) checkPrice(input.price);
  return db.sqlite
    .transaction((): DocumentView => {
      const header = requireEditableHeader(db, input.documentId);
      if (input.price !== undefined && input.price !== null && !hasPrices(header.kind)) {
        throw new AppError('validation', `В документе «${kindInfo(header.kind).title}» цены не указываются`);
      }
      const line = requireLine(db, header.id, input.lineNo);
      const next = {
        qty: input.qty ?? line.qty,
        price: input.price === undefined ? line.price : input.price,
        expectedQty: input.expectedQty === undefined ? line.expectedQty : input.expectedQty,
      };
      const changed = (Object.keys(next) as Array<keyof typeof next>).filter((key) => next[key] !== line[key]);
      if (changed.length === 0) return readDocument(db, header.id);
      updateLineValues(db, line.id, next);
      touchDocument(db, header.id, input.now);
      auditDocument(db, {
        at: input.now,
        userId: input.userId,
        action: documentAuditActions.edit,
        document: header,
        details: {
          change: 'line.set',
          lineNo: line.lineNo,
          productId: line.productId,
          fields: Object.fromEntries(changed.map((key) => [key, { from: line[key], to: next[key] }])),
        },
      });
      return readDocument(db, header.id);
    })
    .immediate();
}

export type RemoveLineInput = { documentId: string; lineNo: number; userId: string | null; now: number };

/** Removes a line; the lines after it move up, so numbers stay 1..n (1C's LineNumber). */
export function removeLine(db: AppDb, input: RemoveLineInput): DocumentView {
  return db.sqlite
    .transaction((): DocumentView => {
      const header = requireEditableHeader(db, input.documentId);
      const line = requireLine(db, header.id, input.lineNo);
      deleteLines(db, [line.id]);
      renumberLines(db, header.id);
      touchDocument(db, header.id, input.now);
      auditDocument(db, {
        at: input.now,
        userId: input.userId,
        action: documentAuditActions.edit,
        document: header,
        details: { change: 'line.remove', lineNo: line.lineNo, productId: line.productId, characteristicId: line.characteristicId, qty: line.qty },
      });
      return readDocument(db, header.id);
    })
    .immediate();
}

export type ExpectedLineInput = { productId: number; characteristicId?: number | null; qty: number };

export type SetExpectedInput = {
  documentId: string;
  /** The whole expectation (supplier's papers, the sending store's transfer); replaces any earlier one. */
  lines: readonly ExpectedLineInput[];
  userId: string | null;
  now: number;
};

/**
 * Sets expected quantities: lines of the listed product variants get expected_qty (repeats in the
 * list are summed), other lines lose theirs, and listed variants not scanned yet get a line with
 * quantity 0 (price as for a scan) so a shortage shows.
 */
export function setExpected(db: AppDb, input: SetExpectedInput): DocumentView {
  const wanted = new Map<string, LineKey & { qty: number }>();
  for (const line of input.lines) {
    checkQty(line.qty, { isZeroAllowed: true });
    const key = { productId: line.productId, characteristicId: line.characteristicId ?? null };
    const id = `${key.productId}:${key.characteristicId ?? ''}`;
    const entry = wanted.get(id);
    if (entry) entry.qty += line.qty;
    else wanted.set(id, { ...key, qty: line.qty });
  }
  return db.sqlite
    .transaction((): DocumentView => {
      const header = requireEditableHeader(db, input.documentId);
      for (const key of wanted.values()) requireAddable(db, key);
      clearExpected(db, header.id);
      let added = 0;
      for (const key of wanted.values()) {
        const line = findLineByKey(db, header.id, key);
        if (line) {
          updateLineValues(db, line.id, { qty: line.qty, price: line.price, expectedQty: key.qty });
        } else {
          appendLine(db, header.id, { ...key, qty: 0, price: defaultPrice(db, header, key), expectedQty: key.qty, scannedCode: null });
          added += 1;
        }
      }
      touchDocument(db, header.id, input.now);
      auditDocument(db, {
        at: input.now,
        userId: input.userId,
        action: documentAuditActions.edit,
        document: header,
        details: { change: 'expected', lines: wanted.size, addedLines: added },
      });
      return readDocument(db, header.id);
    })
    .immediate();
}

// ---------------------------------------------------------------------------------------------

type Resolved = LineKey & { packageQty: number; resolvedBy: 'barcode' | 'article' | 'code' };

function resolveCode(db: AppDb, code: string): Resolved {
  const barcode = findBarcode(db, code);
  if (barcode) return { ...barcode, resolvedBy: 'barcode' };
  for (const column of ['article', 'code'] as const) {
    const found = findProductsBy(db, column, code);
    if (found.length === 0) continue;
    const live = found.filter((p) => !p.isDeleted);
    if (live.length > 1) {
      const what = column === 'article' ? 'Артикул' : 'Код';
      throw new AppError(
        'conflict',
        `${what} «${code}» есть у нескольких товаров (${live.slice(0, 3).map((p) => `«${p.name}»`).join(', ')}${live.length > 3 ? '…' : ''}): отсканируйте штрихкод или выберите товар в списке`,
      );
    }
    // Only deleted ones: resolve to the first, which requireAddable then refuses by name.
    const product = live[0] ?? found[0];
    if (product) return { productId: product.id, characteristicId: null, packageQty: 1000, resolvedBy: column };
  }
  throw new AppError('not_found', `Штрихкод или код «${code}» не найден в справочнике товаров`);
}

/** Refuses products and variants that are unknown or marked deleted in 1C; returns the product name. */
function requireAddable(db: AppDb, key: LineKey): string {
  const product = findProduct(db, key.productId);
  if (!product) throw new AppError('not_found', `Товар ${key.productId} не найден в справочнике`);
  if (product.isDeleted) {
    throw new AppError('validation', `Товар «${product.name}» помечен в 1С на удаление — добавить его в документ нельзя`);
  }
  if (key.characteristicId !== null) {
    const characteristic = findCharacteristic(db, key.characteristicId);
    if (!characteristic) throw new AppError('not_found', `Характеристика ${key.characteristicId} не найдена в справочнике`);
    if (characteristic.productId !== null && characteristic.productId !== key.productId) {
      throw new AppError('validation', `Характеристика «${characteristic.name}» относится к другому товару, не к «${product.name}»`);
    }
    if (characteristic.isDeleted) {
      throw new AppError('validation', `Характеристика «${characteristic.name}» товара «${product.name}» помечена в 1С на удаление — добавить её в документ нельзя`);
    }
  }
  return product.name;
}

function addQty(
  db: AppDb,
  header: DocumentHeader,
  key: LineKey,
  qty: number,
  scannedCode: string | undefined,
): { lineNo: number; isNewLine: boolean } {
  const existing = findLineByKey(db, header.id, key);
  if (existing) {
    const total = existing.qty + qty;
    checkQty(total, { isZeroAllowed: false });
    updateLineValues(db, existing.id, { qty: total, price: existing.price, expectedQty: existing.expectedQty, ...(scannedCode === undefined ? {} : { scannedCode }) });
    return { lineNo: existing.lineNo, isNewLine: false };
  }
  const lineNo = appendLine(db, header.id, { ...key, qty, price: defaultPrice(db, header, key), expectedQty: null, scannedCode: scannedCode ?? null });
  return { lineNo, isNewLine: true };
}

/** The retail price where the kind takes it by default (receipt, shipment, write-off), else none. */
function defaultPrice(db: AppDb, header: Pick<DocumentHeader, 'kind'>, key: LineKey): number | null {
  return kindInfo(header.kind).isRetailPriceDefault ? findRetailPrice(db, key) : null;
}

function requireLine(db: AppDb, documentId: string, lineNo: number): NonNullable<ReturnType<typeof findLineByNo>> {
  const line = findLineByNo(db, documentId, lineNo);
  if (!line) throw new AppError('not_found', `В документе нет строки ${lineNo}`);
  return line;
}

function result(
  db: AppDb,
  documentId: string,
  added: { lineNo: number; isNewLine: boolean },
  productName: string,
  resolvedBy: AddLineResult['resolvedBy'],
): AddLineResult {
  const document = readDocument(db, documentId);
  const line = document.lines.find((l) => l.lineNo === added.lineNo);
  if (!line) throw new Error(`line ${added.lineNo} of ${documentId} vanished inside its own transaction`);
  return { document, line, lineNo: added.lineNo, productName, isNewLine: added.isNewLine, resolvedBy };
}

function checkQty(qty: number, options: { isZeroAllowed: boolean }): void {
  if (!Number.isInteger(qty) || qty < 0 || qty > maxQty || (!options.isZeroAllowed && qty === 0)) {
    throw new AppError(
      'validation',
      options.isZeroAllowed
        ? 'Количество должно быть не меньше нуля и не больше миллиона'
        : 'Количество должно быть больше нуля и не больше миллиона',
    );
  }
}

function checkPrice(price: number): void {
  if (!Number.isInteger(price) || price < 0 || price > maxPrice) {
    throw new AppError('validation', 'Цена должна быть не меньше нуля (в копейках, целым числом)');
  }
}
