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

/** A whileOnecWorks that logs its steps; `onStep` plays 1C finishing something during step n. */
function loggedSteps(log: string[], onStep: (step: number) => void, options = { hasMore: true }): () => boolean {
  let steps = 0;
  return () => {
    steps += 1;
    log.push(`step ${steps}`);
    onStep(steps);
    return options.hasMore;
  };
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

  it('fills the time 1C still needs for the answer to read next with put-off steps, one at a time, and stops when it arrives', async () => {
    const log: string[] = [];
    const build = new Map<number, () => void>();
    const read = async (item: number, turn: TurnOptions): Promise<number> => {
      log.push(`ask ${item}`);
      // 1C has item 3 ready by the time its turn comes; items 1 and 2 are built while the run waits.
      if (item !== 3) await new Promise<void>((resolve) => build.set(item, resolve));
      turn.onAnswer();
      await turn.readAfter;
      log.push(`rows ${item}`);
      return item;
    };
    const whileOnecWorks = loggedSteps(log, (step) => {
      if (step === 2) build.get(1)?.();
      if (step === 5) build.get(2)?.();
    });
    await readInTurn({ signal: new AbortController().signal, whileOnecWorks }, [1, 2, 3], read, (item) => void log.push(`apply ${item}`));
    expect(log).toEqual(['ask 1', 'ask 2', 'step 1', 'step 2', 'rows 1', 'apply 1', 'ask 3', 'step 3', 'step 4', 'step 5', 'rows 2', 'apply 2', 'rows 3', 'apply 3']);
  });

  it('also fills the wait while taking the next item asks 1C (a movement window counted first)', async () => {
    const log: string[] = [];
    let countWindow = (): void => undefined;
    async function* windows(): AsyncGenerator<number> {
      yield 1;
      await new Promise<void>((resolve) => {
        countWindow = resolve;
      });
      yield 2;
    }
    const read = async (item: number, turn: TurnOptions): Promise<number> => {
      turn.onAnswer();
      await turn.readAfter;
      return item;
    };
    const whileOnecWorks = loggedSteps(log, (step) => {
      if (step === 3) countWindow();
    });
    await readInTurn({ signal: new AbortController().signal, whileOnecWorks }, windows(), read, (item) => void log.push(`apply ${item}`));
    expect(log).toEqual(['step 1', 'step 2', 'step 3', 'apply 1', 'apply 2']);
  });

  it('stops asking for steps once there is no put-off work left, however long 1C takes', async () => {
    const log: string[] = [];
    const read = async (item: number, turn: TurnOptions): Promise<number> => {
      await new Promise((resolve) => setTimeout(resolve, item * 100));
      turn.onAnswer();
      await turn.readAfter;
      return item;
    };
    const whileOnecWorks = loggedSteps(log, () => undefined, { hasMore: false });
    await readInTurn({ signal: new AbortController().signal, whileOnecWorks }, [1, 2], read, (item) => void log.push(`apply ${item}`));
    // One call per wait for an answer (items 1 and 2), each told there was nothing to run.
    expect(log).toEqual(['step 1', 'apply 1', 'step 2', 'apply 2']);
  });
});
