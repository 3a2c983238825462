import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-db';
import { type FolderWatcher, watchExchangeFolder } from './folder-watcher';

// Real chokidar on a real temp folder; the waits are shortened (300 ms of no growth, 200 ms batches).
describe('watchExchangeFolder', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(folder: string): Promise<{ batches: string[][]; sizesSeen: Map<string, number>; watcher: FolderWatcher }> {
    const batches: string[][] = [];
    const sizesSeen = new Map<string, number>();
    const watcher = watchExchangeFolder({
      folder,
      stabilityMs: 300,
      batchMs: 200,
      onFiles: (names) => {
        batches.push([...names].sort());
        // What an import would read at this moment.
        for (const name of names) sizesSeen.set(name, readFileSync(join(folder, name)).length);
      },
      onError: (err) => {
        throw err;
      },
    });
    cleanups.push(() => watcher.close());
    await watcher.ready;
    return { batches, sizesSeen, watcher };
  }

  async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await sleep(25);
    }
  }

  function tempFolder(): string {
    const temp = makeTempDir('prilavok-cml-watch-');
    cleanups.push(temp.cleanup);
    return temp.dir;
  }

  it('reports files already in the folder at start, and files dropped together as one batch', async () => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'import.xml'), '<a/>');
    const { batches } = await start(folder);
    await until(() => batches.length === 1);
    expect(batches[0]).toEqual(['import.xml']);
    writeFileSync(join(folder, 'offers.xml'), '<b/>');
    writeFileSync(join(folder, 'prices.xml'), '<c/>');
    await until(() => batches.length === 2);
    expect(batches[1]).toEqual(['offers.xml', 'prices.xml']);
  });

  it('waits until a file being copied stops growing, then reports it once, whole', async () => {
    const folder = tempFolder();
    const { batches, sizesSeen } = await start(folder);
    const path = join(folder, 'import___big.xml');
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    writeFileSync(path, chunk);
    // Ten more chunks, 100 ms apart: never still for the 300 ms the watcher waits for.
    for (let i = 0; i < 10; i += 1) {
      await sleep(100);
      expect(batches).toEqual([]);
      appendFileSync(path, chunk);
    }
    await until(() => batches.length === 1);
    expect(batches[0]).toEqual(['import___big.xml']);
    expect(sizesSeen.get('import___big.xml')).toBe(11 * chunk.length);
    expect(statSync(path).size).toBe(11 * chunk.length);
    await sleep(600);
    expect(batches).toHaveLength(1);
  });

  it('also waits for a file that was still being copied when watching started', async () => {
    const folder = tempFolder();
    const path = join(folder, 'offers___1.xml');
    const chunk = Buffer.alloc(32 * 1024, 0x42);
    writeFileSync(path, chunk);
    const batches: string[][] = [];
    const sizes: number[] = [];
    const watcher = watchExchangeFolder({
      folder,
      stabilityMs: 300,
      batchMs: 200,
      onFiles: (names) => {
        batches.push(names);
        sizes.push(readFileSync(path).length);
      },
      onError: (err) => {
        throw err;
      },
    });
    cleanups.push(() => watcher.close());
    // The copy goes on during chokidar's first scan and after it.
    for (let i = 0; i < 8; i += 1) {
      await sleep(100);
      expect(batches).toEqual([]);
      appendFileSync(path, chunk);
    }
    await until(() => batches.length > 0);
    expect(batches[0]).toEqual(['offers___1.xml']);
    expect(sizes[0]).toBe(9 * chunk.length);
  });

  it('ignores subfolders (done/, to-1c/) and hidden temp files, and reports nothing after close', async () => {
    const folder = tempFolder();
    const { batches, watcher } = await start(folder);
    mkdirSync(join(folder, 'to-1c'));
    mkdirSync(join(folder, 'done'));
    writeFileSync(join(folder, 'to-1c', 'orders-1.xml'), '<o/>');
    writeFileSync(join(folder, 'done', 'import.xml'), '<d/>');
    writeFileSync(join(folder, '.orders-2.xml.0190.tmp'), '<t/>');
    await sleep(900);
    expect(batches).toEqual([]);
    await watcher.close();
    writeFileSync(join(folder, 'import.xml'), '<late/>');
    await sleep(900);
    expect(batches).toEqual([]);
  });
});
