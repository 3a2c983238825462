// Files 1C picks up from the exchange folder must never be seen half-written: the bytes go to a
// hidden temp file beside the target, are flushed to disk, then renamed (atomic within one folder).
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';

/**
 * Writes `bytes` under `dir` as `<stem>.xml`, or `<stem>-2.xml`, `-3`… when that name is taken, so an
 * earlier file 1C has not read yet is never replaced. Returns the name used. Synchronous on purpose:
 * choosing the name and renaming cannot interleave with another export of this process.
 */
export function writeNewFileAtomically(dir: string, stem: string, extension: string, bytes: Uint8Array): string {
  let name = `${stem}${extension}`;
  for (let n = 2; existsSync(join(dir, name)); n += 1) name = `${stem}-${n}${extension}`;
  // A dot name and a .tmp ending: not matched by 1C's `*.xml` mask nor by the folder listing.
  const temp = join(dir, `.${name}.${uuidv7()}.tmp`);
  const fd = openSync(temp, 'wx');
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(temp, join(dir, name));
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  return name;
}
