import { describe, expect, it } from 'vitest';
import { type ReplenishmentRow } from '../../../src-preload/contract';
import { bestSource, supplierOrderLines, transferLines } from './order-lines';

function row(productId: number, orderQty: number, sources: [number, number][]): ReplenishmentRow {
  return {
    productId,
    name: `p${productId}`,
    code: null,
    unitName: 'шт',
    qty: 0,
    minQty: null,
    maxQty: null,
    orderQty,
    abcClass: null,
    avgDailySales: 0,
    sources: sources.map(([warehouseId, available]) => ({ warehouseId, warehouseName: `w${warehouseId}`, available })),
    availability: sources.length > 0 ? 'other_store' : 'supplier',
    availabilityText: '',
  };
}

describe('order lines', () => {
  it('caps a transfer at what the source store can spare and skips rows it cannot help with', () => {
    const rows = [row(1, 5000, [[2, 3000]]), row(2, 2000, [[2, 9000]]), row(3, 1000, [[4, 1000]])];
    const { lines, skipped } = transferLines(rows, 2);
    expect(lines).toEqual([
      { productId: 1, name: 'p1', qty: 3000 },
      { productId: 2, name: 'p2', qty: 2000 },
    ]);
    expect(skipped.map((r) => r.productId)).toEqual([3]);
  });

  it('orders the suggested quantity from the supplier and drops zero lines', () => {
    expect(supplierOrderLines([row(1, 4000, []), row(2, 0, [])])).toEqual([{ productId: 1, name: 'p1', qty: 4000 }]);
  });

  it('proposes the source that can supply most rows', () => {
    expect(bestSource([row(1, 1, [[2, 1], [4, 1]]), row(2, 1, [[4, 5]]), row(3, 1, [[2, 0]])])).toBe(4);
    expect(bestSource([row(1, 1, [])])).toBeNull();
  });
});
