import { useCallback, useEffect, useRef, useState } from 'react';
import { type DocumentView, type IpcError, type IpcResult } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useEvent } from '../api/use-event';

type Loaded = { id: string; document: DocumentView | undefined; loadError: IpcError | null };

export type OpenDocument = {
  /** undefined until the first answer for this id. */
  document: DocumentView | undefined;
  loadError: IpcError | null;
  reload: () => void;
  /**
   * Runs one call that answers with the document (or something holding it) and shows that answer.
   * Resolves with the call's own result, so the caller can show its error where it happened.
   */
  mutate: <T>(call: () => Promise<IpcResult<T>>, viewOf: (value: T) => DocumentView) => Promise<IpcResult<T>>;
  /** Resolves once every edit and scan already started has been answered. */
  settle: () => Promise<void>;
};

/**
 * One document for the editor: loaded with documents.get, replaced by every edit's answer, and
 * reloaded when the host says it changed (the outbox moved it to sending, posted, rejected).
 * Answers are applied in the order their requests were made: a slow documents.get started before
 * a scan must not put the line count back.
 */
export function useOpenDocument(id: string): OpenDocument {
  const [loaded, setLoaded] = useState<Loaded>({ id, document: undefined, loadError: null });
  const issued = useRef(0);
  const applied = useRef(0);
  const inFlight = useRef(new Set<Promise<unknown>>());

  const accept = useCallback(
    (ticket: number, patch: Omit<Loaded, 'id'>) => {
      if (ticket < applied.current) return;
      applied.current = ticket;
      setLoaded({ id, ...patch });
    },
    [id],
  );

  const reload = useCallback(() => {
    issued.current += 1;
    const ticket = issued.current;
    void api.invoke('documents.get', { id }).then((result) => {
      if (result.ok) accept(ticket, { document: result.value, loadError: null });
      else if (ticket >= applied.current) {
        applied.current = ticket;
        // A failed reload keeps the document on screen; the error says it may be stale.
        setLoaded((prev) => ({ id, document: prev.id === id ? prev.document : undefined, loadError: result.error }));
      }
    });
  }, [id, accept]);

  useEffect(() => {
    reload();
  }, [reload]);

  useEvent('documents.changed', (event) => {
    if (event.id === id) reload();
  });

  const mutate = useCallback(
    async <T,>(call: () => Promise<IpcResult<T>>, viewOf: (value: T) => DocumentView): Promise<IpcResult<T>> => {
      issued.current += 1;
      const ticket = issued.current;
      // Registered before the first await, so an action started in the same tick (a click on
      // "send" right after a quantity lost focus) already sees this edit as pending.
      const pending = call();
      inFlight.current.add(pending);
      try {
        const result = await pending;
        if (result.ok) accept(ticket, { document: viewOf(result.value), loadError: null });
        return result;
      } finally {
        inFlight.current.delete(pending);
      }
    },
    [accept],
  );

  const settle = useCallback(async () => {
    while (inFlight.current.size > 0) await Promise.allSettled([...inFlight.current]);
  }, []);

  const isCurrent = loaded.id === id;
  return {
    document: isCurrent ? loaded.document : undefined,
    loadError: isCurrent ? loaded.loadError : null,
    reload,
    mutate,
    settle,
  };
}
