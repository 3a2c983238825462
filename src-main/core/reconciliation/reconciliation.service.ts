// Reconciliation of one warehouse (issue #6): the local mirror against a fresh 1C balance, with each
// product's difference explained. 1C is read first (Balance, then the records after the movements
// cursor); the local side is then read in one transaction, so it is one consistent moment.
//
// Which local documents explain a difference: those the displayed stock counts (pending_stock_effects)
// that 1C's balance does NOT include yet, i.e. not posted in 1C. A document posted in 1C after the
// balance the mirror holds is counted by the app AND by 1C: it explains nothing, and its own 1C
// records are left out of the "not pulled" part too (they are the same goods). A queued or sending
// document whose 1C ref shows up among those records was posted by 1C (its answer may have been lost):
// the same. Everything else 1C recorded after the movements cursor is "1C movements not yet pulled".
import { type ReconciliationReport, type ReconciliationRow } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { AppError } from '../errors/app-error';
import { type OnecClient, type OnecProfile } from '../onec/onec';
import { readBalanceAsOf } from '../sync/register-pull.job';
import { readCursor } from '../sync/sync-runs.repo';
import { readOnecBalance, readOnecRecordsSince } from './onec-stock.reader';
import { explainDifference, unexplainedPart } from './reconciliation';

export type ReconcileInput = {
  db: AppDb;
  client: OnecClient;
  profile: OnecProfile;
  warehouseId: number;
  clock: () => number;
  signal?: AbortSignal;
};

type PendingEffect = { documentId: string; productId: number; qtyDelta: number; status: string; ref1c: string | null; localNumber: string };
type ProductInfo = { id: number; name: string; code: string; unit: string };

/**
 * Where "not yet pulled" starts: the movements job's cursor (records with Period ≥ until are beyond
 * every committed window). Without one (movements never pulled) the warehouse's balance time, as the
 * mirror's balance is 1C's as of then. Neither: null, nothing is read as unpulled.
 * Limits (said in the explanation as "unexplained"): a record posted back-dated before the cursor
 * after the last pull, and a record posted between the movements and the balances job of a run.
 */
function unpulledSince(db: AppDb, warehouseRef: string): number | null {
  const raw = readCursor(db, 'movements');
  if (raw) {
    try {
      const value = JSON.parse(raw) as { until?: unknown };
      if (typeof value.until === 'number' && Number.isFinite(value.until)) return value.until;
    } catch {
      // An unreadable cursor: fall back to the balance time below.
    }
  }
  return readBalanceAsOf({ db })[warehouseRef] ?? null;
}

