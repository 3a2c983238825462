// Watches the exchange folder (not its subfolders) for files 1C or a person drops there. chokidar's
// awaitWriteFinish holds a file back until its size stops changing, so a file still being copied (1C
// writes a 100 MB catalog over a network share for a while) is never read half-written. Files that
// finish close together are handed over as one batch: 1C drops import.xml and offers.xml together and
// they belong to one exchange.
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';

export type FolderWatcherOptions = {
  folder: string;
  /** Names (in the folder itself) of files that were added or changed and then stopped growing. */
  onFiles: (names: string[]) => void;
  onError: (err: unknown) => void;
  /** How long a file's size must stay the same before it counts as written. Default 2 s. */
  stabilityMs?: number;
  /** How long to wait for more finished files before handing over a batch. Default 1 s. */
  batchMs?: number;
};

export type FolderWatcher = {
  /** Resolves once the initial scan is done (files already there are reported as added). */
  ready: Promise<void>;
  close(): Promise<void>;
};

/** Size and modification time as one comparable value; null when the file is gone. */
function sizeAndTime(path: string): string | null {
  try {
    const stats = statSync(path);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return null;
  }
}

export function watchExchangeFolder(options: FolderWatcherOptions): FolderWatcher {
  const root = resolve(options.folder);
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let isClosed = false;

  const flush = (): void => {
    timer = null;
    if (isClosed || pending.size === 0) return;
    const names = [...pending];
    pending.clear();
    options.onFiles(names);
  };
  const onFile = (path: string): void => {
    // depth 0 still reports the subfolders themselves; only files directly in the folder count, and
    // hidden ones (our own temp files) never do.
    if (resolve(dirname(path)) !== root || basename(path).startsWith('.')) return;
    pending.add(basename(path));
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(flush, options.batchMs ?? 1000);
  };

  // chokidar applies awaitWriteFinish only after its first scan ('ready'); a file found by that scan
  // may be one 1C is still copying while the app starts, so it gets the same wait here.
  let isScanned = false;
  const settleThen = (path: string): void => {
    const stabilityMs = options.stabilityMs ?? 2000;
    let last = sizeAndTime(path);
    let since = Date.now();
    const check = (): void => {
      if (isClosed) return;
      const now = sizeAndTime(path);
      if (now === null) return;
      if (now !== last) {
        last = now;
        since = Date.now();
      }
      if (Date.now() - since >= stabilityMs) onFile(path);
      else setTimeout(check, 100).unref();
    };
    setTimeout(check, 100).unref();
  };

  const watcher: FSWatcher = watch(root, {
    depth: 0,
    // Files that arrived while the app was closed are imported at start, like new ones.
    ignoreInitial: false,
    awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 2000, pollInterval: 100 },
    ignored: (path) => path !== root && basename(path).startsWith('.'),
  });
  watcher.on('add', (path) => (isScanned ? onFile(path) : settleThen(path)));
  watcher.on('change', (path) => (isScanned ? onFile(path) : settleThen(path)));
  watcher.on('error', (err) => options.onError(err));
  const ready = new Promise<void>((done) =>
    watcher.once('ready', () => {
      isScanned = true;
      done();
    }),
  );

  return {
    ready,
    async close() {
      isClosed = true;
      if (timer !== null) clearTimeout(timer);
      pending.clear();
      await watcher.close();
    },
  };
}
