// Test support: what a generated exchange says about each product, computed from the options and
// the index alone (the files are never read back): the generator writes it, the tests compare the
// mirror with it.
import { ean13, priceKopecks, productName, refOf, stockThousandths } from './cml-fixture-values';
import { type ResolvedOptions } from './cml-generator-options';

export const colors = ['Чёрный', 'Серебристый', 'Бежевый', 'Жёлтый'] as const;

export type TruthVariant = { ref: string; name: string; barcode: string | null; colorIndex: number };

export type TruthProduct = {
  index: number;
  ref: string;
  name: string;
  article: string;
  groupRef: string;
  /** '20%' / '10%' when the file lists the product itself; null for one known only through its variants. */
  vat: string | null;
  isListed: boolean;
  isDeleted: boolean;
  barcode: string | null;
  variants: TruthVariant[];
};

export type TruthPrice = { charRef: string | null; typeRef: string; kopecks: number };
/** warehouseRef '' = this store's warehouse (a total without warehouse). */
export type TruthStock = { charRef: string | null; warehouseRef: string; qty: number };

export type CmlTruth = {
  options: ResolvedOptions;
  product(index: number): TruthProduct;
  prices(index: number): TruthPrice[];
  stock(index: number): TruthStock[];
  groupRef(group: number): string;
  groupParent(group: number): number | null;
  warehouseRef(warehouse: number): string;
  priceTypeRef(type: number): string;
  unitRef: string;
  colorPropertyRef: string;
  colorValueRef(color: number): string;
};

export function createTruth(o: ResolvedOptions): CmlTruth {
  const hasVariants = (i: number): boolean => o.variantsEvery > 0 && i % o.variantsEvery === o.variantsEvery - 1;
  const isDeleted = (i: number): boolean => o.deletedEvery > 0 && !hasVariants(i) && i % o.deletedEvery === Math.floor(o.deletedEvery / 2);
  const product = (i: number): TruthProduct => {
    const variants = hasVariants(i)
      ? [0, 1].map((v) => ({
          ref: refOf(o.seed, 'variant', i * 2 + v),
          name: colors[(i + v) % colors.length] as string,
          barcode: o.isVariantInCatalog ? ean13('47', i * 2 + v) : null,
          colorIndex: (i + v) % colors.length,
        }))
      : [];
    const isBareListed = !(o.isVariantInCatalog && variants.length > 0);
    return {
      index: i,
      ref: refOf(o.seed, 'product', i),
      name: productName(o.seed, i, o.revision),
      article: `A-${i}`,
      groupRef: refOf(o.seed, 'group', i % o.groups),
      vat: isBareListed ? (i % 2 === 0 ? '20%' : '10%') : null,
      isListed: o.only(i),
      isDeleted: isDeleted(i),
      barcode: isBareListed ? ean13('46', i) : null,
      variants,
    };
  };
  /** The offers of a product: its variants, or the product itself (variant number 0). */
  const offerKeys = (p: TruthProduct): { charRef: string | null; v: number }[] =>
    p.variants.length > 0 ? p.variants.map((variant, k) => ({ charRef: variant.ref, v: k + 1 })) : [{ charRef: null, v: 0 }];
  return {
    options: o,
    product,
    prices(i) {
      const p = product(i);
      if (!p.isListed || p.isDeleted) return [];
      return offerKeys(p).flatMap(({ charRef, v }) =>
        Array.from({ length: o.priceTypes }, (_, t) => ({ charRef, typeRef: refOf(o.seed, 'priceType', t), kopecks: priceKopecks(o.seed, i, v, t, o.revision) })),
      );
    },
    stock(i) {
      const p = product(i);
      if (!p.isListed || p.isDeleted) return [];
      return offerKeys(p).flatMap(({ charRef, v }) =>
        o.stockForm === 'total'
          ? [{ charRef, warehouseRef: '', qty: stockThousandths(o.seed, i, v, 0, o.revision) }]
          : Array.from({ length: o.warehouses }, (_, w) => ({ charRef, warehouseRef: refOf(o.seed, 'warehouse', w), qty: stockThousandths(o.seed, i, v, w, o.revision) })),
      );
    },
    groupRef: (g) => refOf(o.seed, 'group', g),
    groupParent: (g) => (g === 0 ? null : Math.floor((g - 1) / 4)),
    warehouseRef: (w) => refOf(o.seed, 'warehouse', w),
    priceTypeRef: (t) => refOf(o.seed, 'priceType', t),
    unitRef: refOf(o.seed, 'unit', 0),
    colorPropertyRef: refOf(o.seed, 'property', 0),
    colorValueRef: (c) => refOf(o.seed, 'propertyValue', c),
  };
}
