import { describe, expect, it } from 'vitest';
import { type TrendPoint } from '../../../src-preload/contract';
import { toChartRows } from './trend-series';

function point(day: string, totalQty: number, isBackfilled: boolean): TrendPoint {
  return { day, totalQty, stockValue: totalQty * 10, productsInStock: null, lowCount: null, isBackfilled };
}

describe('toChartRows', () => {
  it('draws backfilled days dashed and joins them to the snapshotted ones at the boundary', () => {
    const rows = toChartRows([point('d1', 1, true), point('d2', 2, true), point('d3', 3, false), point('d4', 4, false)], 'qty');
    expect(rows.map((r) => [r.solid, r.dashed])).toEqual([
      [null, 1],
      [null, 2],
      [3, 3],
      [4, null],
    ]);
  });

  it('keeps everything solid when no day was backfilled, and uses the chosen metric', () => {
    const rows = toChartRows([point('d1', 1, false), point('d2', 2, false)], 'value');
    expect(rows.map((r) => [r.solid, r.dashed, r.raw])).toEqual([
      [10, null, 10],
      [20, null, 20],
    ]);
  });

  it('dashes both segments around one backfilled day in the middle', () => {
    const rows = toChartRows([point('d1', 1, false), point('d2', 2, true), point('d3', 3, false)], 'qty');
    expect(rows.map((r) => [r.solid, r.dashed])).toEqual([
      [null, 1],
      [null, 2],
      [null, 3],
    ]);
    expect(rows.map((r) => r.isBackfilled)).toEqual([false, true, false]);
  });

  it('shows a lone day as its own kind', () => {
    expect(toChartRows([point('d1', 5, true)], 'qty')[0]).toMatchObject({ solid: null, dashed: 5 });
    expect(toChartRows([point('d1', 5, false)], 'qty')[0]).toMatchObject({ solid: 5, dashed: null });
  });
});
