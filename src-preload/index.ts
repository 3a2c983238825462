// The only bridge between the sandboxed renderer and main: invoke a contract channel, or listen to a
// contract event. Nothing else (no ipcRenderer, no process.env) reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { type PrilavokApi, isEventName, isInvokeChannel } from './contract';
import { eventIpcChannel, invokeIpcChannel } from './ipc-channels';

const api: PrilavokApi = {
  invoke(channel, input) {
    if (!isInvokeChannel(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'validation', message: `Неизвестный канал: ${String(channel)}` } });
    }
    return ipcRenderer.invoke(invokeIpcChannel, channel, input);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Неизвестное событие: ${String(event)}`);
    // The Electron event object (with `sender`) is dropped: the page gets the payload only.
    const wrapped = (_event: unknown, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as Parameters<typeof listener>[0]);
    };
    ipcRenderer.on(eventIpcChannel, wrapped);
    return () => {
      ipcRenderer.removeListener(eventIpcChannel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
