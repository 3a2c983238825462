// How long a disconnected scanner waits before the next open attempt.

export type ReconnectBackoff = {
  /** Wait before the first retry after a failure. */
  initialDelayMs: number;
  /** Cap: an unplugged scanner is probed this often, forever, until it returns or is closed. */
  maxDelayMs: number;
};

export const defaultReconnectBackoff: ReconnectBackoff = { initialDelayMs: 250, maxDelayMs: 5000 };

/**
 * Capped exponential delay for the `attempt`-th retry (0-based): 250, 500, 1000 … 5000 ms.
 * No jitter: each scanner is a local device with its own port, there is no shared server to spare.
 */
export function reconnectDelayMs(attempt: number, backoff: ReconnectBackoff = defaultReconnectBackoff): number {
  const exponent = Math.min(Math.max(0, attempt), 30);
  return Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** exponent);
}
