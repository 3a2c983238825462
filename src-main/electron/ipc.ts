import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { eventIpcChannel, invokeIpcChannel } from '../../src-preload/ipc-channels';
import { type Core } from '../core/app/create-core';
import { type Logger } from '../core/logging/logger';
import { isInternalUrl } from './main-window';

/** Wires the core's dispatch gate and event bus to the window. Validation happens in dispatch. */
export function wireIpc(core: Core, window: BrowserWindow, logger: Logger): void {
  ipcMain.handle(invokeIpcChannel, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isInternalUrl(frameUrl, process.env.ELECTRON_RENDERER_URL)) {
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
