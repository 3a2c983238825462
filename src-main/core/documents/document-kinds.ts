// What each document kind means: its Russian name, which header fields it needs, whether prices
// matter, and what it does to stock. The view pending_stock_effects (migration 0004) repeats the
// stock effects in SQL; document-kinds.test.ts proves the two agree.
import { type documentKinds } from './documents.schema';

export type DocumentKind = (typeof documentKinds)[number];

/** How one line moves stock: sign per warehouse side (`to` = the transfer's destination). */
export type StockEffect = { from: -1 | 0 | 1; to: 0 | 1 };

/** `required`: every line needs a price to be sent; `optional`: a price is kept if given; `none`: no prices. */
export type PriceUse = 'required' | 'optional' | 'none';

export type DocumentKindInfo = {
  kind: DocumentKind;
  title: string;
  /** Short form for lists: «Поступление». */
  shortTitle: string;
  /** Local number prefix: «ПР-000012». */
  numberPrefix: string;
  isDestinationNeeded: boolean;
  priceUse: PriceUse;
  /** A line's stock effect, applied as qty × sign at warehouse (from) and to-warehouse (to). */
  stockEffect: StockEffect;
  /** Takes stock away, so it is checked against the displayed quantity before queueing. */
  isStockChecked: boolean;
  /**
   * Posted in 1C after it is written. A supplier order goes as an unposted draft: the manager picks
   * the supplier and posts it in 1C (1C checks required fields only when posting).
   */
  isPostedIn1C: boolean;
  /** New lines get the retail price (a supplier order leaves it to 1C's purchase prices). */
  isRetailPriceDefault: boolean;
};

export const documentKindInfo = {
  receipt: {
    kind: 'receipt',
    title: 'Поступление товаров',
    shortTitle: 'Поступление',
    numberPrefix: 'ПР',
    isDestinationNeeded: false,
    priceUse: 'required',
    stockEffect: { from: 1, to: 0 },
    isStockChecked: false,
    isPostedIn1C: true,
    isRetailPriceDefault: true,
  },
  shipment: {
    kind: 'shipment',
    title: 'Отгрузка товаров',
    shortTitle: 'Отгрузка',
    numberPrefix: 'ОТ',
    isDestinationNeeded: false,
    priceUse: 'required',
    stockEffect: { from: -1, to: 0 },
    isStockChecked: true,
    isPostedIn1C: true,
    isRetailPriceDefault: true,
  },
  transfer: {
    kind: 'transfer',
    title: 'Перемещение товаров',
    shortTitle: 'Перемещение',
    numberPrefix: 'ПМ',
    isDestinationNeeded: true,
    priceUse: 'none',
    stockEffect: { from: -1, to: 1 },
    isStockChecked: true,
    isPostedIn1C: true,
    isRetailPriceDefault: false,
  },
  writeoff: {
    kind: 'writeoff',
    title: 'Списание товаров',
    shortTitle: 'Списание',
    numberPrefix: 'СП',
    isDestinationNeeded: false,
    priceUse: 'optional',
    stockEffect: { from: -1, to: 0 },
    isStockChecked: true,
    isPostedIn1C: true,
    isRetailPriceDefault: true,
  },
  count: {
    kind: 'count',
    // In 1C a count (ПересчетТоваров) records no stock movement: it only states what was counted.
    title: 'Пересчёт товаров',
    shortTitle: 'Пересчёт',
    numberPrefix: 'ПС',
    isDestinationNeeded: false,
    priceUse: 'none',
    stockEffect: { from: 0, to: 0 },
    isStockChecked: false,
    isPostedIn1C: true,
    isRetailPriceDefault: false,
  },
  supplier_order: {
    kind: 'supplier_order',
    title: 'Заказ поставщику',
    shortTitle: 'Заказ поставщику',
    numberPrefix: 'ЗП',
    isDestinationNeeded: false,
    priceUse: 'optional',
    // An order moves nothing until the goods arrive (a receipt).
    stockEffect: { from: 0, to: 0 },
    isStockChecked: false,
    isPostedIn1C: false,
    isRetailPriceDefault: false,
  },
} as const satisfies { [K in DocumentKind]: DocumentKindInfo & { kind: K } };

export function kindInfo(kind: DocumentKind): DocumentKindInfo {
  return documentKindInfo[kind];
}

/**
 * Whether a local customer (customers.ts) may be attached: only to a shipment, the one kind whose
 * counterparty is the store's buyer. A receipt's or an order's counterparty is a supplier, chosen in 1C.
 */
export function hasCustomer(kind: DocumentKind): boolean {
  return kind === 'shipment';
}

/** Whether lines of this kind may carry a price. */
export function hasPrices(kind: DocumentKind): boolean {
  return documentKindInfo[kind].priceUse !== 'none';
}

/**
 * The stock change one line makes, as [warehouseId, signed thousandths] pairs (zero effects left out).
 * A transfer without a destination yet moves nothing to it.
 */
export function lineStockEffects(
  kind: DocumentKind,
  header: { warehouseId: number; toWarehouseId: number | null },
  qty: number,
): Array<{ warehouseId: number; qtyDelta: number }> {
  const effect = documentKindInfo[kind].stockEffect;
  const out: Array<{ warehouseId: number; qtyDelta: number }> = [];
  if (effect.from !== 0) out.push({ warehouseId: header.warehouseId, qtyDelta: effect.from * qty });
  if (effect.to !== 0 && header.toWarehouseId !== null) out.push({ warehouseId: header.toWarehouseId, qtyDelta: effect.to * qty });
  return out;
}
