// Test support: the report a generated exchange must produce when imported into an empty mirror
// (with this store's warehouse set when the stock comes as totals), computed from the truth.
import { type CmlCounts, type CmlEntityKind } from '../../../../src-preload/contract/commerceml';
import { type CmlTruth } from './cml-generated-truth';

export function freshImportCounts(t: CmlTruth): Record<CmlEntityKind, CmlCounts> {
  const o = t.options;
  const zero = (): CmlCounts => ({ added: 0, changed: 0, removed: 0, unchanged: 0 });
  const c = {
    groups: { ...zero(), added: o.groups },
    units: { ...zero(), added: 1 },
    warehouses: { ...zero(), added: o.stockForm === 'total' ? 0 : o.warehouses },
    priceTypes: { ...zero(), added: o.priceTypes },
    products: zero(),
    characteristics: zero(),
    barcodes: zero(),
    prices: zero(),
    stock: zero(),
  };
  for (let i = 0; i < o.products; i += 1) {
    const p = t.product(i);
    if (!p.isListed) continue;
    if (p.isDeleted) {
      // Deleted and never mirrored: nothing to do.
      c.products.unchanged += 1;
      continue;
    }
    c.products.added += 1;
    c.characteristics.added += p.variants.length;
    c.barcodes.added += (p.barcode === null ? 0 : 1) + p.variants.filter((v) => v.barcode !== null).length;
    c.prices.added += t.prices(i).length;
    for (const row of t.stock(i)) {
      if (row.qty === 0) c.stock.unchanged += 1;
      else c.stock.added += 1;
    }
  }
  return c;
}
