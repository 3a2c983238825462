import { type AppInfo } from '../../../src-preload/contract';
import { type Dispatch, createDispatch } from '../api/dispatch';
import { type EventBus, createEventBus } from '../api/event-bus';
import { createHandlers } from '../api/handlers';
import { type AppDb, openDatabase } from '../db/open';
import { toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { type SettingsService, createSettingsService } from '../settings/settings.service';

export type CoreOptions = {
  dbPath: string;
  migrationsFolder: string;
  logger: Logger;
  host: AppInfo['host'];
  version: string;
  clock?: () => number;
  isOutputChecked?: boolean;
  onHandlerStart?: Parameters<typeof createDispatch>[1]['onHandlerStart'];
};

/** Everything a host needs: the opened database, services, the dispatch gate and the event bus. */
export type Core = {
  db: AppDb;
  settings: SettingsService;
  events: EventBus;
  dispatch: Dispatch;
  logger: Logger;
  close(): void;
};

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? Date.now;
  const db = openDatabase({ path: options.dbPath, migrationsFolder: options.migrationsFolder, logger: options.logger });
  const events = createEventBus((err) => options.logger.error(`event listener failed: ${toLogFormat(err)}`));
  const settings = createSettingsService(db, options.logger, clock);
  const handlers = createHandlers({
    db,
    settings,
    events,
    appInfo: { name: 'Prilavok', version: options.version, host: options.host },
  });
  const dispatch = createDispatch(handlers, {
    logger: options.logger,
    isOutputChecked: options.isOutputChecked,
    onHandlerStart: options.onHandlerStart,
  });
  return { db, settings, events, dispatch, logger: options.logger, close: () => db.close() };
}
