// The dashboard, replenishment and reconciliation channels (issue #6): each a call into one service.
// No user sign-in exists yet (issue #7), so documents are created without a user.
import { type ConfiguredOnec } from '../app/onec-connection';
import { getDashboardSummary, getDashboardTrend } from '../dashboard/dashboard.service';
import { type AppDb } from '../db/open';
import { reconcileWarehouse } from '../reconciliation/reconciliation.service';
import { computeAbc } from '../replenishment/abc.service';
import { type CreatedDocument, createSupplierOrder, createTransfer } from '../replenishment/replenishment-documents.service';
import { buildReplenishmentList } from '../replenishment/replenishment-list.service';
import { createReplenishmentSettingsService } from '../replenishment/replenishment-settings.service';
import { acceptSuggestedLevels, listStockLevels, setStockLevel } from '../replenishment/stock-levels.service';
import { type SettingsService } from '../settings/settings.service';
import { type Actor } from '../security/desk-session';
import { type Handlers } from './dispatch';
import { type EventBus } from './event-bus';

export type ReportHandlerDeps = {
  /** Who acts now (desk-session.ts): recorded on every audited change. */
  actor: () => Actor;
  db: AppDb;
  /** Not used yet; accepted so the host can pass the same deps as to the other handler factories. */
  settings?: SettingsService;
  events: EventBus;
  clock: () => number;
  /** A session to the configured 1C, for reconciliation's fresh balance. */
  connectOnec: () => Promise<ConfiguredOnec>;
  /** The outbox controller: a transfer or supplier order made here is sent at once, like documents.send. */
  outbox?: { kick(): void };
};

type ReportChannel =
  | 'dashboard.summary'
  | 'dashboard.trend'
  | 'replenishment.settings.get'
  | 'replenishment.settings.set'
  | 'replenishment.levels.list'
  | 'replenishment.levels.set'
  | 'replenishment.levels.acceptSuggested'
  | 'replenishment.list'
  | 'replenishment.abc'
  | 'replenishment.createTransfer'
  | 'replenishment.createSupplierOrder'
  | 'reconciliation.run';

export function createReportHandlers(deps: ReportHandlerDeps): Pick<Handlers, ReportChannel> {
  const { db, clock } = deps;
  const settings = createReplenishmentSettingsService(db, clock);
  /** Levels changed: the levels table, the replenishment list and the dashboard's low count reload. */
  const levelsChanged = <T>(value: T): T => {
    deps.events.emit('data.changed', { tables: ['stock_levels'] });
    return value;
  };
  /** A queued document: the documents list and displayed stock reload, and the outbox sends it. */
  const documentCreated = (created: CreatedDocument): { documentId: string; localNumber: string } => {
    deps.events.emit('documents.changed', { id: created.document.id, status: created.document.status });
    deps.events.emit('data.changed', { tables: ['documents', 'stock'] });
    deps.outbox?.kick();
    return { documentId: created.documentId, localNumber: created.localNumber };
  };
  return {
    'dashboard.summary': ({ warehouseId }) => getDashboardSummary(db, warehouseId, clock()),
    'dashboard.trend': ({ warehouseId, days }) => getDashboardTrend(db, warehouseId, days, clock()),
    'replenishment.settings.get': () => settings.get(),
    'replenishment.settings.set': (input) => settings.set(input),
    'replenishment.levels.list': (query) => listStockLevels(db, query, clock()),
    'replenishment.levels.set': (input) => levelsChanged(setStockLevel(db, { ...input, now: clock() })),
    'replenishment.levels.acceptSuggested': ({ warehouseId, productIds }) =>
      levelsChanged(acceptSuggestedLevels(db, { warehouseId, ...(productIds === undefined ? {} : { productIds }), now: clock() })),
    'replenishment.list': ({ warehouseId }) => buildReplenishmentList(db, warehouseId, clock()),
    'replenishment.abc': ({ warehouseId }) => computeAbc(db, warehouseId, clock()),
    'replenishment.createTransfer': (input) => documentCreated(createTransfer(db, { ...input, userId: deps.actor().userId, now: clock() })),
    'replenishment.createSupplierOrder': (input) => documentCreated(createSupplierOrder(db, { ...input, userId: deps.actor().userId, now: clock() })),
    'reconciliation.run': async ({ warehouseId }) => {
      const onec = await deps.connectOnec();
      try {
        return await reconcileWarehouse({ db, client: onec.client, profile: onec.profile, warehouseId, clock });
      } finally {
        await onec.close();
      }
    },
  };
}
