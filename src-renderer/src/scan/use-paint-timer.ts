import { useLayoutEffect, useRef, useState } from 'react';

export type PaintTiming = { key: number; ms: number };

/**
 * Scan-to-render: from `startedAt` (performance.now() clock: the burst's last key, or the serial
 * event's arrival) to the frame that shows `key` painted. Layout effect → requestAnimationFrame
 * (the frame with this DOM is about to paint) → a MessageChannel message, which runs right after
 * that frame; a second rAF would add a whole frame. Measured once per key.
 */
export function usePaintTimer(key: number | null, startedAt: number, isReady: boolean): PaintTiming | null {
  const [timing, setTiming] = useState<PaintTiming | null>(null);
  const measuring = useRef<number | null>(null);

  useLayoutEffect(() => {
    if (key === null || !isReady || measuring.current === key) return;
    measuring.current = key;
    let isCancelled = false;
    let isMeasured = false;
    const frame = requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        if (isCancelled) return;
        isMeasured = true;
        setTiming({ key, ms: performance.now() - startedAt });
      };
      channel.port2.postMessage(null);
    });
    return () => {
      isCancelled = true;
      cancelAnimationFrame(frame);
      // Cancelled before the frame (React re-ran the effect): the next run measures again.
      if (!isMeasured && measuring.current === key) measuring.current = null;
    };
  }, [key, startedAt, isReady]);

  return timing;
}
