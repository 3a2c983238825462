// The one transaction that changes the mirror (all-or-nothing for the whole exchange): classifier
// kinds first, then products, characteristics, barcodes, prices, stock, each resolving its refs
// against what the previous steps wrote. A dry run runs exactly the same statements and rolls them
// back, so its counts are the ones the real run reports.
import { type AppDb } from '../../db/open';
import { deferSearchIndex, isSearchIndexDeferred, rebuildDeferredSearchIndex } from '../../sync/search-index';
import { applyGroups, applyPriceTypes, applyUnits, applyWarehouses } from './apply-classifier';
import { type ApplyContext, countNewBarcodes, countProductWrites, resolveProducts, writeBarcodes, writeCharacteristics, writeProducts } from './apply-items';
import { applyPrices, applyStock } from './apply-registers';
import { type CountsByKind, emptyCounts, type WarningLog } from './import-report';
import { type ExchangeIndex } from './side-index';
import { type StageDb } from './stage-db';

/**
 * From this many product and barcode writes on, the search index is rebuilt once at the end instead
 * of row by row through its triggers (search-index.ts: ~3× faster for a big load; a re-import that
 * changes little keeps the triggers, a rebuild would cost seconds for nothing).
 */
const deferIndexFrom = 10_000;

class DryRunRollback extends Error {
  constructor(readonly counts: CountsByKind) {
    super('dry run: rolled back');
  }
}

export function applyExchange(input: { db: AppDb; stage: StageDb; index: ExchangeIndex; log: WarningLog; files: readonly string[]; now: number; dryRun: boolean }): CountsByKind {
  const { db, stage, index, log, now } = input;
  const ctx: ApplyContext = { db, stage, log, files: input.files, now };
  stage.prepareForApply();
  const run = (): CountsByKind => {
    const counts = emptyCounts();
    counts.warehouses = applyWarehouses(db, index, now);
    counts.units = applyUnits(db, stage, index, now);
    counts.priceTypes = applyPriceTypes(db, index, now);
    counts.groups = applyGroups(db, index, log, now);
    const isFull = index.isCatalogFull;
    resolveProducts(ctx);
    const isDeferred = isSearchIndexDeferred(db) || countProductWrites(ctx, { isFull }) + countNewBarcodes(ctx) >= deferIndexFrom;
    if (isDeferred) deferSearchIndex(db, now);
    counts.products = writeProducts(ctx, { isFull });
    counts.characteristics = writeCharacteristics(ctx);
    counts.barcodes = writeBarcodes(ctx);
    counts.prices = applyPrices(ctx, index.priceScope);
    counts.stock = applyStock(ctx, index.stockScope);
    // Inside the transaction: a failure leaves the index as it was, a dry run leaves it untouched.
    if (isDeferred) rebuildDeferredSearchIndex(db);
    if (input.dryRun) throw new DryRunRollback(counts);
    return counts;
  };
  try {
    return db.sqlite.transaction(run)();
  } catch (err) {
    if (err instanceof DryRunRollback) return err.counts;
    throw err;
  }
}
