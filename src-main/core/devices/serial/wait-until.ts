// Exported for testing only.
// Polls a condition instead of sleeping a fixed time: device tests must pass on a loaded machine.

export type WaitUntilOptions = {
  timeoutMs?: number;
  intervalMs?: number;
  /** Included in the timeout error; a function so it can describe the state at the time of failure. */
  message?: string | (() => string);
};

/** Resolves when `condition` is true; rejects with `message` after `timeoutMs` (default 15 s). */
export async function waitUntil(condition: () => boolean, options: WaitUntilOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const intervalMs = options.intervalMs ?? 10;
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      const message = typeof options.message === 'function' ? options.message() : (options.message ?? 'condition not met');
      throw new Error(`waitUntil timed out after ${timeoutMs} ms: ${message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
