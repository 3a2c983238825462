import { writeReportSection } from '../bench/bench-support';

// Timings measured by an e2e spec go to docs/benchmarks.md, section by section, with the same
// replace-the-section logic the benchmark scripts use (bench/bench-support.ts), never into an
// assertion: a browser on a shared machine is no stopwatch to fail a build on.
//
// Written only when CI is not set: a CI checkout is thrown away, and CI machines' numbers must not
// replace the reference numbers committed from a developer's machine. Locally every run of the
// spec refreshes its section, as `npm run bench` does for the others.

export type TimingSummary = { count: number; p50: number; p95: number; max: number; min: number; mean: number };

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? Number.NaN;
}

export function summarize(values: readonly number[]): TimingSummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? Number.NaN,
    min: sorted[0] ?? Number.NaN,
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
  };
}

/** Replaces (or appends) `heading`'s section; returns whether it was written (false under CI). */
export function writeE2eReportSection(heading: string, body: string): boolean {
  if (process.env.CI) return false;
  writeReportSection(heading, `${heading}\n\n${body.trim()}\n`);
  return true;
}
