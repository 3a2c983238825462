// One click from the replenishment list (issue #6): a transfer from another store, or a supplier
// order, written as a local document and queued for 1C through the outbox. Built from the documents
// service's own steps (draft, lines, queue), so numbering, audit and the outbox row are the same as
// for a document made by hand; all in ONE transaction, so a refusal leaves no half-made draft.
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { AppError } from '../errors/app-error';
import { addProduct } from '../documents/document-lines.service';
import { formatQty } from '../documents/documents';
import { createDraft, queueDocument } from '../documents/documents.service';
import { type DocumentView } from '../documents/documents';
import { displayedQtySql, pendingByProductCte } from './displayed-qty.sql';
import { requireWarehouse } from './stock-levels.service';

export type OrderLine = { productId: number; qty: number };

export type CreatedDocument = { documentId: string; localNumber: string; document: DocumentView };

export type CreateTransferInput = { fromWarehouseId: number; toWarehouseId: number; lines: readonly OrderLine[]; userId: string | null; now: number };

/**
 * A transfer from → to, queued. Refused (nothing written) when the warehouses are the same, unknown or
 * deleted, or when a line asks for more than the source warehouse displays: a transfer 1C would
 * refuse for want of stock is better refused here, in words the manager can act on.
 */
export function createTransfer(db: AppDb, input: CreateTransferInput): CreatedDocument {
  if (input.fromWarehouseId === input.toWarehouseId) {
    throw new AppError('validation', 'Склад-отправитель и склад-получатель совпадают: выберите магазин, из которого переместить товар.');
  }
  return db.sqlite
    .transaction((): CreatedDocument => {
      const from = requireWarehouse(db, input.fromWarehouseId);
      requireWarehouse(db, input.toWarehouseId);
      const lines = mergeLines(input.lines);
      const shortages = readAvailability(db, from.id, lines).filter((row) => row.qty > row.available);
      if (shortages.length > 0) {
        const list = shortages.slice(0, 5).map((row) => `«${row.name}» — есть ${qtyText(row.available, row.unit)}, нужно ${qtyText(row.qty, row.unit)}`);
        const more = shortages.length > 5 ? `; и ещё ${shortages.length - 5} поз.` : '';
        throw new AppError('conflict', `На складе «${from.name}» не хватает товара для перемещения: ${list.join('; ')}${more}. Перемещение не создано.`, {
          details: { shortages: shortages.map(({ productId, available, qty }) => ({ productId, available, requested: qty })) },
        });
      }
      const draft = createDraft(db, {
        kind: 'transfer',
        warehouseId: from.id,
        toWarehouseId: input.toWarehouseId,
        comment: 'Создано из отчёта «Пополнение запасов»',
        userId: input.userId,
        now: input.now,
      });
      return fillAndQueue(db, draft, lines, input);
    })
    .immediate();
}

export type CreateSupplierOrderInput = { warehouseId: number; lines: readonly OrderLine[]; userId: string | null; now: number };

/**
 * A supplier order («Заказ поставщику») for the warehouse, queued: 1C gets it as an unposted draft
 * (no stock effect); the manager picks the supplier and posts it in 1C.
 */
export function createSupplierOrder(db: AppDb, input: CreateSupplierOrderInput): CreatedDocument {
  return db.sqlite
    .transaction((): CreatedDocument => {
      const warehouse = requireWarehouse(db, input.warehouseId);
      const draft = createDraft(db, {
        kind: 'supplier_order',
        warehouseId: warehouse.id,
        comment: 'Создано из отчёта «Пополнение запасов»: выберите поставщика в 1С',
        userId: input.userId,
        now: input.now,
      });
      return fillAndQueue(db, draft, mergeLines(input.lines), input);
    })
    .immediate();
}

function fillAndQueue(db: AppDb, draft: DocumentView, lines: readonly OrderLine[], input: { userId: string | null; now: number }): CreatedDocument {
  for (const line of lines) addProduct(db, { documentId: draft.id, productId: line.productId, qty: line.qty, userId: input.userId, now: input.now });
  // 'block': availability was checked above for transfers; anything short now is a race, and must not
  // turn into a silent negative balance.
  const queued = queueDocument(db, { documentId: draft.id, userId: input.userId, now: input.now, negativeStockPolicy: 'block' });
  return { documentId: queued.document.id, localNumber: queued.document.localNumber, document: queued.document };
}

/** The same product twice is one line with the sum (as a second scan would do). */
function mergeLines(lines: readonly OrderLine[]): OrderLine[] {
  const merged = new Map<number, number>();
  for (const line of lines) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.qty);
  return [...merged].map(([productId, qty]) => ({ productId, qty }));
}

type Availability = { productId: number; name: string; unit: string; qty: number; available: number };

function readAvailability(db: AppDb, warehouseId: number, lines: readonly OrderLine[]): Availability[] {
  const rows = cachedStatement(
    db,
    `WITH ${pendingByProductCte},
     wanted AS (SELECT json_extract(value, '$.productId') AS product_id, json_extract(value, '$.qty') AS qty FROM json_each(@lines))
     SELECT wanted.product_id AS productId, p.name, coalesce(u.name, '') AS unit, wanted.qty,
       ${displayedQtySql('wanted.product_id', '@warehouseId')} AS available
     FROM wanted LEFT JOIN products p ON p.id = wanted.product_id LEFT JOIN units u ON u.id = p.unit_id`,
  ).all({ warehouseId, lines: JSON.stringify(lines) }) as Array<Availability & { name: string | null }>;
  const unknown = rows.find((row) => row.name === null);
  if (unknown) throw new AppError('not_found', `Товар ${unknown.productId} не найден`);
  return rows;
}

function qtyText(thousandths: number, unit: string): string {
  return unit === '' ? formatQty(thousandths) : `${formatQty(thousandths)} ${unit}`;
}
