import { type AppInfo } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { listProductMovements } from '../inventory/movements.repo';
import { getProduct, listProducts } from '../inventory/products.repo';
import { listProductGroups } from '../inventory/product-groups.repo';
import { listWarehouses } from '../inventory/warehouses.repo';
import { type SettingsService } from '../settings/settings.service';
import { type ConfiguredOnec } from '../app/onec-connection';
import { type OutboxController } from '../app/outbox-controller';
import { type SyncController } from '../app/sync-controller';
import { type DeviceController } from '../app/device-controller';
import { type DeviceSettingsService } from '../devices/settings/device-settings.service';
import { type AlertsController } from '../alerts/alerts-controller';
import { createAlertHandlers } from './alert-handlers';
import { createDeviceHandlers } from './device-handlers';
import { createReportHandlers } from './report-handlers';
import { createSecretHandlers } from './secret-handlers';
import { type Keychain } from '../security/keychain';
import { type DeskSession } from '../security/desk-session';
import { createAuthHandlers } from './auth-handlers';
import { createSetupHandlers } from './setup-handlers';
import { createCustomerHandlers } from './customer-handlers';
import { createCommercemlHandlers } from './commerceml-handlers';
import { type CmlExchange } from '../commerceml/exchange/cml-exchange.service';
import { type DiagnosticsDeps, exportDiagnostics } from '../diagnostics/diagnostics-export.service';
import { type Logger } from '../logging/logger';
import { createDocumentHandlers } from './document-handlers';
import { createLabelHandlers } from './label-handlers';
import { type EventBus } from './event-bus';
import { type Handlers } from './dispatch';

export type HandlerDeps = {
  db: AppDb;
  settings: SettingsService;
  sync: SyncController;
  outbox: OutboxController;
  events: EventBus;
  clock: () => number;
  connectOnec: () => Promise<ConfiguredOnec>;
  deviceSettings: DeviceSettingsService;
  devices: DeviceController;
  alerts: AlertsController;
  /** The CommerceML exchange folder: listing, imports, the watched folder, orders files. */
  cml: CmlExchange;
  keychain: Keychain | null;
  session: DeskSession;
  logger: Logger;
  diagnostics: Pick<DiagnosticsDeps, 'alertSettings' | 'secrets' | 'logDirs'>;
  appInfo: Pick<AppInfo, 'name' | 'version' | 'host'>;
};

/** THE handler table: every contract channel, each a one-line call into a service. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { db, settings, sync, events } = deps;
  const actor = deps.session.actor;
  return {
    'app.info': () => ({
      ...deps.appInfo,
      dbPath: db.path,
      schemaVersion: db.schemaVersion,
      counts: countRows(db),
    }),
    'settings.get': () => settings.get(),
    'settings.set': (patch) => {
      const next = settings.set(patch, actor().userId);
      if (patch.syncSchedule !== undefined) sync.applySchedule();
      // New 1C address or user: documents waiting for a usable connection may go now.
      if (patch.onecUrl !== undefined || patch.onecUser !== undefined || patch.onecProfile !== undefined) void deps.outbox.sendNow();
      // The watched exchange folder follows its settings (started, moved or stopped).
      if (patch.cmlFolder !== undefined || patch.cmlAutoImport !== undefined) void deps.cml.applySettings();
      events.emit('data.changed', { tables: ['settings'] });
      return next;
    },
    'products.list': (query) => {
      sync.refreshIfStale(query.warehouseId);
      return listProducts(db, query);
    },
    'products.get': ({ id }) => getProduct(db, id),
    'products.movements': ({ id, limit }) => listProductMovements(db, id, limit),
    'warehouses.list': () => listWarehouses(db),
    'productGroups.list': () => listProductGroups(db),
    'sync.status': () => sync.overview(),
    'diagnostics.export': () => exportDiagnostics({ db, settings, ...deps.diagnostics, appInfo: deps.appInfo, clock: deps.clock, logger: deps.logger }, actor().userId),
    'sync.runNow': ({ jobs }) => sync.runNow(jobs),
    ...createDocumentHandlers({ db, actor, settings, outbox: deps.outbox, events, clock: deps.clock, connectOnec: deps.connectOnec }),
    ...createDeviceHandlers({ db, actor, settings, deviceSettings: deps.deviceSettings, devices: deps.devices, outbox: deps.outbox, events, clock: deps.clock }),
    ...createLabelHandlers({ db, deviceSettings: deps.deviceSettings, clock: deps.clock }),
    ...createAlertHandlers({ db, actor, alerts: deps.alerts, clock: deps.clock }),
    ...createReportHandlers({ db, actor, events, clock: deps.clock, connectOnec: deps.connectOnec, outbox: deps.outbox }),
    ...createSetupHandlers({ db, actor, settings, keychain: deps.keychain, sync, outbox: deps.outbox, events, logger: deps.logger, clock: deps.clock }),
    ...createAuthHandlers({ db, session: deps.session, events, clock: deps.clock }),
    ...createSecretHandlers({ db, actor, keychain: deps.keychain, settings, alertSettings: deps.alerts.settings, clock: deps.clock }),
    ...createCustomerHandlers({ db, actor, events, outbox: deps.outbox, clock: deps.clock }),
    ...createCommercemlHandlers({ exchange: deps.cml, actor }),
  };
}

function countRows(db: AppDb): AppInfo['counts'] {
  const row = db.sqlite
    .prepare(
      `SELECT (SELECT count(*) FROM products WHERE is_deleted = 0) AS products,
              (SELECT count(*) FROM warehouses WHERE is_deleted = 0) AS warehouses`,
    )
    .get() as AppInfo['counts'];
  return row;
}