export async function reconcileWarehouse(input: ReconcileInput): Promise<ReconciliationReport> {
  const { db } = input;
  const warehouse = cachedStatement(db, 'SELECT id, name, ref_1c AS ref FROM warehouses WHERE id = ?').get(input.warehouseId) as
    | { id: number; name: string; ref: string | null }
    | undefined;
  if (!warehouse) throw new AppError('not_found', `Склад ${input.warehouseId} не найден`);
  if (!warehouse.ref) throw new AppError('validation', `Склад «${warehouse.name}» создан не в 1С: сверять его не с чем`);

  const source = { db, client: input.client, profile: input.profile, ...(input.signal ? { signal: input.signal } : {}) };
  const since = unpulledSince(db, warehouse.ref);
  const balance = await readOnecBalance(source, warehouse.ref);
  const unpulled = since === null ? { records: [], unknownProducts: 0 } : await readOnecRecordsSince(source, warehouse.ref, since);
  const takenAt = input.clock();

  return db.sqlite.transaction((): ReconciliationReport => {
    const mirror = new Map<number, number>();
    for (const row of cachedStatement(db, 'SELECT product_id AS productId, sum(qty_1c) AS qty FROM stock WHERE warehouse_id = ? GROUP BY product_id').all(warehouse.id) as Array<{
      productId: number;
      qty: number;
    }>) {
      mirror.set(row.productId, row.qty);
    }
    const effects = cachedStatement(
      db,
      `SELECT e.document_id AS documentId, e.product_id AS productId, e.qty_delta AS qtyDelta, d.status, d.ref_1c AS ref1c, d.local_number AS localNumber
       FROM pending_stock_effects e JOIN documents d ON d.id = e.document_id WHERE e.warehouse_id = ?`,
    ).all(warehouse.id) as PendingEffect[];

    const seenRecorders = new Set(unpulled.records.map((r) => r.recorderRef));
    const ourRefs = new Set(effects.map((e) => e.ref1c?.toLowerCase()).filter((ref): ref is string => ref !== undefined));
    const isIn1c = (e: PendingEffect) => e.status === 'posted' || (e.ref1c !== null && seenRecorders.has(e.ref1c.toLowerCase()));

    const pendingAll = new Map<number, number>();
    const pendingLocal = new Map<number, number>();
    const pendingDocs = new Map<number, Set<string>>();
    for (const e of effects) {
      pendingAll.set(e.productId, (pendingAll.get(e.productId) ?? 0) + e.qtyDelta);
      if (isIn1c(e)) continue;
      pendingLocal.set(e.productId, (pendingLocal.get(e.productId) ?? 0) + e.qtyDelta);
      const docs = pendingDocs.get(e.productId) ?? new Set<string>();
      docs.add(e.localNumber);
      pendingDocs.set(e.productId, docs);
    }
    const unpulledByProduct = new Map<number, number>();
    for (const r of unpulled.records) {
      if (ourRefs.has(r.recorderRef)) continue;
      unpulledByProduct.set(r.productId, (unpulledByProduct.get(r.productId) ?? 0) + r.qtyDelta);
    }

    const productIds = new Set([...balance.byProduct.keys(), ...mirror.keys(), ...pendingAll.keys(), ...unpulledByProduct.keys()]);
    const candidates: Array<Omit<ReconciliationRow, 'name' | 'code' | 'explanation'>> = [];
    for (const productId of productIds) {
      const mirrorQty = mirror.get(productId) ?? 0;
      const displayedQty = mirrorQty + (pendingAll.get(productId) ?? 0);
      const onecQty = balance.byProduct.get(productId) ?? 0;
      const difference = onecQty - displayedQty;
      if (difference === 0) continue;
      const parts = { difference, pendingLocal: pendingLocal.get(productId) ?? 0, unpulled1c: unpulledByProduct.get(productId) ?? 0 };
      candidates.push({ productId, mirrorQty, displayedQty, onecQty, ...parts, unexplained: unexplainedPart(parts) });
    }

    const info = readProducts(db, candidates.map((row) => row.productId));
    const rows = candidates
      .map((row): ReconciliationRow => {
        const product = info.get(row.productId);
        return {
          ...row,
          name: product?.name ?? `Товар ${row.productId}`,
          code: product?.code ? product.code : null,
          explanation: explainDifference({ ...row, unit: product?.unit ?? '', pendingDocuments: [...(pendingDocs.get(row.productId) ?? [])].sort() }),
        };
      })
      // Unexplained first (they need a person), then by name.
      .sort((a, b) => Number(b.unexplained !== 0) - Number(a.unexplained !== 0) || a.name.localeCompare(b.name, 'ru') || a.productId - b.productId);
    const unexplained = rows.filter((row) => row.unexplained !== 0).length;
    return {
      warehouseId: warehouse.id,
      warehouseName: warehouse.name,
      takenAt,
      rows,
      totals: { compared: productIds.size, differences: rows.length, explained: rows.length - unexplained, unexplained },
    };
  })();
}

function readProducts(db: AppDb, ids: readonly number[]): Map<number, ProductInfo> {
  const rows = cachedStatement(
    db,
    `SELECT p.id, p.name, p.code, coalesce(u.name, '') AS unit FROM products p LEFT JOIN units u ON u.id = p.unit_id
     WHERE p.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as ProductInfo[];
  return new Map(rows.map((row) => [row.id, row]));
}
