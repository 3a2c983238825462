import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { eventIpcChannel, invokeIpcChannel } from '../../src-preload/ipc-channels';
import { type Core } from '../core/app/create-core';
import { type Logger } from '../core/logging/logger';
import { type NavigationPolicy } from './navigation-policy';

/** Wires the core's dispatch gate and event bus to the window. Validation happens in dispatch. */
export function wireIpc(core: Core, window: BrowserWindow, navigation: NavigationPolicy, logger: Logger): void {
  ipcMain.handle(invokeIpcChannel, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!navigation.isOwnPage(frameUrl)) {
      logger.warn(`IPC from a foreign frame refused: ${frameUrl}`);
      return { ok: false, error: { code: 'unauthorized', message: 'Запрос из чужого окна отклонён' } };
    }
    return core.dispatch(channel, input);
  });
  const unsubscribe = core.events.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(eventIpcChannel, name, payload);
  });
  window.on('closed', unsubscribe);
}
