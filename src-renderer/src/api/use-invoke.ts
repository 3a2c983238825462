import { useCallback, useEffect, useState } from 'react';
import {
  type InvokeChannel,
  type InvokeInput,
  type InvokeOutput,
  type IpcError,
  type IpcResult,
} from '../../../src-preload/contract';
import { api } from './api-client';

export type InvokeState<T> =
  | { status: 'loading'; value: T | undefined; error: undefined }
  | { status: 'ready'; value: T; error: undefined }
  | { status: 'error'; value: T | undefined; error: IpcError };

type Answer<T> = { requestId: string; result: IpcResult<T> | null; lastValue: T | undefined };

/**
 * Loads one channel's result and reloads it when the input changes (compared by JSON, so callers
 * may pass fresh object literals). While reloading, the last good value stays available so lists
 * do not blink empty; answers to an outdated input are dropped.
 */
export function useInvoke<C extends InvokeChannel>(
  channel: C,
  input: InvokeInput<C>,
): InvokeState<InvokeOutput<C>> & { reload: () => void } {
  const key = JSON.stringify(input);
  const [generation, setGeneration] = useState(0);
  const requestId = `${channel}|${generation}|${key}`;
  const [answer, setAnswer] = useState<Answer<InvokeOutput<C>>>({ requestId: '', result: null, lastValue: undefined });

  useEffect(() => {
    let isCurrent = true;
    void api.invoke(channel, JSON.parse(key) as InvokeInput<C>).then((result) => {
      if (!isCurrent) return;
      setAnswer((prev) => ({ requestId, result, lastValue: result.ok ? result.value : prev.lastValue }));
    });
    return () => {
      isCurrent = false;
    };
  }, [channel, key, requestId]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  const result = answer.requestId === requestId ? answer.result : null;
  if (result === null) return { status: 'loading', value: answer.lastValue, error: undefined, reload };
  if (result.ok) return { status: 'ready', value: result.value, error: undefined, reload };
  return { status: 'error', value: answer.lastValue, error: result.error, reload };
}
