import { BrowserWindow, shell } from 'electron';
import { type Logger } from '../core/logging/logger';

export type MainWindowOptions = {
  preloadPath: string;
  rendererFile: string;
  /** electron-vite dev server, development only. */
  devUrl: string | undefined;
  logger: Logger;
};

const externalAllowlist = ['https://its.1c.ru/', 'https://v8.1c.ru/'];

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'Prilavok',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());

  // Nothing but our own page is ever loaded in the window; allowlisted https links open outside.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (externalAllowlist.some((prefix) => url.startsWith(prefix))) void shell.openExternal(url);
    else options.logger.warn(`blocked window.open to ${url}`);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isInternalUrl(url, options.devUrl)) {
      event.preventDefault();
      options.logger.warn(`blocked navigation to ${url}`);
    }
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());

  if (options.devUrl) void window.loadURL(options.devUrl);
  else void window.loadFile(options.rendererFile);
  return window;
}

export function isInternalUrl(url: string, devUrl: string | undefined): boolean {
  if (url.startsWith('file://')) return true;
  return devUrl !== undefined && url.startsWith(devUrl);
}
