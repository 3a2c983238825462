// When local 1C data is old enough to refresh (architecture §4 "Freshness").

/**
 * True when data taken at `asOf` (epoch ms; null = never taken) is older than `ttlMinutes` at `now`.
 * A TTL of 0 means "always refresh". A time in the future (the PC clock was moved back) counts as
 * fresh, never as negative age: a clock correction must not trigger a refresh storm.
 */
export function isStale(asOf: number | null | undefined, ttlMinutes: number, now: number): boolean {
  if (asOf === null || asOf === undefined || !Number.isFinite(asOf)) return true;
  if (!(ttlMinutes > 0)) return true;
  return now - asOf >= ttlMinutes * 60_000;
}
