// One path for every scan, whatever it came from (keyboard wedge, serial port, CLI): parse and
// resolve (codes/), log the raw bytes (scan_log), describe the product as the desk shows it, and add
// it to the open document when there is one. Also «Привязать к товару» for an unknown code.
import { type ScanResult } from '../../../../src-preload/contract';
import { type AppDb } from '../../db/open';
import { addProduct } from '../../documents/document-lines.service';
import { AppError, isAppError } from '../../errors/app-error';
import { getProduct } from '../../inventory/products.repo';
import { enqueueBarcodeLink } from '../../outbox/barcode-link';
import { logScan } from '../codes/scan-log';
import { type ScanInput } from '../codes/scan-parse';
import { resolveScan, type ScanResolution } from '../codes/scan-resolve';

export type ScanContext = { userId: string | null; now: number; homeWarehouseId: number | null };

export function handleScan(db: AppDb, input: { raw: ScanInput; device: string; documentId?: string | undefined }, context: ScanContext): ScanResult {
  const resolution = resolveScan(db, input.raw, { now: context.now });
  logScan(db, { device: input.device, raw: input.raw, userId: context.userId, result: resolution, at: context.now });
  let addedTo: ScanResult['addedTo'] = null;
  const warnings: string[] = [];
  if (input.documentId !== undefined && resolution.kind === 'product' && resolution.product) {
    try {
      const added = addProduct(db, {
        documentId: input.documentId,
        productId: resolution.product.id,
        characteristicId: resolution.product.characteristicId,
        qty: resolution.product.packageQty,
        userId: context.userId,
        now: context.now,
      });
      addedTo = { documentId: input.documentId, lineNo: added.lineNo };
    } catch (err) {
      // The scan still shows its product; the document just does not take it (sent, cancelled, deleted product).
      if (!isAppError(err)) throw err;
      warnings.push(err.message);
    }
  }
  const result = toScanResult(db, resolution, context, addedTo);
  return warnings.length === 0 ? result : { ...result, warnings: [...result.warnings, ...warnings] };
}

/**
 * Makes `code` the barcode of the product here (at once, so the next scan finds it) and queues the
 * barcode-register record for 1C in the same transaction (the outbox sends it, exactly once).
 */
export function linkBarcode(db: AppDb, input: { code: string; productId: number; characteristicId: number | null }, context: ScanContext): ScanResult {
  const code = input.code.trim();
  const resolution = resolveScan(db, code, { now: context.now });
  if (resolution.kind === 'invalid') throw new AppError('validation', resolution.error ?? `Код «${code}» не распознан.`);
  if (resolution.kind === 'product') {
    const owner = resolution.product?.id === input.productId ? 'этому товару' : `товару «${resolution.product?.name ?? ''}»`;
    throw new AppError('conflict', `Код «${code}» уже привязан к ${owner}.`);
  }
  // Marking codes and GS1 strings are linked by their GTIN (that is what other packs of the product carry).
  const barcode = resolution.gtin && resolution.format !== 'ean13' && resolution.format !== 'ean8' ? resolution.gtin.replace(/^0(?=\d{13}$)/, '') : resolution.canonical;
  db.sqlite.transaction(() => {
    const product = db.sqlite.prepare('SELECT id, is_deleted AS isDeleted FROM products WHERE id = ?').get(input.productId) as { id: number; isDeleted: number } | undefined;
    if (!product || product.isDeleted === 1) throw new AppError('not_found', 'Товар не найден или помечен в 1С на удаление.');
    db.sqlite
      .prepare('INSERT INTO barcodes (code, product_id, characteristic_id, seen_at) VALUES (?, ?, ?, ?)')
      .run(barcode, input.productId, input.characteristicId, context.now);
    enqueueBarcodeLink(db, { code: barcode, productId: input.productId, characteristicId: input.characteristicId }, context.now);
  })();
  return toScanResult(db, resolveScan(db, code, { now: context.now }), context, null);
}

function toScanResult(db: AppDb, resolution: ScanResolution, context: ScanContext, addedTo: ScanResult['addedTo']): ScanResult {
  let product: ScanResult['product'] = null;
  if (resolution.kind === 'product' && resolution.product) {
    const p = resolution.product;
    const detail = getProduct(db, p.id, context.homeWarehouseId ?? undefined);
    const characteristicName =
      p.characteristicId === null ? null : ((db.sqlite.prepare('SELECT name FROM characteristics WHERE id = ?').pluck().get(p.characteristicId) as string | undefined) ?? null);
    product = {
      id: p.id,
      name: detail.name,
      code: detail.code,
      article: detail.article,
      unit: detail.unit,
      characteristicId: p.characteristicId,
      characteristicName,
      qty: p.packageQty,
      price: detail.price,
      stock: detail.qty,
    };
  }
  return {
    kind: resolution.kind,
    canonical: resolution.canonical,
    format: resolution.format,
    gtin: resolution.gtin ?? null,
    fields: resolution.fields ?? null,
    weightGrams: resolution.weightGrams ?? null,
    priceKopecks: resolution.priceKopecks ?? null,
    product,
    warnings: resolution.warnings,
    error: resolution.kind === 'unknown' ? `Код «${resolution.canonical.replaceAll('\u001d', '␝')}» не найден в справочнике товаров.` : (resolution.error ?? null),
    addedTo,
  };
}
