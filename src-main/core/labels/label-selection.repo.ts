// Which products need a label: every line of a document (a receipt just arrived), or every product
// whose price the last price pull changed (re-pricing). Hand-written SQL over the mirror, read-only.
import { type AppDb } from '../db/open';
import { findBarcode, findProductsBy } from '../documents/documents.repo';
import { cachedStatement } from '../db/statement-cache';
import { AppError } from '../errors/app-error';
import { retailPriceTypeId } from '../inventory/retail-price-type';
import { type LabelProduct } from './layout-types';

/** A product to label, with where the price came from. Money in kopecks. */
export type LabelCandidate = {
  productId: number;
  characteristicId: number | null;
  /** The label content (no date: the caller stamps the print date). */
  product: LabelProduct;
  /** The product has no price of the price type: the label would show 0,00. */
  isPriceMissing: boolean;
};

export type DocumentLabelCandidate = LabelCandidate & {
  lineNo: number;
  /** Thousandths of a unit on the line: how many price tags a receipt of pieces may need. */
  qty: number;
};

export type RepricedCandidate = LabelCandidate & {
  /** When the pull wrote the new price (prices.seen_at). */
  changedAt: number;
  /** 1C period of the new price. */
  period: number;
};

function priceTypeOrRetail(db: AppDb, priceTypeId: number | undefined): number {
  const id = priceTypeId ?? retailPriceTypeId(db);
  if (id === null) throw new AppError('not_found', 'Не найден розничный вид цен: отметьте вид цен как розничный или укажите его явно');
  return id;
}

type Row = {
  productId: number;
  characteristicId: number | null;
  name: string;
  characteristic: string | null;
  code: string;
  article: string;
  unit: string | null;
  barcode: string | null;
  price: number | null;
};

function toCandidate(row: Row): LabelCandidate {
  return {
    productId: row.productId,
    characteristicId: row.characteristicId,
    product: {
      name: row.characteristic ? `${row.name} (${row.characteristic})` : row.name,
      price: row.price ?? 0,
      unit: row.unit,
      code: row.code === '' ? null : row.code,
      article: row.article === '' ? null : row.article,
      barcode: row.barcode,
    },
    isPriceMissing: row.price === null,
  };
}

// The variant's own price and barcode when 1C has them, else the product's (1C keeps most prices
// per product). The first barcode by id, as the stock list shows it; package barcodes (a box of 12)
// are not the unit's barcode.
const variantPrice = `coalesce(
    (SELECT pr.price FROM prices pr WHERE pr.product_id = p.id AND pr.characteristic_id = @characteristic AND pr.price_type_id = @priceTypeId),
    (SELECT pr.price FROM prices pr WHERE pr.product_id = p.id AND pr.characteristic_id IS NULL AND pr.price_type_id = @priceTypeId))`;
const variantBarcode = `coalesce(
    (SELECT b.code FROM barcodes b WHERE b.product_id = p.id AND b.characteristic_id = @characteristic AND b.package_qty = 1000 ORDER BY b.id LIMIT 1),
    (SELECT b.code FROM barcodes b WHERE b.product_id = p.id AND b.characteristic_id IS NULL AND b.package_qty = 1000 ORDER BY b.id LIMIT 1),
    (SELECT b.code FROM barcodes b WHERE b.product_id = p.id ORDER BY b.id LIMIT 1))`;

/**
 * One candidate per line of a local document, in line order, priced by `priceTypeId` (retail by
 * default) — the shelf price, not the purchase price the line may carry. Throws not_found for an
 * unknown document.
 */
export function labelCandidatesForDocument(db: AppDb, documentId: string, options: { priceTypeId?: number } = {}): DocumentLabelCandidate[] {
  const exists = cachedStatement(db, 'SELECT 1 FROM documents WHERE id = ?').get(documentId);
  if (!exists) throw new AppError('not_found', `Документ ${documentId} не найден`);
  const priceTypeId = priceTypeOrRetail(db, options.priceTypeId);
  const lines = cachedStatement(db, 'SELECT line_no AS lineNo, product_id AS productId, characteristic_id AS characteristicId, qty FROM document_lines WHERE document_id = ? ORDER BY line_no').all(
    documentId,
  ) as Array<{ lineNo: number; productId: number; characteristicId: number | null; qty: number }>;
  return lines.map((line) => ({ ...candidateFor(db, line.productId, line.characteristicId, priceTypeId), lineNo: line.lineNo, qty: line.qty }));
}

