import { dirname, join } from 'node:path';
import { type AppInfo, type EventPayload } from '../../../src-preload/contract';
import { type Dispatch, createDispatch } from '../api/dispatch';
import { type EventBus, createEventBus } from '../api/event-bus';
import { createHandlers } from '../api/handlers';
import { type AppDb, openDatabase } from '../db/open';
import { toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { type SettingsService, createSettingsService } from '../settings/settings.service';
import { type SchedulerFactory } from '../sync/scheduler';
import { documentTransitions } from '../documents/document-sending.service';
import { createDeviceSettingsService } from '../devices/settings/device-settings.service';
import { type AlertsController, createAlertsController } from '../alerts/alerts-controller';
import { type DesktopNotifier } from '../alerts/delivery-channels';
import { createAlertSettingsService } from '../alerts/delivery-settings.service';
import { type Keychain } from '../security/keychain';
import { type DeskSession, createDeskSession } from '../security/desk-session';
import { createSecretSource, secretAccounts } from '../security/secret-source';
import { backfillSnapshots, takeDailySnapshot } from '../dashboard/snapshots.service';
import { type CmlExchange, type CmlExchangeDeps, createCmlExchange } from '../commerceml/exchange/cml-exchange.service';
import { afterCmlImport } from '../commerceml/import/after-import';
import { importExchange } from '../commerceml/import/import-exchange';
import { type DeviceController, createDeviceController } from './device-controller';
import { connectConfiguredOnec } from './onec-connection';
import { createOnecSyncRunnerFactory } from './onec-sync-runner';
import { type OutboxController, type OutboxControllerDeps, createOutboxController } from './outbox-controller';
import { type SecretSource, type SyncController, type SyncRunnerFactory, createSyncController } from './sync-controller';

export type CoreOptions = {
  dbPath: string;
  migrationsFolder: string;
  logger: Logger;
  host: AppInfo['host'];
  version: string;
  clock?: () => number;
  isOutputChecked?: boolean;
  onHandlerStart?: Parameters<typeof createDispatch>[1]['onHandlerStart'];
  secrets?: SecretSource;
  /** Default: the real 1C runner. null turns 1C sync off (tests of other parts). */
  createSyncRunner?: SyncRunnerFactory | null;
  /** Hosts that run on a schedule pass node-cron's adapter; the CLI and tests do not. */
  scheduler?: SchedulerFactory;
  /** Default true: send queued documents to 1C in the background. The CLI sends only when asked. */
  isOutboxRunning?: boolean;
  /** Default true: open the configured serial scanners. */
  isDevicesRunning?: boolean;
  /** Tests: how the outbox reaches 1C and how fast it retries. */
  outbox?: Pick<OutboxControllerDeps, 'connect' | 'retry' | 'random'>;
  /** The host's OS notifications for alerts (Electron); none in the web host and the CLI. */
  notifier?: DesktopNotifier;
  /** Default true: evaluate alert rules after stock changes and deliver alerts. */
  isAlertsRunning?: boolean;
  /** The OS keychain (the Electron host); without it passwords come from environment variables only. */
  keychain?: Keychain | null;
  /** Folders whose logs go into «Экспорт диагностики». Default: `logs` beside the database. */
  logDirs?: readonly string[];
  /** Default 15 000: how often the desk session checks for idle time (tests make it shorter). */
  idleCheckMs?: number;
  /** Tests: the watched exchange folder's waits (a file counts as written after 2 s unchanged by default). */
  cmlWatch?: CmlExchangeDeps['watch'];
};

/** Everything a host needs: the opened database, services, the dispatch gate and the event bus. */
export type Core = {
  db: AppDb;
  settings: SettingsService;
  sync: SyncController;
  outbox: OutboxController;
  devices: DeviceController;
  alerts: AlertsController;
  /** The CommerceML exchange folder (imports, the watched folder, orders files). */
  cml: CmlExchange;
  events: EventBus;
  session: DeskSession;
  dispatch: Dispatch;
  logger: Logger;
  /** Stops the schedule, the watched folder and the outbox (waiting for an import or a send in flight), then closes the database. */
  close(): Promise<void>;
};



/**
 * Today's stock totals per warehouse for the dashboard's trend, after each pull (the day keeps its
 * last value); days without a snapshot (before the first one, or while the PC was off) are rebuilt
 * from the movement ledger after the first pull of each start (1–3 s at 200,000 products).
 */
function createSnapshotTaker(db: AppDb, clock: () => number, events: EventBus, logger: Logger): () => void {
  let isBackfillDone = false;
  return () => {
    try {
      takeDailySnapshot(db, clock);
      if (!isBackfillDone) {
        backfillSnapshots(db, clock);
        isBackfillDone = true;
      }
      events.emit('data.changed', { tables: ['stock_snapshots'] });
    } catch (err) {
      // A trend chart must never break a sync; the next pull tries again.
      logger.error(`stock snapshot failed: ${toLogFormat(err)}`);
    }
  };
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? Date.now;
  const db = openDatabase({ path: options.dbPath, migrationsFolder: options.migrationsFolder, logger: options.logger });
  const events = createEventBus((err) => options.logger.error(`event listener failed: ${toLogFormat(err)}`));
  const settings = createSettingsService(db, options.logger, clock);
  const keychain = options.keychain ?? null;
  const alertSettings = createAlertSettingsService(db, options.logger, clock);
  // Scripts, the demo and CI pass passwords in PRILAVOK_1C_PASSWORD / PRILAVOK_SMTP_PASSWORD; the
  // Electron app keeps them in the OS keychain (secret-source.ts).
  const environmentSecrets = createSecretSource(keychain, secretAccounts(settings, alertSettings));
  const sync = createSyncController({
    db,
    settings,
    events,
    logger: options.logger,
    secrets: options.secrets ?? environmentSecrets,
    clock,
    createRunner:
      options.createSyncRunner === undefined
        ? createOnecSyncRunnerFactory({ db, settings, events, logger: options.logger, clock })
        : options.createSyncRunner,
    scheduler: options.scheduler ?? null,
  });
  sync.applySchedule();
  const secrets = options.secrets ?? environmentSecrets;
  const outbox = createOutboxController({
    db,
    settings,
    secrets,
    events,
    logger: options.logger,
    clock,
    documents: documentTransitions(db),
    ...options.outbox,
  });
  const alerts = createAlertsController({
    db,
    settings: alertSettings,
    events,
    logger: options.logger,
    clock,
    notifier: options.notifier ?? null,
    smtpPassword: () => secrets.smtpPassword?.() ?? Promise.resolve(null),
  });
  const isAlertsRunning = options.isAlertsRunning !== false;
  const takeSnapshots = createSnapshotTaker(db, clock, events, options.logger);
  events.subscribe((event, payload) => {
    // 1C answered a pull: documents waiting for it need not sit out their backoff.
    if (event === 'sync.finished' && (payload as EventPayload<'sync.finished'>).isOk) void outbox.sendNow();
    if (event === 'sync.finished') takeSnapshots();
    // Stock changed (a pull, or a local document queued, sent, posted or cancelled): alerts within a second.
    if (isAlertsRunning && (event === 'sync.finished' || event === 'documents.changed')) alerts.evaluateSoon();
  });
  if (options.isOutboxRunning !== false) outbox.start();
  const deviceSettings = createDeviceSettingsService(db, options.logger, clock);
  const devices = createDeviceController({ db, settings, events, logger: options.logger, clock });
  if (options.isDevicesRunning !== false) {
    devices.apply(deviceSettings.get()).catch((err: unknown) => options.logger.error(`devices not started: ${toLogFormat(err)}`));
  }
  const cml = createCmlExchange({
    db,
    settings,
    events,
    logger: options.logger,
    clock,
    importExchange,
    // As after a pull: screens reload what changed, alerts look at the new stock, the trend is retaken.
    onImported: (report) =>
      afterCmlImport(report, { db, clock, events, logger: options.logger, evaluateAlerts: () => (isAlertsRunning ? alerts.evaluateSoon() : undefined) }),
    watch: options.cmlWatch,
  });
  // Starts watching the exchange folder when auto-import is on (settings.set re-applies it).
  void cml.applySettings();
  const session = createDeskSession({ db, settings, events, clock });
  // The lock screen appears on its own after the idle time, not at the next click.
  const idleTimer = setInterval(() => session.checkIdle(), options.idleCheckMs ?? 15_000);
  idleTimer.unref();
  const handlers = createHandlers({
    db,
    settings,
    sync,
    outbox,
    events,
    clock,
    connectOnec: () => connectConfiguredOnec({ db, settings, secrets, logger: options.logger }),
    deviceSettings,
    devices,
    alerts,
    cml,
    keychain,
    session,
    logger: options.logger,
    diagnostics: { alertSettings, secrets, logDirs: options.logDirs ?? [join(dirname(options.dbPath), 'logs')] },
    appInfo: { name: 'Prilavok', version: options.version, host: options.host },
  });
  const dispatch = createDispatch(handlers, {
    logger: options.logger,
    isOutputChecked: options.isOutputChecked,
    onHandlerStart: options.onHandlerStart,
    authorize: (channel) => session.authorize(channel),
  });
  return {
    db,
    settings,
    sync,
    outbox,
    devices,
    alerts,
    cml,
    events,
    session,
    dispatch,
    logger: options.logger,
    close: async () => {
      clearInterval(idleTimer);
      sync.stopSchedule();
      // The watcher stops first; an import in flight writes the database, so it is awaited.
      await cml.close();
      await alerts.close();
      await outbox.stop();
      await devices.close();
      db.close();
    },
  };
}
