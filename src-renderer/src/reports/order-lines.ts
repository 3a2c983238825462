import { type ReplenishmentRow } from '../../../src-preload/contract';

export type OrderLine = { productId: number; name: string; qty: number };

/** A supplier order takes every chosen row at its suggested quantity. */
export function supplierOrderLines(rows: readonly ReplenishmentRow[]): OrderLine[] {
  return rows.filter((r) => r.orderQty > 0).map((r) => ({ productId: r.productId, name: r.name, qty: r.orderQty }));
}

/**
 * A transfer from one store takes what that store can spare, at most the suggested quantity;
 * rows it cannot help with are left for a supplier order.
 */
export function transferLines(rows: readonly ReplenishmentRow[], fromWarehouseId: number): { lines: OrderLine[]; skipped: ReplenishmentRow[] } {
  const lines: OrderLine[] = [];
  const skipped: ReplenishmentRow[] = [];
  for (const row of rows) {
    const available = row.sources.find((s) => s.warehouseId === fromWarehouseId)?.available ?? 0;
    const qty = Math.min(row.orderQty, available);
    if (qty > 0) lines.push({ productId: row.productId, name: row.name, qty });
    else skipped.push(row);
  }
  return { lines, skipped };
}

/** The source warehouse that can supply most of the chosen rows: the dialog's first choice. */
export function bestSource(rows: readonly ReplenishmentRow[]): number | null {
  const counts = new Map<number, number>();
  for (const row of rows) for (const s of row.sources) if (s.available > 0) counts.set(s.warehouseId, (counts.get(s.warehouseId) ?? 0) + 1);
  let best: number | null = null;
  for (const [id, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = id;
  return best;
}
