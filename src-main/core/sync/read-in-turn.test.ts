import { describe, expect, it } from 'vitest';
import { readInTurn, type TurnOptions } from './read-in-turn';

/** A read that logs when it starts, waits for its turn like forEachRow, then logs its rows. */
function loggingRead(log: string[], failing?: number) {
  const signals = new Map<number, AbortSignal>();
  const read = async (item: number, turn: TurnOptions): Promise<number> => {
    signals.set(item, turn.signal);
    log.push(`ask ${item}`);
    await turn.readAfter;
    await Promise.resolve();
    if (item === failing) throw new Error(`read ${item} failed`);
    log.push(`rows ${item}`);
    return item * 10;
  };
  return { read, signals };
}

describe('readInTurn', () => {
  it('asks for the next item before applying this one, and hands rows strictly in order', async () => {
    const log: string[] = [];
    const { read } = loggingRead(log);
    await readInTurn({ signal: new AbortController().signal }, [1, 2, 3], read, (item, result) => void log.push(`apply ${item}=${result}`));
    expect(log).toEqual(['ask 1', 'ask 2', 'rows 1', 'apply 1=10', 'ask 3', 'rows 2', 'apply 2=20', 'rows 3', 'apply 3=30']);
  });

  it('stops at a failed read and aborts the one asked for ahead of it', async () => {
    const log: string[] = [];
    const { read, signals } = loggingRead(log, 2);
    await expect(readInTurn({ signal: new AbortController().signal }, [1, 2, 3, 4], read, (item) => void log.push(`apply ${item}`))).rejects.toThrow('read 2 failed');
    expect(log).not.toContain('apply 2');
    expect(log).not.toContain('ask 4');
    expect(signals.get(3)?.aborted).toBe(true);
  });

  it('aborts the reads in flight when the caller’s signal aborts', async () => {
    const caller = new AbortController();
    const seen: AbortSignal[] = [];
    const read = async (_item: number, turn: TurnOptions): Promise<number> => {
      seen.push(turn.signal);
      await new Promise((_resolve, reject) => turn.signal.addEventListener('abort', () => reject(turn.signal.reason as Error), { once: true }));
      return 0;
    };
    const running = readInTurn({ signal: caller.signal }, [1, 2], read, () => undefined);
    caller.abort(new Error('closing'));
    await expect(running).rejects.toThrow('closing');
    expect(seen.every((s) => s.aborted)).toBe(true);
  });
});
