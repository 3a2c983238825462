import { useCallback, useRef, useState } from 'react';
import { type ScanOutcome } from './ScanField';

export type ScanFeedback = ScanOutcome & { seq: number };

export type ScanQueue = {
  feedback: ScanFeedback | null;
  /** Runs `scan` after every scan already queued, then shows its outcome. */
  enqueue: (scan: () => Promise<ScanOutcome>) => void;
};

/**
 * One line of scans for the editor, whether typed into the scan field or captured anywhere on the
 * screen: a scanner can send the next code before the host answered the previous one, and two
 * scans of one product must add up in order, with their answers shown in that order too.
 */
export function useScanQueue(): ScanQueue {
  const [feedback, setFeedback] = useState<ScanFeedback | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const seq = useRef(0);

  const enqueue = useCallback((scan: () => Promise<ScanOutcome>) => {
    queue.current = queue.current.then(async () => {
      const outcome = await scan();
      seq.current += 1;
      setFeedback({ ...outcome, seq: seq.current });
    });
  }, []);

  return { feedback, enqueue };
}
