import { useInvoke } from '../api/use-invoke';
import { useLiveReload } from './use-live-reload';

/** The dashboard's figures for one warehouse (null: all), kept current by host events. */
export function useDashboardSummary(warehouseId: number | null) {
  const summary = useInvoke('dashboard.summary', { warehouseId });
  useLiveReload(summary.reload);
  return summary;
}
