// Streamed reads one ahead. 1C builds a virtual table's whole answer (SliceLast, Balance, a window of
// movements) before it sends the first byte; read strictly one after another, 1C idles while we apply
// answer k and we idle while it builds answer k+1. Here request k+1 goes out with request k, but its
// body is read only once answer k is applied (the socket and 1C hold the bytes meanwhile), so rows are
// still handled in order and at most two answers are in flight. Across jobs (D21): once the first
// reads are on the wire, work the run put off runs while 1C builds the answers (ctx.whileOnecWorks),
// and once the last read is sent the next job may send its first (ctx.nearEnd).
import { type PullContext, sendPending } from './pull-context';

export type TurnOptions = { readAfter: Promise<unknown>; signal: AbortSignal };

type Turn = { promise: Promise<void>; open: () => void };

function createTurn(): Turn {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/**
 * For each item in order: `read` (started one item early, passing its options to ctx.each) then
 * `apply` with what it resolved to. Items may come from an async source (the next one is taken
 * while the current read streams). A failure stops the loop and aborts the read started early.
 */
export async function readInTurn<T, R>(
  ctx: Pick<PullContext, 'signal'> & Partial<Pick<PullContext, 'nearEnd' | 'whileOnecWorks'>>,
  items: Iterable<T> | AsyncIterable<T>,
  read: (item: T, options: TurnOptions) => Promise<R>,
  apply: (item: T, result: R) => void,
): Promise<void> {
  const controller = new AbortController();
  const stopWithCaller = (): void => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', stopWithCaller, { once: true });
  const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : toAsync(items[Symbol.iterator]());
  const turns: Turn[] = [];
  type Started = { item: T; read: Promise<R>; turn: Turn };
  const start = (item: T, readAfter: Promise<unknown>): Started => {
    controller.signal.throwIfAborted();
    const promise = read(item, { readAfter, signal: controller.signal });
    // Awaited in its turn; this only keeps a read abandoned after a failure from being "unhandled".
    promise.catch(() => undefined);
    const turn = createTurn();
    turns.push(turn);
    return { item, read: promise, turn };
  };
  try {
    const first = await source.next();
    let current: Started | null = first.done === true ? null : start(first.value, Promise.resolve());
    let isFirst = true;
    while (current !== null) {
      const following = await source.next();
      const next: Started | null = following.done === true ? null : start(following.value, current.turn.promise);
      if (next === null) ctx.nearEnd?.();
      if (isFirst && ctx.whileOnecWorks) {
        isFirst = false;
        // Let the requests reach the socket before the (synchronous) work holds the thread.
        await sendPending();
        ctx.whileOnecWorks();
      }
      const result = await current.read;
      apply(current.item, result);
      current.turn.open();
      current = next;
    }
  } finally {
    ctx.signal.removeEventListener('abort', stopWithCaller);
    if (!controller.signal.aborted) controller.abort(new Error('the read before this one failed'));
    for (const turn of turns) turn.open();
    await source.return?.();
  }
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return { next: async () => iterator.next() };
}
