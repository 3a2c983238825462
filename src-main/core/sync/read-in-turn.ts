// Streamed reads one ahead. 1C builds a virtual table's whole answer (SliceLast, Balance, a window of
// movements) before it sends the first byte; read strictly one after another, 1C idles while we apply
// answer k and we idle while it builds answer k+1. Here request k+1 goes out with request k, but its
// body is read only once answer k is applied (the socket and 1C hold the bytes meanwhile), so rows are
// still handled in order and at most two answers are in flight. Across jobs (D21, D33): while 1C is
// still building the answer to be read next, work the run put off runs step by step
// (ctx.whileOnecWorks), and once the last read is sent the next job may send its first (ctx.nearEnd).
import { type PullContext, sendPending } from './pull-context';

/** `onAnswer` tells readInTurn that 1C has built this answer (pass it on to ctx.each). */
export type TurnOptions = { readAfter: Promise<unknown>; signal: AbortSignal; onAnswer: () => void };

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
  const isAsync = Symbol.asyncIterator in items;
  const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : toAsync(items[Symbol.iterator]());
  // Taking the next item of an async source may itself ask 1C (a movement window is counted first).
  // Taking it one item earlier still was measured: no difference.
  const takeNext = (): Promise<IteratorResult<T>> => (isAsync ? whileWaiting(ctx, source.next()) : source.next());
  const turns: Turn[] = [];
  /** `answer.isAnswered`: 1C has built the answer (or the read ended some other way). */
  type Started = { item: T; read: Promise<R>; turn: Turn; answer: { isAnswered: boolean } };
  const start = (item: T, readAfter: Promise<unknown>): Started => {
    controller.signal.throwIfAborted();
    const answer = { isAnswered: false };
    const onAnswer = (): void => {
      answer.isAnswered = true;
    };
    const promise = read(item, { readAfter, signal: controller.signal, onAnswer });
    // Awaited in its turn; this also keeps a read abandoned after a failure from being "unhandled".
    promise.then(onAnswer, onAnswer);
    const turn = createTurn();
    turns.push(turn);
    return { item, read: promise, turn, answer };
  };
  try {
    const first = await source.next();
    let current: Started | null = first.done === true ? null : start(first.value, Promise.resolve());
    while (current !== null) {
      const following = await takeNext();
      const next: Started | null = following.done === true ? null : start(following.value, current.turn.promise);
      if (next === null) ctx.nearEnd?.();
      const { answer } = current;
      await fillWait(ctx, () => answer.isAnswered);
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

/**
 * While 1C is still working on what `isAnswered` waits for, runs put-off work step by step (D33).
 * Lets requests just handed to undici reach the socket before each (synchronous) step.
 */
async function fillWait(ctx: Partial<Pick<PullContext, 'whileOnecWorks'>>, isAnswered: () => boolean): Promise<void> {
  if (!ctx.whileOnecWorks) return;
  await sendPending();
  while (!isAnswered() && ctx.whileOnecWorks()) await sendPending();
}

/** `promise`, with put-off work run while it is pending. */
async function whileWaiting<V>(ctx: Partial<Pick<PullContext, 'whileOnecWorks'>>, promise: Promise<V>): Promise<V> {
  let isSettled = false;
  const settle = (): void => {
    isSettled = true;
  };
  promise.then(settle, settle);
  await fillWait(ctx, () => isSettled);
  return promise;
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return { next: async () => iterator.next() };
}
