// What has to happen after a real import, as after a pull (sync-controller.ts, create-core.ts): the
// search index is already consistent (kept inside the import's transaction); screens are told which
// tables changed, alert rules are evaluated on the new stock (the stock triggers marked the pairs),
// and today's stock snapshot is retaken for the dashboard's trend.
import { type CmlEntityKind, type CmlReport, cmlEntityKinds } from '../../../../src-preload/contract/commerceml';
import { type EventBus } from '../../api/event-bus';
import { takeDailySnapshot } from '../../dashboard/snapshots.service';
import { type AppDb } from '../../db/open';
import { toLogFormat } from '../../errors/app-error';
import { type Logger } from '../../logging/logger';

const tableOf: Readonly<Record<CmlEntityKind, string>> = {
  groups: 'product_groups',
  units: 'units',
  warehouses: 'warehouses',
  priceTypes: 'price_types',
  products: 'products',
  characteristics: 'characteristics',
  barcodes: 'barcodes',
  prices: 'prices',
  stock: 'stock',
};

export type AfterImportDeps = {
  db: AppDb;
  clock: () => number;
  events: Pick<EventBus, 'emit'>;
  /** The alerts controller's evaluateSoon (debounced). */
  evaluateAlerts: () => void;
  logger: Logger;
};

/** The mirror tables a report changed (empty for a dry run or an exchange that changed nothing). */
export function changedTables(report: CmlReport): string[] {
  if (report.dryRun) return [];
  return cmlEntityKinds.filter((kind) => {
    const c = report.counts[kind];
    return c.added + c.changed + c.removed > 0;
  }).map((kind) => tableOf[kind]);
}

/** Call once after importExchange resolved a real (not dry-run) import. */
export function afterCmlImport(report: CmlReport, deps: AfterImportDeps): void {
  const tables = changedTables(report);
  if (tables.length === 0) return;
  deps.events.emit('data.changed', { tables });
  const touchesStock = tables.some((t) => t === 'stock' || t === 'products' || t === 'warehouses' || t === 'prices');
  if (!touchesStock) return;
  // The displayed stock (and what is below a minimum) changed like after a balance pull.
  deps.evaluateAlerts();
  try {
    takeDailySnapshot(deps.db, deps.clock);
    deps.events.emit('data.changed', { tables: ['stock_snapshots'] });
  } catch (err) {
    // A trend chart must never fail an import that has committed.
    deps.logger.error(`stock snapshot after CommerceML import failed: ${toLogFormat(err)}`);
  }
}
