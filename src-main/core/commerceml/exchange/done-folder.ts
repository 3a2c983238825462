// After a real import the files leave the exchange folder for `done/<time>/`, so neither a person nor
// the watcher imports them twice, and what was loaded when stays on disk for a look later.
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { toLogFormat } from '../../errors/app-error';
import { type Logger } from '../../logging/logger';
import { wallClock } from '../export/cml-values';
import { doneFolderName } from './exchange-files';

export type MoveResult = {
  /** `done/2024-05-01_14-30-00` relative to the exchange folder (or with `-2`… when taken). */
  dir: string;
  moved: string[];
  failed: Array<{ name: string; message: string }>;
};

/**
 * Moves the named entries of `folder` (the names as listed, so a link moves as a link) into a new
 * `done/<local time>/` folder. A file that cannot be moved (1C still holds it open on Windows) stays
 * and is reported, the others move.
 */
export function moveToDone(folder: string, names: readonly string[], at: number, timeZone: string, logger: Logger): MoveResult {
  const clock = wallClock(at, timeZone);
  const stem = `${clock.date}_${clock.time.replaceAll(':', '-')}`;
  mkdirSync(join(folder, doneFolderName), { recursive: true });
  let dir = join(doneFolderName, stem);
  for (let n = 2; !tryMkdir(join(folder, dir)); n += 1) dir = join(doneFolderName, `${stem}-${n}`);
  const result: MoveResult = { dir, moved: [], failed: [] };
  for (const name of names) {
    try {
      renameSync(join(folder, name), join(folder, dir, name));
      result.moved.push(name);
    } catch (err) {
      logger.warn(`cml: ${name} not moved to ${dir}: ${toLogFormat(err)}`);
      result.failed.push({ name, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}

function tryMkdir(path: string): boolean {
  try {
    mkdirSync(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}
