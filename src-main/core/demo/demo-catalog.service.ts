import { type AppDb } from '../db/open';
import { ean13CheckDigit } from '../devices/ean';
import { AppError } from '../errors/app-error';
import { brandRoots, brandSuffixes, type DemoSubgroup, type DemoUnitKey, demoGroups, demoUnits, demoWarehouses } from './demo-words';
import { createSeededRandom, type SeededRandom } from './seeded-random';

export const maxDemoProducts = 2_000_000;
export const maxDemoWarehouses = 50;
export const defaultDemoWarehouses = 4;
export const defaultDemoSeed = 1;

export type DemoCatalogOptions = {
  products: number;
  /** Default 4: the home store, the main warehouse and two more. */
  warehouses?: number;
  /** Same seed (and same options) → the same catalog, byte for byte. Default 1. */
  seed?: number;
  /** Epoch ms used for seen_at, updated_at and as_of_1c. Default: the current time. */
  now?: number;
  /** Called after each committed batch. */
  onProgress?: (done: number, total: number) => void;
};

export type DemoCatalogResult = {
  seed: number;
  products: number;
  groups: number;
  units: number;
  warehouses: number;
  barcodes: number;
  priceTypes: number;
  prices: number;
  stockRows: number;
  durationMs: number;
};

// One transaction per batch keeps the WAL small and lets progress be reported, while still
// amortising the commit over thousands of rows (≈8 rows per product).
const productsPerBatch = 2_000;

type Subgroup = DemoSubgroup & { groupId: number; articleCounter: number };

/**
 * Fills an empty database with a realistic, deterministic store catalog: groups, units, products,
 * EAN-13 barcodes, retail and purchase prices, warehouses and 1C balances. Throws AppError
 * 'validation' on bad options and 'conflict' when the database already has products (demo data
 * must never mix with a real mirror).
 */
