import { createContext, useContext, useEffect, useRef } from 'react';
import { type ScanEvent } from '../../../src-preload/contract';
import { type WedgeScan, type WedgeSettings } from '../scanner/wedge-decoder';

/** One scan for a consumer: from the keyboard wedge (decoded here) or a serial scanner (resolved in main). */
export type CapturedScan =
  | {
      source: 'keyboard';
      device: 'keyboard';
      /** ASCII with real GS (\u001d): what goes to scans.resolve. */
      text: string;
      /** performance.now() time of the burst's last key: where scan-to-render starts. */
      startedAt: number;
      wedge: WedgeScan;
    }
  | { source: 'serial'; device: string; text: string; startedAt: number; event: ScanEvent };

export type ScanHandler = (scan: CapturedScan) => void;

export type ConsumerOptions = {
  /** Higher wins; equal priorities: the one registered last. Screens use 0, a wizard above them more. */
  priority?: number;
  /** Thresholds to listen with while this consumer is on top (the calibration wizard listens loosely). */
  listenWith?: WedgeSettings | null;
  /** false: not registered (e.g. a document that can no longer be changed). */
  isEnabled?: boolean;
};

export type ConsumerEntry = { id: number; priority: number; listenWith: WedgeSettings | null; handler: { current: ScanHandler } };

export type ScanCaptureControl = {
  /** The station's thresholds in use (devices.settings keyboard part, or the defaults until loaded). */
  settings: WedgeSettings;
  isLoaded: boolean;
  /** After devices.settings.set: use the saved thresholds from the next key on. */
  applySettings: (settings: WedgeSettings) => void;
  register: (entry: Omit<ConsumerEntry, 'id'>) => () => void;
};

export const ScanCaptureContext = createContext<ScanCaptureControl | null>(null);

export function useScanCapture(): ScanCaptureControl {
  const control = useContext(ScanCaptureContext);
  if (control === null) throw new Error('useScanCapture outside ScanCaptureProvider');
  return control;
}

/**
 * Makes the calling screen the one that receives completed scans while it is mounted (and
 * enabled). The latest handler is always called; registration only changes with the options.
 */
export function useScanConsumer(handler: ScanHandler, options: ConsumerOptions = {}): void {
  const { register } = useScanCapture();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  const { priority = 0, listenWith = null, isEnabled = true } = options;
  const listenKey = listenWith === null ? '' : JSON.stringify(listenWith);
  useEffect(() => {
    if (!isEnabled) return;
    const parsed = listenKey === '' ? null : (JSON.parse(listenKey) as WedgeSettings);
    return register({ priority, listenWith: parsed, handler: latest });
  }, [register, priority, listenKey, isEnabled]);
}
