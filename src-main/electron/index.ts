// The Electron host: lifecycle, one window, IPC wiring. No business logic lives here.
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import log from 'electron-log/main';
import { createCore } from '../core/app/create-core';
import { dbFileName } from '../core/app/paths';
import { appVersion } from '../core/app/version';
import { isAppError, toLogFormat } from '../core/errors/app-error';
import { redact } from '../core/logging/redact';
import { createKeychain } from '../core/security/keychain';
import { createCronScheduler } from '../core/sync/scheduler';
import { createDesktopNotifier } from './desktop-notifier';
import { wireIpc } from './ipc';
import { createMainWindow } from './main-window';
import { createNavigationPolicy } from './navigation-policy';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  log.initialize();
  log.transports.file.maxSize = 5 * 1024 * 1024;
  log.hooks.push((message) => ({
    ...message,
    data: message.data.map((part: unknown) => (typeof part === 'string' ? redact(part) : part)),
  }));
  const logger = log.scope('main');

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    try {
      // PRILAVOK_DB lets `npm run demo` and admins point the app at another database file.
      const dbPath = process.env.PRILAVOK_DB ?? join(app.getPath('userData'), dbFileName);
      const core = createCore({
        dbPath,
        // electron-log's folder and the one the CLI and web host write beside the database.
        logDirs: [dirname(log.transports.file.getFile().path), join(dirname(dbPath), 'logs')],
        // Packaged: electron-builder copies migrations/ to resources (extraResources).
        migrationsFolder: app.isPackaged ? join(process.resourcesPath, 'migrations') : join(app.getAppPath(), 'migrations'),
        logger,
        host: 'electron',
        version: appVersion,
        // Development builds also check every answer against the contract.
        isOutputChecked: !app.isPackaged,
        scheduler: (expression, task) => createCronScheduler(expression, task, { logger }),
        notifier: createDesktopNotifier(),
        keychain: createKeychain(),
      });
      const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
      const rendererFile = join(__dirname, '../renderer/index.html');
      const navigation = createNavigationPolicy({ rendererFileUrl: pathToFileURL(rendererFile).href, devUrl });
      const window = createMainWindow({
        preloadPath: join(__dirname, '../preload/index.js'),
        rendererFile,
        devUrl,
        navigation,
        logger,
      });
      wireIpc(core, window, navigation, logger);
      app.on('before-quit', () => void core.close());
    } catch (err) {
      logger.error(toLogFormat(err));
      // A clear screen instead of a crash: e.g. a database written by a newer Prilavok.
      dialog.showErrorBox('Prilavok', isAppError(err) ? err.message : 'Не удалось запустить Prilavok. Подробности в журнале.');
      app.exit(1);
    }
  });
}
