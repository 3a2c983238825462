import { describe, expect, it } from 'vitest';
import { isValidEan13 } from '../core/devices/ean';
import { compareRefs, generateStore } from './emulator-data';
import { takeSnapshot } from './emulator-mutations';

const now = Date.UTC(2026, 2, 10);
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('emulator-data', () => {
  it('generates the same infobase for the same seed and another for another seed', () => {
    const a = takeSnapshot(generateStore({ profile: 'ut11', products: 400, warehouses: 3, seed: 5, now }));
    const b = takeSnapshot(generateStore({ profile: 'ut11', products: 400, warehouses: 3, seed: 5, now }));
    const c = takeSnapshot(generateStore({ profile: 'ut11', products: 400, warehouses: 3, seed: 6, now }));
    expect(b).toEqual(a);
    expect(c.products[0]?.ref).not.toBe(a.products[0]?.ref);
  });

  it('makes a realistic catalog: valid unique EANs, some variants, price history, balances from movements', () => {
    const store = generateStore({ profile: 'unf', products: 3000, warehouses: 4, seed: 1, now });
    const s = takeSnapshot(store);
    expect(s.products).toHaveLength(3000);
    expect(s.warehouses).toHaveLength(4);
    expect(s.groups.length).toBeGreaterThan(5);
    expect(s.products.every((p) => guid.test(p.ref) && p.parentRef !== null)).toBe(true);
    expect(s.barcodes.every((b) => isValidEan13(b.code))).toBe(true);
    expect(new Set(s.barcodes.map((b) => b.code)).size).toBe(s.barcodes.length);
    expect(s.barcodes.length / s.products.length).toBeGreaterThan(1.05);
    expect(s.barcodes.length / s.products.length).toBeLessThan(1.4);
    const withVariants = new Set(s.characteristics.map((c) => c.ownerRef)).size;
    expect(withVariants).toBeGreaterThan(30);
    expect(withVariants).toBeLessThan(300);
    expect(s.priceTypes.map((t) => t.name)).toEqual(['Розничная', 'Закупочная']);
    // Several periods per key: only SliceLast gives today's price.
    const records = new Map<string, number>();
    store.prices.product.forEach((p, i) => {
      const key = `${p}|${store.prices.priceType[i]}`;
      records.set(key, (records.get(key) ?? 0) + 1);
    });
    expect([...records.values()].some((n) => n > 1)).toBe(true);
    expect(s.prices.length).toBe(records.size);
    // Balances are the sums of the movements and never negative.
    const sums = new Map<string, number>();
    for (const m of s.movements) {
      const key = `${m.productRef}|${m.characteristicRef}|${m.warehouseRef}`;
      sums.set(key, Math.round(((sums.get(key) ?? 0) + m.qty) * 1000) / 1000);
    }
    expect(s.balances.every((b) => b.qty > 0 && sums.get(`${b.productRef}|${b.characteristicRef}|${b.warehouseRef}`) === b.qty)).toBe(true);
    expect(s.movements.some((m) => m.qty < 0)).toBe(true);
    expect(s.movements.every((m) => m.period <= now && m.period > now - 40 * 86_400_000)).toBe(true);
  });

  it('keeps the catalog in 1C’s storage order of refs', () => {
    const store = generateStore({ profile: 'ut11', products: 500, warehouses: 3, seed: 2, now });
    const refs = store.nomenclature.map((i) => i.ref);
    expect(refs).toEqual([...refs].sort(compareRefs));
  });

  it('generates 20,000 products quickly', () => {
    const started = performance.now();
    generateStore({ profile: 'ut11', products: 20_000, warehouses: 3, seed: 1, now });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
