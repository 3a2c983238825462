// Backoff for the client's in-line retries of idempotent GETs (style B5: capped exponential
// backoff with full jitter; 429/503 `Retry-After` wins).

export type RetryPolicy = {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
};

/**
 * 4 attempts, delays drawn from [0, 1 s), [0, 2 s), [0, 4 s): a restarting 1C worker or a dropped
 * keep-alive connection recovers within that; longer outages are the sync schedule's business,
 * not a blocked call's.
 */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 15_000 };

/** The longest `Retry-After` the client waits in-line; beyond it the error goes to the caller with retryAfterMs. */
export const maxInlineRetryAfterMs = 60_000;

/** Full jitter (AWS architecture blog): uniform in [0, min(max, base·2^(n-1))) for the n-th retry (n ≥ 1). */
export function backoffDelayMs(retryNumber: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(retryNumber - 1, 0), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(Math.max(0, Math.min(random(), 1)) * ceiling);
}

/** `Retry-After: <seconds>` or `Retry-After: <HTTP-date>` → ms from now; null when absent or unreadable. */
export function parseRetryAfterMs(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
