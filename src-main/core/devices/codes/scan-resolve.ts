// A scan to a product: exact barcode, then the other forms of its GTIN, then (marking codes) the
// GTIN inside, then (weight codes) the item code. Every lookup is one indexed equality on a cached
// prepared statement (barcodes_code unique index, products_code index): no table scans.
import { type AppDb } from '../../db/open';
import { cachedStatement } from '../../db/statement-cache';
import { AppError } from '../../errors/app-error';
import { type Symbology } from './aim';
import { GS } from './gs1-ai';
import { gtinLookupForms } from './gtin';
import { type MarkingInfo } from './marking-code';
import { type ParsedScan, parseScan, type ParseScanOptions, type ScanFormat, type ScanInput } from './scan-parse';
import { defaultWeightedConfig, type WeightedConfig, weightedConfigProblems, weightedItemBarcode, weightedProductCodes } from './weighted-ean';

export type ResolveScanOptions = ParseScanOptions;

export const scanKinds = ['product', 'unknown', 'invalid'] as const;
export type ScanKind = (typeof scanKinds)[number];

/** How the product was found. */
export type ScanMatch = 'barcode' | 'gtin' | 'marking-gtin' | 'weighted-barcode' | 'weighted-product-code';

export type ScannedProduct = {
  id: number;
  name: string;
  characteristicId: number | null;
  /**
   * Thousandths of the product's unit this one scan stands for: the barcode's package quantity
   * (1000 = one unit), or for a weighted product scanned with a weight the weight in grams
   * (thousandths of a kilogram).
   */
  packageQty: number;
};

export type ScanResolution = {
  kind: ScanKind;
  product?: ScannedProduct;
  matchedBy?: ScanMatch;
  /** The code (barcodes.code or products.code) that matched. */
  matchedCode?: string;
  canonical: string;
  format: ScanFormat | null;
  symbology: Symbology;
  gtin?: string;
  fields?: Record<string, string>;
  weightGrams?: number;
  priceKopecks?: number;
  marking?: MarkingInfo;
  warnings: string[];
  /** Russian; set for kind "invalid". */
  error?: string;
};

type ProductRow = { productId: number; characteristicId: number | null; packageQty: number; name: string; isWeighted: number; isDeleted: number };

const byBarcodeSql = `SELECT b.product_id AS productId, b.characteristic_id AS characteristicId, b.package_qty AS packageQty,
    p.name AS name, p.is_weighted AS isWeighted, p.is_deleted AS isDeleted
  FROM barcodes b JOIN products p ON p.id = b.product_id
  WHERE b.code = ?`;
// Several products may share a 1C code in a dirty mirror: a live weighted one wins.
const byProductCodeSql = `SELECT id AS productId, NULL AS characteristicId, 1000 AS packageQty, name, is_weighted AS isWeighted,
    is_deleted AS isDeleted
  FROM products WHERE code = ? ORDER BY is_deleted, is_weighted DESC, id LIMIT 1`;

/** Exported for testing only: every SQL statement resolveScan runs, for the query-plan test. */
export const resolveScanStatements = { byBarcodeSql, byProductCodeSql } as const;

// The longest code worth an exact lookup; marking codes (≥ 31 characters with GS) are never barcodes.
const maxExactLength = 64;

const checkedConfigs = new WeakSet<WeightedConfig>();

function assertWeightedConfig(config: WeightedConfig): void {
  if (checkedConfigs.has(config)) return;
  const problems = weightedConfigProblems(config);
  if (problems.length > 0) {
    throw new AppError('validation', `Настройки весовых штрихкодов неверны: ${problems.join('; ')}`, { details: { problems } });
  }
  checkedConfigs.add(config);
}

/**
 * Parses a scan and finds its product. Never throws for any input; throws AppError "validation"
 * only when `options.weighted` itself is unusable (a settings error, not a scan error).
 * kind "invalid": the scan cannot be read (bad check digit, broken GS1) and no barcode equals it.
 */
export function resolveScan(db: AppDb, raw: ScanInput, options: ResolveScanOptions = {}): ScanResolution {
  assertWeightedConfig(options.weighted ?? defaultWeightedConfig);
  return resolveParsedScan(db, parseScan(raw, options), options);
}

