// The dashboard, replenishment and reconciliation (issue #6). Quantities are thousandths of a unit,
// money is kopecks, times are epoch ms, days are local YYYY-MM-DD.
import { z } from 'zod';

const rowId = z.number().int().positive();
const quantity = z.number().int().min(0).max(1_000_000_000);
const positiveQuantity = z.number().int().min(1).max(1_000_000_000);

// ---- Dashboard ----

export const syncHealth = z.object({
  job: z.string(),
  title: z.string(),
  state: z.enum(['ok', 'failed', 'running', 'never']),
  lastSuccessAt: z.number().int().nullable(),
  lastErrorMessage: z.string().nullable(),
});

export const activityItem = z.object({
  at: z.number().int(),
  kind: z.enum(['document', 'sync', 'alert']),
  text: z.string(),
});
export type ActivityItem = z.infer<typeof activityItem>;

export const topMover = z.object({
  productId: z.number().int(),
  name: z.string(),
  code: z.string().nullable(),
  qtyOut: z.number().int(),
  qtyIn: z.number().int(),
});

export const dashboardSummary = z.object({
  warehouseId: z.number().int().nullable(),
  /** Products with a positive displayed quantity. */
  productsInStock: z.number().int(),
  /** Products below their minimum or matching an active low-stock rule (below, zero, below_min). */
  lowStockCount: z.number().int(),
  /** Displayed quantity × retail price. */
  stockValue: z.number().int(),
  sync: z.array(syncHealth),
  outbox: z.object({ depth: z.number().int(), rejected: z.number().int() }),
  unreadAlerts: z.number().int(),
  /** The last 7 days' biggest movers by quantity out. */
  topMovers: z.array(topMover),
  recentActivity: z.array(activityItem),
  generatedAt: z.number().int(),
});
export type DashboardSummary = z.infer<typeof dashboardSummary>;

export const trendPoint = z.object({
  day: z.string(),
  totalQty: z.number().int(),
  stockValue: z.number().int(),
  productsInStock: z.number().int().nullable(),
  lowCount: z.number().int().nullable(),
  /** Rebuilt from the movement ledger, not snapshotted on that day. */
  isBackfilled: z.boolean(),
});
export type TrendPoint = z.infer<typeof trendPoint>;

// ---- Replenishment ----

export const replenishmentSettings = z.strictObject({
  /** Average daily sales are taken over this many days of movements. */
  salesWindowDays: z.number().int().min(7).max(365).default(28),
  leadTimeDays: z.number().int().min(0).max(90).default(2),
  safetyDays: z.number().int().min(0).max(90).default(1),
  /** How often the store orders: max = min + daily sales × this. */
  orderCycleDays: z.number().int().min(1).max(90).default(7),
  /** A transfer from another store arrives in about this many days ("~ завтра" for 1). */
  transferEtaDays: z.number().int().min(0).max(30).default(1),
  abcWindowDays: z.number().int().min(7).max(365).default(90),
  /** Cumulative turnover shares (percent) closing classes A and B. */
  abcAPercent: z.number().int().min(1).max(98).default(80),
  abcBPercent: z.number().int().min(2).max(99).default(95),
});
export type ReplenishmentSettings = z.infer<typeof replenishmentSettings>;

export const abcClass = z.enum(['A', 'B', 'C']);
export type AbcClass = z.infer<typeof abcClass>;

export const stockLevelRow = z.object({
  productId: z.number().int(),
  name: z.string(),
  code: z.string().nullable(),
  qty: z.number().int(),
  minQty: z.number().int().nullable(),
  maxQty: z.number().int().nullable(),
  source: z.enum(['manual', 'suggested']).nullable(),
  avgDailySales: z.number().int(),
  suggestedMin: z.number().int(),
  suggestedMax: z.number().int(),
});
export type StockLevelRow = z.infer<typeof stockLevelRow>;

export const replenishmentSource = z.object({
  warehouseId: z.number().int(),
  warehouseName: z.string(),
  /** What that warehouse can give without going below its own minimum. */
  available: z.number().int(),
});

