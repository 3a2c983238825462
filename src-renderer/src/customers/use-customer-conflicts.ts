import { useEffect, useRef } from 'react';
import { type CustomerConflict, type IpcError } from '../../../src-preload/contract';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';

export type ConflictQueueControl = {
  /** Open conflicts, oldest first as the host gives them; null until the first read. */
  conflicts: CustomerConflict[] | null;
  error: IpcError | null;
  reload: () => void;
};

/**
 * The conflict queue, kept by the app shell: the navigation shows its count on every screen, and
 * Покупатели → Конфликты lists it. Re-read when a customer goes into conflict or one of the queued
 * customers changes (resolved here, in another window, or by the next pull), not on every change a
 * pull of thousands of customers announces.
 */
export function useCustomerConflicts(): ConflictQueueControl {
  const list = useInvoke('customers.conflicts.list', {});
  const { reload } = list;
  const inQueue = useRef<ReadonlySet<string>>(new Set());
  const value = list.value;
  useEffect(() => {
    inQueue.current = new Set((value ?? []).map((conflict) => conflict.customerId));
  }, [value]);
  useEvent('customers.changed', ({ id, syncState }) => {
    if (syncState === 'conflict' || inQueue.current.has(id)) reload();
  });
  return { conflicts: value ?? null, error: list.status === 'error' ? list.error : null, reload };
}
