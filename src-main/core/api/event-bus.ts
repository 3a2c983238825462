import { type EventName, type EventPayload } from '../../../src-preload/contract';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Services emit contract events here; each host forwards them to its windows or SSE clients. */
export type EventBus = {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
};

export function createEventBus(onListenerError: (err: unknown) => void = () => undefined): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of listeners) {
        // One broken subscriber (a closed window, a dropped SSE socket) must not starve the others.
        try {
          listener(event, payload);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
