import { useEffect, useRef } from 'react';
import { useInvoke } from '../api/use-invoke';

export const trendDayOptions = [7, 30, 90] as const;
export type TrendDays = (typeof trendDayOptions)[number];

/**
 * Daily stock totals for the chart; re-read when the period or warehouse changes, and when
 * `refreshKey` changes (a new summary after a pull or a document means today's point moved).
 */
export function useStockTrend(warehouseId: number | null, days: TrendDays, refreshKey: number | undefined) {
  const trend = useInvoke('dashboard.trend', { warehouseId, days });
  const { reload } = trend;
  const seenKey = useRef(refreshKey);
  useEffect(() => {
    // The first summary is not a change: the trend was loaded alongside it.
    if (seenKey.current !== undefined && refreshKey !== seenKey.current) reload();
    seenKey.current = refreshKey;
  }, [refreshKey, reload]);
  return trend;
}
