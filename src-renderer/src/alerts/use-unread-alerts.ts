import { useState } from 'react';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';

/**
 * The unread alert count for the navigation badge: one read of the first unread alert (its `unread`
 * is the count), then every alerts.changed carries the new count.
 */
export function useUnreadAlerts(): number {
  const loaded = useInvoke('alerts.events.list', { isUnreadOnly: true, limit: 1 });
  // Every push is newer than the first read; the read only fills the time before the first push.
  const [pushed, setPushed] = useState<number | null>(null);
  useEvent('alerts.changed', (event) => setPushed(event.unread));
  return pushed ?? loaded.value?.unread ?? 0;
}
