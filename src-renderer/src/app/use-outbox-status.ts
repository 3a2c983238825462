import { useCallback, useState } from 'react';
import { type IpcError, type OutboxStatus } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';

export type OutboxControl = {
  /** undefined until the host answered outbox.status. */
  status: OutboxStatus | undefined;
  isSendingNow: boolean;
  sendNowError: IpcError | null;
  sendNow: () => void;
};

/**
 * The outbox as the shell shows it: read once, then kept current by outbox.changed. Lives in the
 * shell so the count is right on every screen, like the sync run.
 */
export function useOutboxStatus(): OutboxControl {
  const loaded = useInvoke('outbox.status', {});
  // Every push is newer than the first read; the first read only fills the gap before the first push.
  const [pushed, setPushed] = useState<OutboxStatus | null>(null);
  const [isSendingNow, setIsSendingNow] = useState(false);
  const [sendNowError, setSendNowError] = useState<IpcError | null>(null);

  useEvent('outbox.changed', (status) => setPushed(status));

  const sendNow = useCallback(() => {
    setIsSendingNow(true);
    setSendNowError(null);
    void api.invoke('outbox.sendNow', {}).then((result) => {
      setIsSendingNow(false);
      if (result.ok) setPushed(result.value);
      else setSendNowError(result.error);
    });
  }, []);

  return { status: pushed ?? loaded.value, isSendingNow, sendNowError, sendNow };
}
