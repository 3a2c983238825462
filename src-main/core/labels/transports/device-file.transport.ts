// Printer bytes to a device node or a file: /dev/usb/lp0 on Linux, a shared printer's UNC path
// (\\host\printer) or an LPT port on Windows, or a plain file to keep or send later.
import { writeFile } from 'node:fs/promises';
import { AppError } from '../../errors/app-error';

/**
 * Writes `bytes` to `path` in one go (created or truncated for a file). Rejects with
 * AppError('device') when the path cannot be written or the write takes longer than `timeoutMs`
 * (a USB printer that is switched off can block a write forever).
 */
export async function writeToDeviceFile(path: string, bytes: Uint8Array, options: { timeoutMs?: number } = {}): Promise<void> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  try {
    await writeFile(path, bytes, { flag: 'w', signal });
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    const reason = code === 'ABORT_ERR' ? 'принтер не принял данные вовремя' : code === 'ENOENT' ? 'нет такого устройства или папки' : code === 'EACCES' || code === 'EPERM' ? 'нет прав на запись' : code || 'ошибка записи';
    throw new AppError('device', `Не удалось отправить этикетку в ${path}: ${reason}`, { cause: err, details: { path, code } });
  }
}
