import { useEffect } from 'react';
import { api } from '../api/api-client';

/** At most one touch per this many ms: enough for a lock measured in minutes. */
const touchEveryMs = 30_000;

/**
 * Tells core the person at the desk is active (keys, pointer, wheel), so the session does not lock
 * under their hands; timers polling status do not count, so an unattended screen does lock.
 */
export function useActivityTouch(isEnabled: boolean): void {
  useEffect(() => {
    if (!isEnabled) return;
    let lastTouch = 0;
    const onActivity = (): void => {
      const now = Date.now();
      if (now - lastTouch < touchEveryMs) return;
      lastTouch = now;
      void api.invoke('auth.touch', {});
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const name of events) window.addEventListener(name, onActivity, { capture: true, passive: true });
    return () => {
      for (const name of events) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [isEnabled]);
}
