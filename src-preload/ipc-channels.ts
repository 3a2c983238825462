/** The two Electron IPC channels the contract travels over (channel names are arguments). */
export const invokeIpcChannel = 'prilavok:invoke';
export const eventIpcChannel = 'prilavok:event';
