import { type TrendPoint } from '../../../src-preload/contract';

export const trendMetrics = ['qty', 'value'] as const;
export type TrendMetric = (typeof trendMetrics)[number];

/** One x position of the chart: a solid value, a dashed (backfilled) value, or both at a boundary. */
export type ChartRow = { day: string; solid: number | null; dashed: number | null; isBackfilled: boolean; raw: number };

function valueOf(point: TrendPoint, metric: TrendMetric): number {
  return metric === 'qty' ? point.totalQty : point.stockValue;
}

/**
 * Splits the trend into two lines drawn over the same x axis: a segment between two days is dashed
 * when either day was rebuilt from the ledger rather than snapshotted, solid otherwise. A day at a
 * boundary belongs to both lines so they join without a gap. `raw` stays in API units (thousandths
 * or kopecks); the chart scales it for display.
 */
export function toChartRows(points: readonly TrendPoint[], metric: TrendMetric): ChartRow[] {
  const isDashedSegment = (i: number): boolean => {
    const a = points[i];
    const b = points[i + 1];
    return a !== undefined && b !== undefined && (a.isBackfilled || b.isBackfilled);
  };
  return points.map((point, i) => {
    const raw = valueOf(point, metric);
    const hasPrev = i > 0;
    const hasNext = i < points.length - 1;
    const touchesDashed = (hasPrev && isDashedSegment(i - 1)) || (hasNext && isDashedSegment(i));
    const touchesSolid = (hasPrev && !isDashedSegment(i - 1)) || (hasNext && !isDashedSegment(i));
    // A lone day (a one-point series) is drawn as a dot of its own kind.
    const isAlone = !hasPrev && !hasNext;
    const isSolid = touchesSolid || (isAlone && !point.isBackfilled);
    const isDashed = touchesDashed || (isAlone && point.isBackfilled);
    return { day: point.day, solid: isSolid ? raw : null, dashed: isDashed ? raw : null, isBackfilled: point.isBackfilled, raw };
  });
}