/** resolveScan for a scan already parsed with the same options. */
export function resolveParsedScan(db: AppDb, parsed: ParsedScan, options: ResolveScanOptions = {}): ScanResolution {
  const base: ScanResolution = {
    kind: 'unknown',
    canonical: parsed.canonical,
    format: parsed.format,
    symbology: parsed.symbology,
    warnings: [...parsed.warnings],
    ...(parsed.gtin !== null && { gtin: parsed.gtin }),
    ...(parsed.fields !== null && { fields: parsed.fields }),
    ...(parsed.weightGrams !== null && { weightGrams: parsed.weightGrams }),
    ...(parsed.priceKopecks !== null && { priceKopecks: parsed.priceKopecks }),
    ...(parsed.marking !== null && { marking: parsed.marking }),
  };
  if (parsed.text.length === 0) return { ...base, kind: 'invalid', error: parsed.error ?? 'Пустой скан' };

  const byBarcode = cachedStatement(db, byBarcodeSql);
  const tried = new Set<string>();
  const findBarcode = (code: string): ProductRow | undefined => {
    if (tried.has(code)) return undefined;
    tried.add(code);
    return byBarcode.get(code) as ProductRow | undefined;
  };

  // 1. The code exactly as stored: also finds internal codes with a wrong check digit, and Code 128 text.
  for (const code of [parsed.canonical, parsed.body, parsed.text]) {
    if (code.length === 0 || code.length > maxExactLength || code.includes(GS)) continue;
    const row = findBarcode(code);
    if (row) {
      const warnings = parsed.error === null ? base.warnings : [...base.warnings, `Код найден в базе, хотя не прошёл проверку: ${parsed.error}`];
      return found({ ...base, warnings }, row, 'barcode', code, parsed);
    }
  }
  if (parsed.error !== null || parsed.format === null) return { ...base, kind: 'invalid', error: parsed.error ?? 'Код не разобран' };

  // 2–3. The other forms of the GTIN (GTIN-14 ↔ EAN-13 ↔ UPC-A ↔ EAN-8), for marking codes the GTIN inside.
  if (parsed.gtin !== null) {
    const isFromMarking = parsed.format === 'marking' || parsed.format === 'tobacco-pack';
    const scanned = parsed.format === 'ean13' || parsed.format === 'ean8' || parsed.format === 'upca' || parsed.format === 'gtin14' ? parsed.body : parsed.gtin;
    for (const form of gtinLookupForms(scanned)) {
      const row = findBarcode(form);
      if (row) return found(base, row, isFromMarking ? 'marking-gtin' : 'gtin', form, parsed);
    }
  }

  // 4. Weight codes: the item's own barcode (zeros in the value part), then the 1C product code.
  if (parsed.weighted !== null) {
    const config = options.weighted ?? defaultWeightedConfig;
    for (const source of config.itemSources) {
      if (source === 'barcode') {
        const code = weightedItemBarcode(parsed.weighted);
        const row = findBarcode(code);
        if (row) return found(base, row, 'weighted-barcode', code, parsed);
      } else {
        const byCode = cachedStatement(db, byProductCodeSql);
        for (const code of weightedProductCodes(parsed.weighted, config)) {
          const row = byCode.get(code) as ProductRow | undefined;
          if (row) return found(base, row, 'weighted-product-code', code, parsed);
        }
      }
    }
  }
  return base;
}

function found(base: ScanResolution, row: ProductRow, matchedBy: ScanMatch, matchedCode: string, parsed: ParsedScan): ScanResolution {
  const warnings = [...base.warnings];
  if (row.isDeleted) warnings.push('Товар помечен в 1С на удаление');
  if (matchedBy === 'weighted-product-code' && !row.isWeighted) {
    warnings.push(`Весовой код указал на товар с кодом ${matchedCode}, но в 1С этот товар не весовой: проверьте настройки весов`);
  }
  // A zero weight is the item's own template barcode, not a weighing.
  const isWeighedScan = parsed.weightGrams !== null && parsed.weightGrams > 0 && row.isWeighted === 1;
  return {
    ...base,
    kind: 'product',
    product: {
      id: row.productId,
      name: row.name,
      characteristicId: row.characteristicId,
      packageQty: isWeighedScan ? (parsed.weightGrams ?? row.packageQty) : row.packageQty,
    },
    matchedBy,
    matchedCode,
    warnings,
  };
}
