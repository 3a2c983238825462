import { useCallback, useEffect, useState } from 'react';
import { type CmlRun, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useEvent } from '../api/use-event';
import { laterRun } from './cml-format';

/** While a run goes on, the status is also re-read this often, in case an event was lost while the stream reconnected. */
const fallbackPollMs = 2_000;

export type CmlImportControl = {
  /** The running import, else the last one since the app started; null if none. */
  run: CmlRun | null;
  isStarting: boolean;
  /** Why the last start was refused (no folder, a run already going, a file gone); null otherwise. */
  startError: IpcError | null;
  start: (files: string[], dryRun: boolean) => Promise<void>;
};

/**
 * The CommerceML import as the host runs it: read from cml.import.status when the screen opens (a
 * run started before, or from another window, keeps showing after navigating away and back), then
 * followed through cml.import.progress. Status and events may arrive in any order; the later view wins.
 */
export function useCmlImport(): CmlImportControl {
  const [run, setRun] = useState<CmlRun | null>(null);
  const [isStarting, setIsStarting] = useState(false);
  const [startError, setStartError] = useState<IpcError | null>(null);

  useEffect(() => {
    let isCurrent = true;
    void api.invoke('cml.import.status', {}).then((result) => {
      if (isCurrent && result.ok) setRun((prev) => laterRun(prev, result.value));
    });
    return () => {
      isCurrent = false;
    };
  }, []);
  useEvent('cml.import.progress', (next) => setRun((prev) => laterRun(prev, next)));

  const isRunning = run?.state === 'running';
  useEffect(() => {
    if (!isRunning) return;
    const timer = window.setInterval(() => {
      void api.invoke('cml.import.status', {}).then((result) => {
        if (result.ok) setRun((prev) => laterRun(prev, result.value));
      });
    }, fallbackPollMs);
    return () => window.clearInterval(timer);
  }, [isRunning]);

  const start = useCallback(async (files: string[], dryRun: boolean): Promise<void> => {
    setIsStarting(true);
    setStartError(null);
    const result = await api.invoke('cml.import.start', { files, dryRun });
    setIsStarting(false);
    if (!result.ok) return setStartError(result.error);
    setRun((prev) => laterRun(prev, result.value));
  }, []);

  return { run, isStarting, startError, start };
}
