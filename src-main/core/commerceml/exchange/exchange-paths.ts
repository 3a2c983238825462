// File names arrive from IPC. The contract already refuses separators, `.` and `..`; here the name is
// resolved to the real file on disk, following links, and must still lie inside the exchange folder:
// a link in the folder that points elsewhere (another user's files, the database) is refused.
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { AppError } from '../../errors/app-error';

export type ResolvedExchangeFile = { name: string; path: string; size: number };

export function resolveExchangeFile(folder: string, name: string): ResolvedExchangeFile {
  if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) {
    throw new AppError('validation', `«${name}» — не имя файла в папке обмена.`);
  }
  let realFolder: string;
  try {
    realFolder = realpathSync(folder);
  } catch (err) {
    throw new AppError('validation', `Папка обмена «${folder}» не найдена или недоступна.`, { cause: err });
  }
  let realFile: string;
  try {
    realFile = realpathSync(join(folder, name));
  } catch (err) {
    throw new AppError('not_found', `Файла «${name}» нет в папке обмена.`, { cause: err });
  }
  const inside = relative(realFolder, realFile);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new AppError('validation', `Файл «${name}» ведёт за пределы папки обмена — такой файл не загружается.`);
  }
  const stats = statSync(realFile);
  if (!stats.isFile()) throw new AppError('validation', `«${name}» — не файл.`);
  return { name, path: realFile, size: stats.size };
}
