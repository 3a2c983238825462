// Printer bytes to a serial (RS-232 / USB virtual COM) label printer. Thin on purpose: opening,
// listing and watching ports belongs to the device manager (core/devices); this only writes.
import { SerialPort } from 'serialport';
import { AppError } from '../../errors/app-error';

/** What writing needs from an open port: serialport's SerialPort satisfies it. */
export type WritablePort = {
  write(data: Buffer, callback?: (err: Error | null | undefined) => void): boolean;
  drain(callback: (err: Error | null) => void): void;
};

/** Writes and waits until the OS has sent every byte (drain), so closing right after loses nothing. */
export function writeToOpenPort(port: WritablePort, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => reject(new AppError('device', `Принтер на последовательном порту не принял этикетку: ${err.message}`, { cause: err }));
    port.write(Buffer.from(bytes), (err) => {
      if (err) fail(err);
    });
    port.drain((err) => (err ? fail(err) : resolve()));
  });
}

export type SerialTarget = { path: string; baudRate: number };

/**
 * Opens `path` at `baudRate` (8N1; label printers default to 9600, peers-and-hardware.md §3.4/§3.8),
 * writes, drains and closes. For a port the device manager already holds, use writeToOpenPort.
 */
export async function writeToSerialPath(target: SerialTarget, bytes: Uint8Array): Promise<void> {
  const port = new SerialPort({ path: target.path, baudRate: target.baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    port.open((err) => (err ? reject(new AppError('device', `Не удалось открыть порт ${target.path}: ${err.message}`, { cause: err, details: target })) : resolve())),
  );
  try {
    await writeToOpenPort(port, bytes);
  } finally {
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
