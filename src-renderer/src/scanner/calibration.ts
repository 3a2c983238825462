// The calibration wizard's arithmetic: from a few scans of a test code, the thresholds that tell
// this station's scanner from a person. Pure, so the numbers are unit-tested.
import { GS } from './key-map';
import { type WedgeScan, type WedgeSettings } from './wedge-decoder';

/** What the wizard listens with: loose enough to catch a slow Bluetooth or RDP scanner. */
export const calibrationListenSettings: WedgeSettings = { maxInterKeyMs: 250, minLength: 4, gsSubstitute: '', isEnterRequired: false };

/** The contract's bounds for the keyboard settings (devices.ts keyboardWedgeSettings). */
export const wedgeLimits = { maxInterKeyMs: { min: 5, max: 200 }, minLength: { min: 3, max: 64 } } as const;

/** Below this a person cannot type key after key; a proposal this low is never needed. */
const floorMs = 20;
/** Codes shorter than this are rare (EAN-8 has 8); a lower bar lets fast human bursts through. */
const preferredMinLength = 6;

export type CalibrationProposal = {
  maxInterKeyMs: number;
  minLength: number;
  isEnterRequired: boolean;
  /** The slowest gap measured, ms. */
  measuredMaxMs: number;
  measuredMeanMs: number;
  samples: number;
  shortestLength: number;
  /** The OS layout typed something else than the scanner sent (the Russian layout): decoding by key position handled it. */
  isLayoutRemapped: boolean;
  hasGs: boolean;
  /** The slowest gap is in the range of human typing: the proposal cannot separate the two safely. */
  isTooSlow: boolean;
};

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * Thresholds for the scans measured: maxInterKeyMs half as much again as the slowest gap plus
 * 10 ms (never below 20 ms), so a scanner's jitter stays inside and a person's 80+ ms stay out;
 * minLength the shorter of 6 and the shortest code scanned; Enter required when every scan ended
 * with one. Null without samples.
 */
export function proposeWedgeSettings(samples: readonly WedgeScan[]): CalibrationProposal | null {
  if (samples.length === 0) return null;
  const gaps = samples.flatMap((s) => s.intervals);
  const measuredMaxMs = gaps.length === 0 ? 0 : Math.max(...gaps);
  const measuredMeanMs = gaps.length === 0 ? 0 : gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const shortestLength = Math.min(...samples.map((s) => s.text.length));
  const proposedGap = Math.max(floorMs, Math.ceil(measuredMaxMs * 1.5) + 10);
  return {
    maxInterKeyMs: clamp(proposedGap, wedgeLimits.maxInterKeyMs.min, wedgeLimits.maxInterKeyMs.max),
    minLength: clamp(Math.min(preferredMinLength, shortestLength), wedgeLimits.minLength.min, wedgeLimits.minLength.max),
    isEnterRequired: samples.every((s) => s.terminator === 'enter'),
    measuredMaxMs,
    measuredMeanMs,
    samples: samples.length,
    shortestLength,
    isLayoutRemapped: samples.some((s) => s.typed !== s.text.replaceAll(GS, '')),
    hasGs: samples.some((s) => s.text.includes(GS)),
    isTooSlow: proposedGap > wedgeLimits.maxInterKeyMs.max * 0.6,
  };
}
