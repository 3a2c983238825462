// Where something was found in an exchange, and the one error shape that stops an import: the file
// as the user knows it (an archive entry as «пакет.zip/import.xml»), the line and the column.
import { AppError } from '../../errors/app-error';

export type CmlLocation = { file: string; line: number; column: number };

/** A warning: something in a file that could not be understood and was skipped. */
export type CmlWarn = (at: CmlLocation, message: string) => void;

/**
 * The error that stops an import: «<file>, строка N, столбец M: <what>». Line 0 means the problem is
 * not inside the XML text (an archive's structure, a file that cannot be read).
 */
export function cmlError(at: CmlLocation, what: string, cause?: unknown): AppError {
  const where = at.line > 0 ? `${at.file}, строка ${at.line}, столбец ${at.column}` : at.file;
  return new AppError('validation', `${where}: ${what}`, {
    details: { file: at.file, line: at.line, column: at.column },
    ...(cause === undefined ? {} : { cause }),
  });
}