function candidateFor(db: AppDb, productId: number, characteristicId: number | null, priceTypeId: number, barcode?: string): LabelCandidate {
  const row = cachedStatement(
    db,
    `SELECT p.id AS productId, @characteristic AS characteristicId, p.name, c.name AS characteristic, p.code, p.article,
       u.name AS unit, ${variantBarcode} AS barcode, ${variantPrice} AS price
     FROM products p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN characteristics c ON c.id = @characteristic
     WHERE p.id = @productId`,
  ).get({ productId, characteristic: characteristicId, priceTypeId }) as Row | undefined;
  if (!row) throw new AppError('not_found', `Товар ${productId} не найден`);
  return toCandidate(barcode === undefined ? row : { ...row, barcode });
}

/**
 * The label for one product found by a scanned barcode (that barcode goes on the label), its article
 * or its 1C code — in that order, as documents resolve codes. Throws not_found, or conflict when an
 * article or code belongs to several live products.
 */
export function labelCandidateForCode(db: AppDb, code: string, options: { priceTypeId?: number } = {}): LabelCandidate {
  const wanted = code.trim();
  const priceTypeId = priceTypeOrRetail(db, options.priceTypeId);
  const hit = findBarcode(db, wanted);
  if (hit) return candidateFor(db, hit.productId, hit.characteristicId, priceTypeId, hit.packageQty === 1000 ? wanted : undefined);
  for (const column of ['article', 'code'] as const) {
    const live = findProductsBy(db, column, wanted).filter((p) => !p.isDeleted);
    if (live.length > 1) {
      throw new AppError('conflict', `${column === 'article' ? 'Артикул' : 'Код'} «${wanted}» есть у нескольких товаров: ${live.map((p) => `«${p.name}»`).join(', ')}`);
    }
    const found = live[0];
    if (found) return candidateFor(db, found.id, null, priceTypeId);
  }
  throw new AppError('not_found', `Товар с кодом «${wanted}» не найден (искали штрихкод, артикул и код 1С)`);
}

/** One product (or variant) at the retail price, for a single label (preview, test print). Throws not_found. */
export function labelCandidateForProduct(db: AppDb, productId: number, characteristicId: number | null, options: { priceTypeId?: number } = {}): LabelCandidate {
  return candidateFor(db, productId, characteristicId, priceTypeOrRetail(db, options.priceTypeId));
}

/** When the last price pull started (its rows carry a later seen_at), or null if prices were never pulled. */
export function lastPricePullStart(db: AppDb): number | null {
  const row = cachedStatement(db, "SELECT max(started_at) AS at FROM sync_runs WHERE job = 'prices'").get() as { at: number | null };
  return row.at;
}

/**
 * Products whose price of `priceTypeId` (retail by default) the last price pull wrote — new or
 * changed, since an unchanged price is never rewritten (core/sync applyPriceSlice) — or that were
 * written since `since` (epoch ms) when given. Variant prices come with the variant's name.
 * Re-posted identical prices are skipped, and the price the pull replaced (`previous_price`,
 * migration 0005) is the old price (the layout strikes it through when it was higher).
 */
export function labelCandidatesWithChangedPrices(db: AppDb, options: { priceTypeId?: number; since?: number } = {}): RepricedCandidate[] {
  const priceTypeId = priceTypeOrRetail(db, options.priceTypeId);
  const since = options.since ?? lastPricePullStart(db);
  if (since === null) return [];
  const rows = cachedStatement(
    db,
    `SELECT p.id AS productId, pr.characteristic_id AS characteristicId, p.name, c.name AS characteristic, p.code, p.article,
       u.name AS unit, pr.price, pr.period, pr.seen_at AS changedAt, pr.previous_price AS oldPrice,
       coalesce(
         (SELECT b.code FROM barcodes b WHERE b.product_id = p.id AND b.characteristic_id IS pr.characteristic_id AND b.package_qty = 1000 ORDER BY b.id LIMIT 1),
         (SELECT b.code FROM barcodes b WHERE b.product_id = p.id ORDER BY b.id LIMIT 1)) AS barcode
     FROM prices pr
     JOIN products p ON p.id = pr.product_id
     LEFT JOIN characteristics c ON c.id = pr.characteristic_id
     LEFT JOIN units u ON u.id = p.unit_id
     WHERE pr.price_type_id = @priceTypeId AND pr.seen_at >= @since AND p.is_deleted = 0
       AND (pr.previous_price IS NULL OR pr.previous_price <> pr.price)
     ORDER BY p.name_sort, p.id, pr.characteristic_id`,
  ).all({ priceTypeId, since }) as Array<Row & { period: number; changedAt: number; oldPrice: number | null }>;
  return rows.map((row) => {
    const candidate = toCandidate(row);
    return { ...candidate, product: { ...candidate.product, oldPrice: row.oldPrice }, changedAt: row.changedAt, period: row.period };
  });
}
