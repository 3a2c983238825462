// Printer bytes to a network label printer's raw port (TCP 9100, "JetDirect"): connect, write,
// close (peers-and-hardware.md §3.8).
import { createConnection } from 'node:net';
import { AppError } from '../../errors/app-error';

export async function writeToNetworkPrinter(target: { host: string; port?: number; timeoutMs?: number }, bytes: Uint8Array): Promise<void> {
  const port = target.port ?? 9100;
  await new Promise<void>((resolve, reject) => {
    const socket = createConnection({ host: target.host, port });
    socket.setTimeout(target.timeoutMs ?? 15_000);
    const fail = (reason: string, cause?: unknown) => {
      socket.destroy();
      reject(new AppError('device', `Сетевой принтер ${target.host}:${port} не принял этикетку: ${reason}`, { cause, details: { host: target.host, port } }));
    };
    socket.once('timeout', () => fail('нет ответа'));
    socket.once('error', (err) => fail(err.message, err));
    // 'finish': every byte went to the OS; the printer may keep its side open as long as it likes.
    socket.once('connect', () =>
      socket.end(Buffer.from(bytes), () => {
        socket.setTimeout(0);
        resolve();
      }),
    );
  });
}
