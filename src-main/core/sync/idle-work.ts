// Work a run puts off until it would otherwise wait for 1C (decisions D21, D33): re-creating the
// indexes a first load left out and building the search index. Each step is short (one index, one
// chunk of the search index), so the run can fit steps into the time 1C takes to build an answer
// and stop as soon as the answer is there; whatever is left runs when the run ends.

/** Runs one bounded piece of work; returns true while more of it remains. Must not throw. */
export type IdleStep = () => boolean;

export type IdleWork = {
  /**
   * Queues work; each runs until it reports nothing left. Urgent work (indexes the next jobs' reads
   * use) goes before the rest, otherwise the order is the order queued.
   */
  push(step: IdleStep, options?: { isUrgent?: boolean }): void;
  /** Runs one step of the oldest work; false when there was nothing to run. */
  runOne(): boolean;
  /** Runs everything left. */
  drain(): void;
};

/** Hard cap on the steps of one piece of work (style B5): 200,000 products are ~50 search chunks. */
const maxStepsPerWork = 100_000;

export function createIdleWork(): IdleWork {
  const queue: { step: IdleStep; steps: number; isUrgent: boolean }[] = [];
  const runOne = (): boolean => {
    const head = queue[0];
    if (!head) return false;
    head.steps += 1;
    if (!head.step() || head.steps >= maxStepsPerWork) queue.shift();
    return true;
  };
  return {
    push: (step, options) => {
      const isUrgent = options?.isUrgent === true;
      const at = isUrgent ? queue.findIndex((work) => !work.isUrgent) : -1;
      queue.splice(at === -1 ? queue.length : at, 0, { step, steps: 0, isUrgent });
    },
    runOne,
    drain: () => {
      while (runOne());
    },
  };
}
