import { useEffect, useRef } from 'react';
import { useEvent } from '../api/use-event';

/** A sync pull sends progress many times a second; the dashboard re-reads at most this often. */
const minReloadIntervalMs = 1_500;

/**
 * Re-reads the dashboard when something it shows changes: new alerts or reads, documents moving
 * through the outbox, sync progress and its end, data pulled from 1C. Bursts are coalesced into at
 * most one reload per interval, the last one always delivered.
 */
export function useLiveReload(reload: () => void): void {
  const lastAt = useRef(0);
  const timer = useRef<number | null>(null);
  const latest = useRef(reload);
  useEffect(() => {
    latest.current = reload;
  });
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const request = (): void => {
    if (timer.current !== null) return;
    const wait = Math.max(0, lastAt.current + minReloadIntervalMs - Date.now());
    timer.current = window.setTimeout(() => {
      timer.current = null;
      lastAt.current = Date.now();
      latest.current();
    }, wait);
  };

  useEvent('alerts.changed', request);
  useEvent('documents.changed', request);
  useEvent('outbox.changed', request);
  useEvent('sync.progress', request);
  useEvent('sync.finished', request);
  useEvent('data.changed', request);
}
