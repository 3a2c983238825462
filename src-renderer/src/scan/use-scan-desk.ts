import { useSyncExternalStore } from 'react';
import { type IpcError, type ScanResult } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { type CapturedScan } from '../scan-capture/scan-capture-context';

export type DeskEntry = {
  seq: number;
  source: CapturedScan['source'];
  device: string;
  /** What was scanned (GS as \u001d). */
  text: string;
  /** performance.now() time of the last key or of the event's arrival: scan-to-render starts here. */
  startedAt: number;
  /** Wall-clock time, for the history. */
  at: number;
  state: 'resolving' | 'done' | 'failed';
  result: ScanResult | null;
  error: IpcError | null;
  /** The result is what «Привязать к товару» answered. */
  isLinked: boolean;
};

export type ScanDesk = {
  /** Newest first. */
  getEntries: () => readonly DeskEntry[];
  subscribe: (listener: () => void) => () => void;
  accept: (scan: CapturedScan) => void;
  /** An unknown code was linked to a product: its entry shows the product now. */
  linked: (seq: number, result: ScanResult) => void;
};

const historyLimit = 30;

/**
 * The scan desk's scans, kept for the whole session by the shell: a scan made on another screen
 * (which brings the desk up) or a serial scan arriving meanwhile is not lost, and the history
 * survives navigation. A store outside React, so a scan re-renders the desk alone, not the shell
 * around it: the desk is timed from the key to the painted product. Keyboard scans are resolved
 * here with scans.resolve; serial scans arrive resolved.
 */
export function createScanDesk(): ScanDesk {
  let entries: readonly DeskEntry[] = [];
  let seq = 0;
  const listeners = new Set<() => void>();

  function set(next: readonly DeskEntry[]): void {
    entries = next;
    for (const listener of listeners) listener();
  }

  function update(n: number, patch: Partial<DeskEntry>): void {
    set(entries.map((entry) => (entry.seq === n ? { ...entry, ...patch } : entry)));
  }

  return {
    getEntries: () => entries,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    accept: (scan) => {
      seq += 1;
      const n = seq;
      const entry: DeskEntry = {
        seq: n,
        source: scan.source,
        device: scan.device,
        text: scan.text,
        startedAt: scan.startedAt,
        at: Date.now(),
        state: scan.source === 'serial' ? 'done' : 'resolving',
        result: scan.source === 'serial' ? scan.event : null,
        error: null,
        isLinked: false,
      };
      set([entry, ...entries].slice(0, historyLimit));
      if (scan.source !== 'keyboard') return;
      // Each scan answers for itself: no queue, so one slow answer never delays the next scan's display.
      void api.invoke('scans.resolve', { text: scan.text, device: scan.device }).then((result) => {
        if (result.ok) update(n, { state: 'done', result: result.value });
        else update(n, { state: 'failed', error: result.error });
      });
    },
    linked: (n, result) => update(n, { state: 'done', result, isLinked: true }),
  };
}

export function useScanDeskEntries(desk: ScanDesk): readonly DeskEntry[] {
  return useSyncExternalStore(desk.subscribe, desk.getEntries);
}
