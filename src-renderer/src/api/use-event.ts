import { useEffect, useRef } from 'react';
import { type EventName, type EventPayload } from '../../../src-preload/contract';
import { api } from './api-client';

/** Subscribes to a host event for the component's lifetime; the latest listener is always called. */
export function useEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [event]);
}
