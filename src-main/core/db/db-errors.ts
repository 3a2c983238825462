import { AppError } from '../errors/app-error';

/** The database was written by a newer Prilavok: opening it with this one could corrupt it. */
export function dbFromFutureError(path: string, unknownCount: number): AppError {
  return new AppError(
    'db_from_future',
    `База данных ${path} создана более новой версией Prilavok (неизвестных миграций: ${unknownCount}). ` +
      'Установите последнюю версию программы; эта версия базу не изменяла.',
    { details: { path, unknownCount } },
  );
}

export function migrationError(message: string, cause?: unknown): AppError {
  return new AppError('migration', message, { cause });
}