export const replenishmentRow = z.object({
  productId: z.number().int(),
  name: z.string(),
  code: z.string().nullable(),
  unitName: z.string().nullable(),
  qty: z.number().int(),
  minQty: z.number().int().nullable(),
  maxQty: z.number().int().nullable(),
  /** Up to max (whole units for non-weighted products). */
  orderQty: z.number().int(),
  abcClass: abcClass.nullable(),
  avgDailySales: z.number().int(),
  sources: z.array(replenishmentSource),
  availability: z.enum(['other_store', 'supplier']),
  /** «есть в другом магазине, перемещение ~ завтра» or «заказать у поставщика». */
  availabilityText: z.string(),
});
export type ReplenishmentRow = z.infer<typeof replenishmentRow>;

export const abcRow = z.object({
  productId: z.number().int(),
  name: z.string(),
  code: z.string().nullable(),
  turnover: z.number().int(),
  share: z.number(),
  cumulativeShare: z.number(),
  abcClass: abcClass,
});

const orderLines = z.array(z.strictObject({ productId: rowId, qty: positiveQuantity })).min(1).max(5_000);

// ---- Reconciliation ----

export const reconciliationRow = z.object({
  productId: z.number().int(),
  name: z.string(),
  code: z.string().nullable(),
  /** The mirrored 1C balance and what the app displays (mirror + local documents 1C has not counted). */
  mirrorQty: z.number().int(),
  displayedQty: z.number().int(),
  /** 1C's balance now. */
  onecQty: z.number().int(),
  /** onecQty − displayedQty = −pendingLocal + unpulled1c + unexplained. */
  difference: z.number().int(),
  pendingLocal: z.number().int(),
  unpulled1c: z.number().int(),
  unexplained: z.number().int(),
  explanation: z.string(),
});
export type ReconciliationRow = z.infer<typeof reconciliationRow>;

export const reconciliationReport = z.object({
  warehouseId: z.number().int(),
  warehouseName: z.string(),
  takenAt: z.number().int(),
  rows: z.array(reconciliationRow),
  totals: z.object({ compared: z.number().int(), differences: z.number().int(), explained: z.number().int(), unexplained: z.number().int() }),
});
export type ReconciliationReport = z.infer<typeof reconciliationReport>;

export const reportsContract = {
  'dashboard.summary': { input: z.strictObject({ warehouseId: rowId.nullable().default(null) }), output: dashboardSummary },
  'dashboard.trend': {
    input: z.strictObject({ warehouseId: rowId.nullable().default(null), days: z.union([z.literal(7), z.literal(30), z.literal(90)]) }),
    output: z.object({ points: z.array(trendPoint) }),
  },
  'replenishment.settings.get': { input: z.strictObject({}), output: replenishmentSettings },
  'replenishment.settings.set': { input: replenishmentSettings, output: replenishmentSettings },
  'replenishment.levels.list': {
    input: z.strictObject({
      warehouseId: rowId,
      search: z.string().max(200).optional(),
      isSetOnly: z.boolean().default(false),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ items: z.array(stockLevelRow), total: z.number().int() }),
  },
  'replenishment.levels.set': {
    input: z
      .strictObject({ warehouseId: rowId, productId: rowId, minQty: quantity.nullable(), maxQty: quantity.nullable() })
      .refine((v) => v.minQty === null || v.maxQty === null || v.maxQty >= v.minQty, { message: 'максимум меньше минимума', path: ['maxQty'] }),
    output: stockLevelRow,
  },
  'replenishment.levels.acceptSuggested': {
    input: z.strictObject({ warehouseId: rowId, productIds: z.array(rowId).min(1).max(5_000).optional() }),
    output: z.object({ updated: z.number().int() }),
  },
  'replenishment.list': {
    input: z.strictObject({ warehouseId: rowId }),
    output: z.object({ items: z.array(replenishmentRow), generatedAt: z.number().int() }),
  },
  'replenishment.abc': {
    input: z.strictObject({ warehouseId: rowId.nullable().default(null) }),
    output: z.object({ items: z.array(abcRow), counts: z.record(abcClass, z.number().int()) }),
  },
  'replenishment.createTransfer': {
    input: z.strictObject({ fromWarehouseId: rowId, toWarehouseId: rowId, lines: orderLines }),
    output: z.object({ documentId: z.string(), localNumber: z.string() }),
  },
  'replenishment.createSupplierOrder': {
    input: z.strictObject({ warehouseId: rowId, lines: orderLines }),
    output: z.object({ documentId: z.string(), localNumber: z.string() }),
  },
  'reconciliation.run': { input: z.strictObject({ warehouseId: rowId }), output: reconciliationReport },
} as const;
