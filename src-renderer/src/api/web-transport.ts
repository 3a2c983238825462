import {
  type EventName,
  type EventPayload,
  type InvokeChannel,
  type InvokeOutput,
  type IpcError,
  type IpcResult,
  type PrilavokApi,
} from '../../../src-preload/contract';

function internalError(message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code: 'internal', message } };
}

function isIpcResult(body: unknown): body is IpcResult<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  if (body.ok === true) return 'value' in body;
  return body.ok === false && 'error' in body && typeof body.error === 'object' && body.error !== null;
}

/**
 * The same contract as window.api, over the web host: POST /api/invoke/<channel> and
 * server-sent events on /api/events. The auth cookie was set by the host when the page was
 * opened with its token, so requests are plain same-origin calls.
 */
export function createWebTransport(baseUrl = ''): PrilavokApi {
  let source: EventSource | null = null;
  let listenerCount = 0;

  async function invoke<C extends InvokeChannel>(channel: C, input: unknown): Promise<IpcResult<InvokeOutput<C>>> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/invoke/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ input }),
      });
    } catch (error) {
      return internalError(error instanceof Error ? error.message : String(error));
    }
    // Errors come back as 400/401/500 with the same JSON envelope, so the body is parsed whatever
    // the status; only a body that is not an envelope (a proxy page, a crash) becomes "internal".
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return internalError(`HTTP ${response.status} ${response.statusText}`);
    }
    if (!isIpcResult(body)) return internalError(`HTTP ${response.status}: unexpected response`);
    // The host validated the output against the contract before sending it.
    return body as IpcResult<InvokeOutput<C>>;
  }

  function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    // One EventSource for all subscribers, closed when the last one leaves; EventSource
    // reconnects by itself after a dropped connection.
    source ??= new EventSource(`${baseUrl}/api/events`);
    const current = source;
    listenerCount += 1;
    const handler = (message: MessageEvent<string>): void => {
      try {
        listener(JSON.parse(message.data) as EventPayload<E>);
      } catch {
        // A malformed event is dropped: the next data.changed refetches anyway.
      }
    };
    current.addEventListener(event, handler);
    return () => {
      current.removeEventListener(event, handler);
      listenerCount -= 1;
      if (listenerCount === 0 && source === current) {
        current.close();
        source = null;
      }
    };
  }

  return { invoke: invoke as PrilavokApi['invoke'], on };
}
