import { z } from 'zod';

const id = z.number().int().positive();

export const productSortFields = ['name', 'code', 'article', 'qty', 'price'] as const;

export const productListInput = z.strictObject({
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
  sort: z
    .strictObject({ by: z.enum(productSortFields), desc: z.boolean().default(false) })
    .default({ by: 'name', desc: false }),
  /** Full-text search over name, article, code and barcode. */
  search: z.string().max(200).optional(),
  warehouseId: id.optional(),
  groupId: id.optional(),
  inStockOnly: z.boolean().optional(),
});
export type ProductListInput = z.input<typeof productListInput>;
export type ProductListQuery = z.output<typeof productListInput>;

/** Quantities are thousandths of a unit (1C quantities are fractional); prices are kopecks. */
export const productRow = z.object({
  id,
  code: z.string(),
  article: z.string(),
  name: z.string(),
  unit: z.string(),
  barcode: z.string().nullable(),
  groupName: z.string().nullable(),
  price: z.number().int().nullable(),
  /** Displayed: 1C's balance plus local documents 1C has not counted yet (architecture §4). */
  qty: z.number().int(),
  /** 1C's last balance alone. */
  qty1c: z.number().int(),
  asOf: z.number().int().nullable(),
});
export type ProductRow = z.infer<typeof productRow>;

export const productPage = z.object({ rows: z.array(productRow), total: z.number().int() });
export type ProductPage = z.infer<typeof productPage>;

export const productDetail = productRow.extend({
  ref1c: z.string().nullable(),
  barcodes: z.array(z.object({ code: z.string(), characteristic: z.string().nullable() })),
  stock: z.array(
    z.object({ warehouseId: id, warehouse: z.string(), qty: z.number().int(), qty1c: z.number().int(), asOf: z.number().int().nullable() }),
  ),
  prices: z.array(z.object({ priceType: z.string(), price: z.number().int() })),
});
export type ProductDetail = z.infer<typeof productDetail>;

export const warehouse = z.object({
  id,
  ref1c: z.string().nullable(),
  name: z.string(),
  kind: z.enum(['store', 'warehouse']),
  isHome: z.boolean(),
});
export type Warehouse = z.infer<typeof warehouse>;

export const productGroup = z.object({
  id,
  name: z.string(),
  parentId: z.number().int().nullable(),
  /** Names from the top group down, «Молочные продукты / Сыры». */
  path: z.string(),
});
export type ProductGroup = z.infer<typeof productGroup>;

export const movementRow = z.object({
  id,
  period: z.number().int(),
  warehouse: z.string(),
  /** Signed thousandths: receipts positive, expenses negative. */
  qtyDelta: z.number().int(),
  source: z.enum(['1c', 'local']),
  recorderType: z.string().nullable(),
});
export type MovementRow = z.infer<typeof movementRow>;

export const inventoryContract = {
  'products.list': { input: productListInput, output: productPage },
  'products.get': { input: z.strictObject({ id }), output: productDetail },
  'products.movements': {
    input: z.strictObject({ id, limit: z.number().int().min(1).max(1000).default(200) }),
    output: z.array(movementRow),
  },
  'warehouses.list': { input: z.strictObject({}), output: z.array(warehouse) },
  'productGroups.list': { input: z.strictObject({}), output: z.array(productGroup) },
} as const;
