import { BrowserWindow, shell } from 'electron';
import { type Logger } from '../core/logging/logger';
import { type NavigationDecision, type NavigationPolicy } from './navigation-policy';

export type MainWindowOptions = {
  preloadPath: string;
  rendererFile: string;
  /** electron-vite dev server, development only. */
  devUrl: string | undefined;
  /** Built from rendererFile and devUrl (index.ts); also guards IPC senders. */
  navigation: NavigationPolicy;
  logger: Logger;
};

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

  // Every decision lives in navigation-policy.ts (tested without Electron); this only wires it.
  const policy = options.navigation;
  const act = (what: string, url: string, decision: NavigationDecision): boolean => {
    if (decision.kind === 'open-externally') void shell.openExternal(decision.url);
    else if (decision.kind === 'deny') options.logger.warn(`blocked ${what} to ${url}`);
    return decision.kind === 'allow';
  };

  window.webContents.setWindowOpenHandler(({ url }) => {
    act('window.open', url, policy.decideWindowOpen(url));
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!act('navigation', url, policy.decideNavigation(url))) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!act('redirect', url, policy.decideRedirect(url))) event.preventDefault();
  });
  // will-navigate covers the main frame; subframes (CSP frame-src 'none' already refuses them).
  window.webContents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !act('frame navigation', event.url, policy.decideRedirect(event.url))) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  // The renderer needs no camera, microphone, geolocation, notifications or device access: devices
  // and notifications are handled in main. Every permission request is refused.
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  if (options.devUrl) void window.loadURL(options.devUrl);
  else void window.loadFile(options.rendererFile);
  return window;
}
