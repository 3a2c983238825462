import { useCallback, useState } from 'react';
import { type IpcError, type SyncProgress } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useEvent } from '../api/use-event';

/** What this window knows about the current or last sync run, from its own clicks and host events. */
export type SyncRun =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; progress: SyncProgress | null }
  | { phase: 'finished'; isOk: boolean; errorMessage: string | null };

export type SyncRunControl = {
  run: SyncRun;
  /** Why the last "sync now" could not start (not configured, no password…); null otherwise. */
  startError: IpcError | null;
  start: () => void;
};

/**
 * Lives in the app shell, not in the sync screen: a run keeps going (and its events keep coming)
 * while the user looks at another section, and the screen must show it when they come back.
 * The subscription also keeps the event stream open, so a click right after opening the screen
 * does not race the stream's connection and miss a fast run's end.
 */
export function useSyncRun(): SyncRunControl {
  const [run, setRun] = useState<SyncRun>({ phase: 'idle' });
  const [startError, setStartError] = useState<IpcError | null>(null);

  // Progress from any run, including a scheduled one this window did not start.
  useEvent('sync.progress', (progress) => setRun({ phase: 'running', progress }));
  useEvent('sync.finished', ({ isOk, errorMessage }) => setRun({ phase: 'finished', isOk, errorMessage }));

  const start = useCallback(() => {
    setStartError(null);
    setRun({ phase: 'starting' });
    void api.invoke('sync.runNow', {}).then((result) => {
      if (!result.ok) {
        setStartError(result.error);
        setRun({ phase: 'idle' });
        return;
      }
      // A run that fails at once can finish (event) before this answer arrives: only a run still
      // "starting" becomes "running", a finished one stays finished.
      setRun((prev) => (prev.phase === 'starting' ? { phase: 'running', progress: null } : prev));
    });
  }, []);

  return { run, startError, start };
}
