// Streamed reads one ahead. 1C builds a virtual table's whole answer (SliceLast, Balance, a window of
// movements) before it sends the first byte; read strictly one after another, 1C idles while we apply
// answer k and we idle while it builds answer k+1. Here request k+1 goes out with request k, but its
// body is read only once answer k is applied (the socket and 1C hold the bytes meanwhile), so rows are
// still handled in order and at most two answers are in flight.
import { type PullContext } from './pull-context';

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
 * `apply` with what it resolved to. A failure stops the loop and aborts the read started early.
 */
export async function readInTurn<T, R>(
  ctx: Pick<PullContext, 'signal'>,
  items: readonly T[],
  read: (item: T, options: TurnOptions) => Promise<R>,
  apply: (item: T, result: R) => void,
): Promise<void> {
  const controller = new AbortController();
  const stopWithCaller = (): void => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', stopWithCaller, { once: true });
  const turns = items.map(() => createTurn());
  const reads: Promise<R>[] = [];
  const start = (index: number): void => {
    const readAfter = index === 0 ? Promise.resolve() : (turns[index - 1] as Turn).promise;
    const promise = read(items[index] as T, { readAfter, signal: controller.signal });
    // Awaited in its turn; this only keeps a read abandoned after a failure from being "unhandled".
    promise.catch(() => undefined);
    reads.push(promise);
  };
  try {
    if (items.length > 0) start(0);
    for (let index = 0; index < items.length; index += 1) {
      if (index + 1 < items.length) start(index + 1);
      const result = await (reads[index] as Promise<R>);
      apply(items[index] as T, result);
      (turns[index] as Turn).open();
    }
  } finally {
    ctx.signal.removeEventListener('abort', stopWithCaller);
    if (!controller.signal.aborted) controller.abort(new Error('the read before this one failed'));
    for (const turn of turns) turn.open();
  }
}