export function generateDemoCatalog(db: AppDb, options: DemoCatalogOptions): DemoCatalogResult {
  const productCount = options.products;
  const warehouseCount = options.warehouses ?? defaultDemoWarehouses;
  const seed = options.seed ?? defaultDemoSeed;
  const now = options.now ?? Date.now();
  assertOptions(productCount, warehouseCount, seed);

  const { sqlite } = db;
  const existing = sqlite.prepare('SELECT count(*) FROM products').pluck().get();
  if (typeof existing === 'number' && existing > 0) {
    throw new AppError(
      'conflict',
      `В базе ${db.path} уже есть товары (${existing}). Демо-каталог создаётся только в пустой базе: ` +
        'выберите новый файл базы.',
      { details: { path: db.path, products: existing } },
    );
  }

  const started = performance.now();
  const random = createSeededRandom(seed);
  const guid = () => makeGuid(random);
  const barcodeOffset = random.int(10_000_000_000);

  // Bulk-load settings, put back afterwards: a big page cache for the random-order index inserts
  // (GUIDs, names), and rare checkpoints, since checkpointing (with its fsync) after every batch
  // doubled the load time. The WAL may grow to ~200 MB meanwhile; it is truncated at the end.
  const previousCacheSize = sqlite.pragma('cache_size', { simple: true });
  const previousAutocheckpoint = sqlite.pragma('wal_autocheckpoint', { simple: true });
  sqlite.pragma('cache_size = -131072');
  sqlite.pragma('wal_autocheckpoint = 50000');
  try {
    const dictionaries = sqlite.transaction(() => insertDictionaries(db, random, warehouseCount, now))();
    const counts = { barcodes: 0, prices: 0, stockRows: 0 };

    // Products and barcodes are staged in temp tables and moved with one INSERT … SELECT per batch.
    // The FTS triggers make a per-row INSERT ~10× slower: every trigger-fired write to products_fts
    // runs under a statement savepoint, and FTS5 flushes its pending terms to a new segment at each
    // savepoint, so row-by-row inserts build (and then merge) one tiny segment per product.
    // Barcodes move first: products_fts_ai then indexes each product with all its codes at once,
    // and barcodes_fts_ai finds no FTS row to rewrite yet. defer_foreign_keys lets a barcode
    // precede its product inside the transaction; the keys are still checked at commit.
    sqlite.exec(`
      CREATE TEMP TABLE IF NOT EXISTS demo_products_stage (id INTEGER PRIMARY KEY, ref_1c, code, article,
        name, group_id, unit_id, is_weighted, marking_kind, vat_rate);
      CREATE TEMP TABLE IF NOT EXISTS demo_barcodes_stage (code, product_id, package_unit_id, package_qty);
      DELETE FROM temp.demo_products_stage;
      DELETE FROM temp.demo_barcodes_stage;
    `);
    const insertProduct = sqlite.prepare(
      `INSERT INTO temp.demo_products_stage (id, ref_1c, code, article, name, group_id, unit_id, is_weighted,
         marking_kind, vat_rate)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertBarcode = sqlite.prepare(
      'INSERT INTO temp.demo_barcodes_stage (code, product_id, package_unit_id, package_qty) VALUES (?, ?, ?, ?)',
    );
    const moveBarcodes = sqlite.prepare(
      `INSERT INTO barcodes (code, product_id, package_unit_id, package_qty, seen_at)
       SELECT code, product_id, package_unit_id, package_qty, ? FROM temp.demo_barcodes_stage`,
    );
    const moveProducts = sqlite.prepare(
      // name_sort is given here so the products_name_sort_ai trigger has nothing to update.
      `INSERT INTO products (id, ref_1c, seen_at, code, article, name, name_sort, group_id, unit_id, is_weighted,
         marking_kind, vat_rate, is_deleted, updated_at)
       SELECT id, ref_1c, ?, code, article, name, ru_sort_key(name), group_id, unit_id, is_weighted, marking_kind,
         vat_rate, 0, ?
       FROM temp.demo_products_stage ORDER BY id`,
    );
    const clearStage = () => sqlite.exec('DELETE FROM temp.demo_products_stage; DELETE FROM temp.demo_barcodes_stage;');
    const insertPrice = sqlite.prepare(
      'INSERT INTO prices (product_id, price_type_id, price, period, seen_at) VALUES (?, ?, ?, ?, ?)',
    );
    const insertStock = sqlite.prepare(
      'INSERT INTO stock (product_id, warehouse_id, qty_1c, as_of_1c, seen_at) VALUES (?, ?, ?, ?, ?)',
    );

    const firstId = Number(sqlite.prepare('SELECT coalesce(max(id), 0) + 1 FROM products').pluck().get());
    const subgroups = dictionaries.subgroups;
    const cumulativeWeights = cumulative(subgroups.map(subgroupWeight));
    let barcodeSerial = 0;

    const insertBatch = sqlite.transaction((fromIndex: number, toIndex: number) => {
      // Resets itself at every COMMIT.
      sqlite.pragma('defer_foreign_keys = ON');
      for (let index = fromIndex; index < toIndex; index += 1) {
        const id = firstId + index;
        const sub = pickWeighted(subgroups, cumulativeWeights, random);
        const unitKey = sub.unit;
        const isWeighted = unitKey === 'kg';
        sub.articleCounter += 1;
        const name = productName(sub, random);

        const barcodeCount = isWeighted
          ? random.chance(0.4) ? 0 : 1
          : 1 + (random.chance(0.3) ? 1 : 0) + (random.chance(0.04) ? 1 : 0);
        for (let b = 0; b < barcodeCount; b += 1) {
          const isPackage = b > 0 && unitKey === 'pcs' && random.chance(0.5);
          insertBarcode.run(
            demoEan13(barcodeSerial, barcodeOffset),
            id,
            isPackage ? dictionaries.unitIds.pack : null,
            isPackage ? random.pick(packSizes) * 1000 : 1000,
          );
          barcodeSerial += 1;
        }
        counts.barcodes += barcodeCount;

        insertProduct.run(
          id,
          guid(),
          `00-${String(id).padStart(8, '0')}`,
          `${sub.prefix}-${String(sub.articleCounter).padStart(5, '0')}`,
          name,
          sub.groupId,
          dictionaries.unitIds[unitKey],
          isWeighted ? 1 : 0,
          sub.marking ?? '',
          sub.vat,
        );

        const retail = retailPrice(sub, random);
        insertPrice.run(id, dictionaries.retailPriceTypeId, retail, now - random.int(90) * day, now);
        counts.prices += 1;
        if (random.chance(0.9)) {
          const purchase = Math.max(1, Math.round((retail * random.between(60, 80)) / 100));
          insertPrice.run(id, dictionaries.purchasePriceTypeId, purchase, now - random.int(90) * day, now);
          counts.prices += 1;
        }

        for (const warehouse of dictionaries.warehouses) {
          if (!random.chance(warehouse.isHome ? 0.95 : 0.8)) continue;
          insertStock.run(id, warehouse.id, stockQty(unitKey, warehouse.kind, random), now, now);
          counts.stockRows += 1;
        }
      }
      moveBarcodes.run(now);
      moveProducts.run(now, now);
      clearStage();
    });

    for (let from = 0; from < productCount; from += productsPerBatch) {
      const to = Math.min(productCount, from + productsPerBatch);
      insertBatch(from, to);
      options.onProgress?.(to, productCount);
    }

    // Planner statistics for the freshly loaded tables; analysis_limit keeps it to a quick sample.
    sqlite.pragma('analysis_limit = 1000');
    sqlite.exec('ANALYZE');

    sqlite.exec('DROP TABLE IF EXISTS temp.demo_products_stage; DROP TABLE IF EXISTS temp.demo_barcodes_stage;');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');

    return {
      seed,
      products: productCount,
      groups: dictionaries.groupCount,
      units: demoUnits.length,
      warehouses: dictionaries.warehouses.length,
      barcodes: counts.barcodes,
      priceTypes: 2,
      prices: counts.prices,
      stockRows: counts.stockRows,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    sqlite.pragma(`cache_size = ${Number(previousCacheSize)}`);
    sqlite.pragma(`wal_autocheckpoint = ${Number(previousAutocheckpoint)}`);
  }
}

const day = 86_400_000;
const packSizes = [6, 10, 12, 20, 24] as const;

function assertOptions(products: number, warehouses: number, seed: number): void {
  if (!Number.isInteger(products) || products < 1 || products > maxDemoProducts) {
    throw new AppError('validation', `Число товаров должно быть целым от 1 до ${maxDemoProducts.toLocaleString('ru-RU')}`);
  }
  if (!Number.isInteger(warehouses) || warehouses < 1 || warehouses > maxDemoWarehouses) {
    throw new AppError('validation', `Число складов должно быть целым от 1 до ${maxDemoWarehouses}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new AppError('validation', 'Зерно генератора (seed) должно быть целым от 0 до 4294967295');
  }
}

type Dictionaries = {
  unitIds: Record<DemoUnitKey, number>;
  subgroups: Subgroup[];
  groupCount: number;
  retailPriceTypeId: number;
  purchasePriceTypeId: number;
  warehouses: { id: number; kind: 'store' | 'warehouse'; isHome: boolean }[];
};

function insertDictionaries(db: AppDb, random: SeededRandom, warehouseCount: number, now: number): Dictionaries {
  const { sqlite } = db;
  // Units may already be there from a 1C pull; reuse them by OKEI code rather than duplicate "шт".
  const findUnit = sqlite.prepare('SELECT id FROM units WHERE okei = ? ORDER BY id LIMIT 1').pluck();
  const insertUnit = sqlite.prepare('INSERT INTO units (ref_1c, seen_at, name, okei) VALUES (?, ?, ?, ?)');
  const unitIds = { pcs: 0, kg: 0, l: 0, pack: 0 } satisfies Record<DemoUnitKey, number>;
  for (const unit of demoUnits) {
    const found = findUnit.get(unit.okei);
    unitIds[unit.key] =
      typeof found === 'number' ? found : Number(insertUnit.run(makeGuid(random), now, unit.name, unit.okei).lastInsertRowid);
  }

  const insertGroup = sqlite.prepare('INSERT INTO product_groups (ref_1c, seen_at, parent_id, name) VALUES (?, ?, ?, ?)');
  const subgroups: Subgroup[] = [];
  let groupCount = 0;
  for (const group of demoGroups) {
    const parentId = Number(insertGroup.run(makeGuid(random), now, null, group.name).lastInsertRowid);
    groupCount += 1;
    for (const sub of group.subgroups) {
      const groupId = Number(insertGroup.run(makeGuid(random), now, parentId, sub.name).lastInsertRowid);
      groupCount += 1;
      subgroups.push({ ...sub, groupId, articleCounter: 0 });
    }
  }

  const insertPriceType = sqlite.prepare(
    'INSERT INTO price_types (ref_1c, seen_at, name, currency, is_retail) VALUES (?, ?, ?, ?, ?)',
  );
  const retailPriceTypeId = Number(insertPriceType.run(makeGuid(random), now, 'Розничная', 'RUB', 1).lastInsertRowid);
  const purchasePriceTypeId = Number(insertPriceType.run(makeGuid(random), now, 'Закупочная', 'RUB', 0).lastInsertRowid);

  const insertWarehouse = sqlite.prepare(
    'INSERT INTO warehouses (ref_1c, seen_at, name, kind, is_home) VALUES (?, ?, ?, ?, ?)',
  );
  const warehouses: Dictionaries['warehouses'] = [];
  for (let i = 0; i < warehouseCount; i += 1) {
    const known = demoWarehouses[i];
    const name = known?.name ?? `Магазин № ${i + 1}`;
    const kind = known?.kind ?? 'store';
    const isHome = known?.isHome ?? false;
    const id = Number(insertWarehouse.run(makeGuid(random), now, name, kind, isHome ? 1 : 0).lastInsertRowid);
    warehouses.push({ id, kind, isHome });
  }

  return { unitIds, subgroups, groupCount, retailPriceTypeId, purchasePriceTypeId, warehouses };
}

// Produce without brands has few distinct names; give it a smaller share so a large catalog is not
// thousands of identical "Картофель молодой".
function subgroupWeight(sub: DemoSubgroup): number {
  return sub.brands.length === 0 ? 0.25 : 1;
}

function cumulative(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((w) => (total += w));
}

function pickWeighted<T>(items: readonly T[], cumulativeWeights: readonly number[], random: SeededRandom): T {
  const target = random.next() * (cumulativeWeights.at(-1) ?? 0);
  let i = 0;
  while (i < cumulativeWeights.length - 1 && (cumulativeWeights[i] ?? 0) <= target) i += 1;
  const item = items[i];
  if (item === undefined) throw new RangeError('pickWeighted from an empty list');
  return item;
}

function productName(sub: DemoSubgroup, random: SeededRandom): string {
  const line = random.pick(sub.lines);
  const kind = random.pick(line.kinds);
  let brand = '';
  if (sub.brands.length > 0) {
    brand = random.chance(0.3) ? random.pick(brandRoots) + random.pick(brandSuffixes) : random.pick(sub.brands);
  }
  const variant = random.pick(line.variants);
  const size = line.sizes.length > 0 ? random.pick(line.sizes) : '';
  let name = kind;
  if (brand) name += ` «${brand}»`;
  name += ` ${variant}`;
  if (size) name += ` ${size}`;
  return name;
}

/** Kopecks, ending in ,90 / ,99 / ,00 as shop prices do. */
function retailPrice(sub: DemoSubgroup, random: SeededRandom): number {
  const [min, max] = sub.price;
  // Skewed towards the cheap end: most of a shop's lines are everyday goods.
  const roubles = Math.max(1, Math.round(min + (max - min) * random.next() ** 1.6));
  const ending = random.pick([10, 1, 0] as const);
  return Math.max(1, roubles * 100 - ending);
}

/** Thousandths of a unit. */
function stockQty(unit: DemoUnitKey, kind: 'store' | 'warehouse', random: SeededRandom): number {
  if (random.chance(0.12)) return 0;
  const scale = kind === 'warehouse' ? 5 : 1;
  switch (unit) {
    case 'kg':
      return random.between(150, 40_000) * scale;
    case 'l':
      return random.between(500, 120_000) * scale;
    case 'pcs':
      return (1 + Math.floor(random.next() ** 2 * 120)) * scale * 1000;
    case 'pack':
      return random.between(1, 40) * scale * 1000;
  }
}

const barcodeMultiplierHigh = 16_180;
const barcodeMultiplierLow = 33_989;

/**
 * The serial-th demo EAN-13: "46" (GS1 Russia, so 460–469) + a 10-digit body + check digit. The body
 * is (a·serial + offset) mod 10¹⁰ with a coprime to 10, a bijection, so codes are unique without a
 * lookup set and still look scattered. The product is split in two so it stays exact in a double.
 */
// Exported for testing only.
export function demoEan13(serial: number, offset: number): string {
  const modulus = 10_000_000_000;
  const high = ((barcodeMultiplierHigh * serial) % modulus) * 100_000;
  const body = (((high % modulus) + barcodeMultiplierLow * serial) % modulus + offset) % modulus;
  const first12 = `46${String(body).padStart(10, '0')}`;
  return `${first12}${ean13CheckDigit(first12)}`;
}

function makeGuid(random: SeededRandom): string {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const a = random.uint32();
  const b = random.uint32();
  const c = random.uint32();
  const d = random.uint32();
  const s = hex(a) + hex(b) + hex(c) + hex(d);
  // Shape of a random (v4) UUID, like the GUIDs 1C assigns.
  const variant = '89ab'.charAt(c >>> 30);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}
