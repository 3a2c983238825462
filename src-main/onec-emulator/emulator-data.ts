// The emulator's infobase: what "1C" holds, generated deterministically from a seed, plus the
// mutations tests use to change it and the normalised snapshot they compare a mirror against.
// Kept lean because benchmarks run it next to the client: register records live in columns
// (plain arrays of shared ref strings and numbers), not one object per record.
import { brandRoots, brandSuffixes, type DemoSubgroup, demoGroups, demoUnits, demoWarehouses } from '../core/demo/demo-words';
import { createSeededRandom, type SeededRandom } from '../core/demo/seeded-random';
import { ean13CheckDigit } from '../core/devices/ean';
import { type Counterparty } from './emulator-counterparties';

export type EmulatorProfileId = 'ut11' | 'unf';
export const emulatorProfileIds = ['ut11', 'unf'] as const satisfies readonly EmulatorProfileId[];

export const emptyGuid = '00000000-0000-0000-0000-000000000000';
export const maxEmulatorProducts = 200_000;
export const maxEmulatorWarehouses = 50;

/** A catalog element. Products and their groups share Catalog_Номенклатура (IsFolder). */
export type NomenclatureItem = {
  ref: string;
  isFolder: boolean;
  code: string;
  name: string;
  article: string;
  /** Unit ref; '' for groups. */
  unitRef: string;
  parentRef: string | null;
  isWeighted: boolean;
  deletionMark: boolean;
  /** DataVersion counter value of the last write. */
  version: number;
};

export type SimpleCatalogItem = {
  ref: string;
  code: string;
  name: string;
  deletionMark: boolean;
  version: number;
  /** Warehouses: 'store' | 'warehouse'; units: OKEI code; characteristics: owner ref. */
  extra: string;
  /** Units: full name ("Штука"); price types: "1" when retail. */
  extra2: string;
};

export type BarcodeRecord = { code: string; productRef: string; characteristicRef: string | null; packageRef: string | null };

/** The stock documents the emulator publishes (names per profile: emulator-document-defs.ts). */
export const stockDocumentKinds = ['receipt', 'shipment', 'transfer', 'writeoff', 'count', 'supplier_order'] as const;
export type StockDocumentKind = (typeof stockDocumentKinds)[number];

/** What records register records: a stock document that moves goods (a count or an order moves none) or a price document. */
export type RecorderKind = Exclude<StockDocumentKind, 'count' | 'supplier_order'> | 'prices';

/** A posted document that recorded a set of register records (movements or prices). */
export type Recorder = {
  ref: string;
  kind: RecorderKind;
  number: string;
  date: number;
  version: number;
  /** Its records: rows [start, start + count) of the stock or price columns. */
  start: number;
  count: number;
};

/** One row of a stock document's tabular section; refs lower-case, the empty ref as zeros. */
export type DocumentLine = { product: string; characteristic: string; qty: number; qtyAccounted: number; price: number; amount: number };

/**
 * A stock document (receipt, shipment, transfer, write-off, count): created through OData or
 * generated with its records. Header attributes are kept by role; the wire names differ per profile.
 */
export type StockDocument = {
  ref: string;
  kind: StockDocumentKind;
  number: string;
  /** Epoch ms of the server-local wall clock; emptyDateMs for 1C's empty date. */
  date: number;
  posted: boolean;
  deletionMark: boolean;
  version: number;
  organizationRef: string;
  counterpartyRef: string;
  /** The warehouse; for a transfer the sender. */
  warehouseRef: string;
  /** Transfers: the receiving warehouse; otherwise the empty ref. */
  warehouseToRef: string;
  comment: string;
  /**
   * null for a generated document: its rows are derived from its register records when read (one
   * object per generated line would cost tens of MB at 200,000 products) and fixed before any write.
   */
  lines: DocumentLine[] | null;
  /** Its record set in the stock register once posted (count 0 after Unpost); null before. */
  recorder: Recorder | null;
  /** Created through OData (POST), in creation order in store.createdDocuments. */
  isCreated: boolean;
};

export type MovementColumns = {
  recorder: number[];
  line: number[];
  period: number[];
  product: string[];
  characteristic: (string | null)[];
  warehouse: string[];
  /** Signed: receipts positive, expenses negative. */
  qty: number[];
};

export type PriceColumns = {
  /** Index into priceRecorders (ut11, recorder-subordinate register); -1 for UNF (independent). */
  recorder: number[];
  line: number[];
  period: number[];
  product: string[];
  characteristic: (string | null)[];
  priceType: string[];
  price: number[];
};

export type EmulatorStore = {
  profile: EmulatorProfileId;
  /** Global DataVersion counter: bumped by every write (P8: it changes even when nothing else does). */
  dataVersion: number;
  /** Bumped on every mutation; caches (sorted orders, slices) key on it. */
  revision: number;
  newRef(): string;
  nextVersion(): number;
  organizationRef: string;
  currencyRef: string;
  /** Sorted by 1C's storage order of the ref (see refSortKey); groups and products together. */
  nomenclature: NomenclatureItem[];
  nomenclatureByRef: Map<string, NomenclatureItem>;
  warehouses: SimpleCatalogItem[];
  units: SimpleCatalogItem[];
  characteristics: SimpleCatalogItem[];
  priceTypes: SimpleCatalogItem[];
  catalogByRef: Map<string, SimpleCatalogItem>;
  /** Independent register: kept in key (Штрихкод) order. */
  barcodes: BarcodeRecord[];
  barcodeByCode: Map<string, BarcodeRecord>;
  stockRecorders: Recorder[];
  movements: MovementColumns;
  priceRecorders: Recorder[];
  prices: PriceColumns;
  recorderByRef: Map<string, { recorder: Recorder; table: 'stock' | 'prices' }>;
  /** Stock documents by ref, and per kind in 1C's storage order of the ref (the default order of a GET). */
  documents: Map<string, StockDocument>;
  documentsByKind: Record<StockDocumentKind, StockDocument[]>;
  /** Documents created through OData, in creation order (the test API). */
  createdDocuments: StockDocument[];
  /** Catalog_Контрагенты in 1C's storage order of the ref (emulator-counterparties.ts); groups included. */
  counterparties: Counterparty[];
  counterpartyByRef: Map<string, Counterparty>;
  /** Refs of the contact-information kinds rows of generated counterparties point to. */
  contactKinds: { phone: string; email: string; address: string };
  /** Last code number given per catalog, for auto-numbering added elements. */
  counters: { product: number; document: number; characteristic: number; warehouse: number; counterparty: number };
  now: number;
};

export type GenerateOptions = {
  profile: EmulatorProfileId;
  products: number;
  warehouses: number;
  seed: number;
  /** Epoch ms of "now" for generated dates; default: the start of the current UTC day. */
  now?: number;
};

const day = 86_400_000;

/**
 * 1C keeps a reference as binary(16) with the GUID's groups reordered (4th, 5th, 3rd, 2nd, 1st:
 * the well-known _IDRRef layout), and its indexes and ORDER BY compare those bytes. This key sorts
 * like those bytes. With 1C's time-based refs it means "creation order", and it is NOT the string
 * order of the GUID, so a client cannot page by comparing GUID strings.
 */
export function refSortKey(ref: string): string {
  return ref.slice(19, 23) + ref.slice(24) + ref.slice(14, 18) + ref.slice(9, 13) + ref.slice(0, 8);
}

export function compareRefs(a: string, b: string): number {
  const ka = refSortKey(a);
  const kb = refSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Refs shaped like the ones 1C assigns: version-1-like GUIDs whose time fields grow, with one
 * clock sequence and node per infobase (e.g. b1c89d94-cb6a-11e6-aede-5404a6b4b8ed in sample 03).
 */
function createRefClock(random: SeededRandom): () => string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const node = hex(random.uint32(), 8) + hex(random.int(0x10000), 4);
  const clockSeq = hex(0x8000 | random.int(0x4000), 4);
  let low = random.uint32();
  let mid = random.int(0x10000);
  let high = 0x1ef;
  return () => {
    // ~7 s of 100-ns ticks on average between two refs: the low 32 bits (the FIRST group of the
    // GUID string) wrap every few dozen refs, as they do in a real base filled over days.
    low += 1 + random.int(1 << 27);
    if (low > 0xffffffff) {
      low -= 0x100000000;
      mid += 1;
      if (mid > 0xffff) {
        mid = 0;
        high = (high + 1) & 0xfff;
      }
    }
    return flat(`${hex(low, 8)}-${hex(mid, 4)}-1${hex(high, 3)}-${clockSeq}-${node}`);
  };
}

/**
 * A flat copy of a string built by concatenation. V8 keeps `a + b` as a tree of ConsString nodes,
 * several times the size of the text; with 200,000 names and refs that tree was most of the
 * emulator's memory. A UTF-16 round trip yields one sequential string.
 */
export function flat(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

const characteristicSets = [
  ['Красный', 'Синий', 'Зелёный', 'Чёрный', 'Белый'],
  ['S', 'M', 'L', 'XL'],
  ['Ваниль', 'Шоколад', 'Клубника'],
  ['0,5 л', '1 л', '1,5 л'],
] as const;

/** Builds the whole infobase. 200,000 products take a few seconds (see docs/onec-emulator.md). */
export function generateStore(options: GenerateOptions): EmulatorStore {
  const { profile, products: productCount, warehouses: warehouseCount, seed } = options;
  const now = options.now ?? Math.floor(Date.now() / day) * day;
  const random = createSeededRandom(seed);
  const newRef = createRefClock(random);
  const store: EmulatorStore = {
    profile,
    dataVersion: 0,
    revision: 0,
    newRef,
    nextVersion: () => {
      store.dataVersion += 1;
      return store.dataVersion;
    },
    organizationRef: '',
    currencyRef: '',
    nomenclature: [],
    nomenclatureByRef: new Map(),
    warehouses: [],
    units: [],
    characteristics: [],
    priceTypes: [],
    catalogByRef: new Map(),
    barcodes: [],
    barcodeByCode: new Map(),
    stockRecorders: [],
    movements: { recorder: [], line: [], period: [], product: [], characteristic: [], warehouse: [], qty: [] },
    priceRecorders: [],
    prices: { recorder: [], line: [], period: [], product: [], characteristic: [], priceType: [], price: [] },
    recorderByRef: new Map(),
    documents: new Map(),
    documentsByKind: { receipt: [], shipment: [], transfer: [], writeoff: [], count: [], supplier_order: [] },
    createdDocuments: [],
    counterparties: [],
    counterpartyByRef: new Map(),
    contactKinds: { phone: '', email: '', address: '' },
    counters: { product: 0, document: 0, characteristic: 0, warehouse: 0, counterparty: 0 },
    now,
  };
  const version = store.nextVersion;
  store.organizationRef = newRef();
  store.currencyRef = newRef();

  const addSimple = (list: SimpleCatalogItem[], code: string, name: string, extra: string, extra2 = ''): SimpleCatalogItem => {
    const item = { ref: newRef(), code, name, deletionMark: false, version: version(), extra, extra2 };
    list.push(item);
    store.catalogByRef.set(item.ref, item);
    return item;
  };

  const unitFullNames: Record<string, string> = { шт: 'Штука', кг: 'Килограмм', л: 'Литр', упак: 'Упаковка' };
  const unitByKey = new Map<string, SimpleCatalogItem>();
  for (const unit of demoUnits) {
    unitByKey.set(unit.key, addSimple(store.units, unit.okei, unit.name, unit.okei, unitFullNames[unit.name] ?? unit.name));
  }
  for (let i = 0; i < warehouseCount; i += 1) {
    const known = demoWarehouses[i];
    store.counters.warehouse += 1;
    addSimple(store.warehouses, String(i + 1).padStart(9, '0'), known?.name ?? `Магазин № ${i + 1}`, known?.kind ?? 'store');
  }
  const retail = addSimple(store.priceTypes, '000000001', 'Розничная', '', '1');
  const purchase = addSimple(store.priceTypes, '000000002', 'Закупочная', '', '0');

  const codePrefix = profile === 'ut11' ? 'УТ-' : '00-';
  const nextCode = () => {
    store.counters.product += 1;
    return `${codePrefix}${String(store.counters.product).padStart(8, '0')}`;
  };
  const addNom = (item: Omit<NomenclatureItem, 'ref' | 'version' | 'code'>): NomenclatureItem => {
    const full = { ref: newRef(), code: nextCode(), version: version(), ...item };
    store.nomenclature.push(full);
    store.nomenclatureByRef.set(full.ref, full);
    return full;
  };

  type Sub = { def: DemoSubgroup; groupRef: string; articleCounter: number; weight: number };
  const subgroups: Sub[] = [];
  for (const group of demoGroups) {
    const top = addNom({ isFolder: true, name: group.name, article: '', unitRef: '', parentRef: null, isWeighted: false, deletionMark: false });
    for (const def of group.subgroups) {
      const sub = addNom({ isFolder: true, name: def.name, article: '', unitRef: '', parentRef: top.ref, isWeighted: false, deletionMark: false });
      subgroups.push({ def, groupRef: sub.ref, articleCounter: 0, weight: def.brands.length === 0 ? 0.25 : 1 });
    }
  }
  const cumulativeWeights: number[] = [];
  let totalWeight = 0;
  for (const s of subgroups) cumulativeWeights.push((totalWeight += s.weight));

  // Stock "slots": a product without characteristics, or one characteristic of a product.
  type Slot = { product: string; characteristic: string | null; isWeighted: boolean; retail: number };
  const slots: Slot[] = [];
  const barcodeOffset = random.int(10_000_000_000);
  let barcodeSerial = 0;
  const nextEan = () => demoLikeEan13(barcodeSerial++, barcodeOffset);

  // Prices are grouped by the date of the document that set them (ut11: recorder-subordinate).
  const priceDates = Array.from({ length: 12 }, (_, i) => now - (35 - i * 3) * day + 9 * 3_600_000);
  type PendingPrice = { product: string; characteristic: string | null; priceType: string; price: number };
  const pricesByDate: PendingPrice[][] = priceDates.map(() => []);

  for (let i = 0; i < productCount; i += 1) {
    const target = random.next() * totalWeight;
    let s = 0;
    while (s < subgroups.length - 1 && (cumulativeWeights[s] ?? 0) <= target) s += 1;
    const sub = subgroups[s] as Sub;
    const def = sub.def;
    sub.articleCounter += 1;
    const isWeighted = def.unit === 'kg';
    const unit = unitByKey.get(def.unit) as SimpleCatalogItem;
    const product = addNom({
      isFolder: false,
      name: flat(productName(def, random)),
      article: `${def.prefix}-${String(sub.articleCounter).padStart(5, '0')}`,
      unitRef: unit.ref,
      parentRef: sub.groupRef,
      isWeighted,
      deletionMark: random.chance(0.005),
    });
    const [minPrice, maxPrice] = def.price;
    const retailPrice = Math.max(1, Math.round(minPrice + (maxPrice - minPrice) * random.next() ** 1.6)) - random.pick([0.1, 0.01, 0]);
    const productSlots: Slot[] = [];
    // A minority of goods have variants (size/colour/flavour), as in a real shop's catalog.
    if (!isWeighted && random.chance(0.04)) {
      const names = random.pick(characteristicSets);
      const count = 2 + random.int(names.length - 1);
      for (let c = 0; c < count; c += 1) {
        store.counters.characteristic += 1;
        const ch = addSimple(store.characteristics, String(store.counters.characteristic).padStart(9, '0'), names[c] ?? `Вариант ${c + 1}`, product.ref);
        productSlots.push({ product: product.ref, characteristic: ch.ref, isWeighted, retail: retailPrice });
        addBarcodeRecord(store, { code: nextEan(), productRef: product.ref, characteristicRef: ch.ref, packageRef: null });
      }
    } else {
      productSlots.push({ product: product.ref, characteristic: null, isWeighted, retail: retailPrice });
      const count = isWeighted ? (random.chance(0.5) ? 1 : 0) : 1 + (random.chance(0.18) ? 1 : 0) + (random.chance(0.03) ? 1 : 0);
      for (let b = 0; b < count; b += 1) {
        const pack = b > 0 && def.unit === 'pcs' && random.chance(0.5) ? unitByKey.get('pack')?.ref ?? null : null;
        addBarcodeRecord(store, { code: nextEan(), productRef: product.ref, characteristicRef: null, packageRef: pack });
      }
    }
    slots.push(...productSlots);

    // Prices per product (not per characteristic). A quarter have an older price too, so that only
    // SliceLast gives the right answer.
    const latest = 4 + random.int(priceDates.length - 4);
    pricesByDate[latest]?.push({ product: product.ref, characteristic: null, priceType: retail.ref, price: round2(retailPrice) });
    if (random.chance(0.25)) {
      const older = random.int(latest);
      pricesByDate[older]?.push({ product: product.ref, characteristic: null, priceType: retail.ref, price: round2(retailPrice * (0.8 + random.next() * 0.15)) });
    }
    if (random.chance(0.9)) {
      pricesByDate[random.int(priceDates.length)]?.push({
        product: product.ref,
        characteristic: null,
        priceType: purchase.ref,
        price: round2(retailPrice * (0.6 + random.next() * 0.2)),
      });
    }
  }

  // Price records: ut11 → documents УстановкаЦенНоменклатуры of ≤ 1000 lines, one Period each;
  // UNF → independent records with the same periods.
  priceDates.forEach((date, d) => {
    const pending = pricesByDate[d] ?? [];
    for (let from = 0; from < pending.length; from += 1000) {
      addPriceRecords(store, date, pending.slice(from, from + 1000), false);
    }
  });

  // Movements: opening receipts 35 days ago, then 30 days of receipts, sales and transfers.
  const warehouseRefs = store.warehouses.map((w) => w.ref);
  const balance = new Float64Array(slots.length * warehouseRefs.length);
  const qtyFor = (slot: Slot, isWarehouse: boolean): number => {
    const scale = isWarehouse ? 5 : 1;
    return slot.isWeighted ? random.between(150, 40_000) / 1000 * scale : (1 + Math.floor(random.next() ** 2 * 120)) * scale;
  };
  const opening = now - 35 * day + 8 * 3_600_000;
  warehouseRefs.forEach((warehouseRef, w) => {
    const isWarehouse = store.warehouses[w]?.extra === 'warehouse';
    let lines: MovementLine[] = [];
    const flush = () => {
      if (lines.length === 0) return;
      addStockRecorder(store, 'receipt', opening + store.stockRecorders.length * 1000, lines);
      lines = [];
    };
    for (let s = 0; s < slots.length; s += 1) {
      const slot = slots[s] as Slot;
      if (!random.chance(w === 0 ? 0.95 : 0.8)) continue;
      const qty = qtyFor(slot, isWarehouse);
      balance[s * warehouseRefs.length + w] = qty;
      lines.push({ productRef: slot.product, characteristicRef: slot.characteristic, warehouseRef, qty });
      if (lines.length === 500) flush();
    }
    flush();
  });
  const activityLines = Math.max(20, Math.round(slots.length * 0.3));
  const docDates: number[] = [];
  for (let written = 0; written < activityLines; written += 20) docDates.push(now - 30 * day + random.int(30 * 86_400) * 1000);
  docDates.sort((a, b) => a - b);
  for (const date of docDates) {
    const roll = random.next();
    const kind: RecorderKind = roll < 0.5 ? 'shipment' : roll < 0.85 ? 'receipt' : 'transfer';
    const w = random.int(warehouseRefs.length);
    const to = (w + 1 + random.int(warehouseRefs.length - 1)) % warehouseRefs.length;
    const lines: MovementLine[] = [];
    const lineCount = 5 + random.int(31);
    for (let l = 0; l < lineCount; l += 1) {
      const s = random.int(slots.length);
      const slot = slots[s] as Slot;
      const at = s * warehouseRefs.length + w;
      const available = balance[at] ?? 0;
      if (kind === 'receipt') {
        const qty = qtyFor(slot, false);
        balance[at] = available + qty;
        lines.push({ productRef: slot.product, characteristicRef: slot.characteristic, warehouseRef: warehouseRefs[w] as string, qty });
        continue;
      }
      // Never ship or move more than is there: 1C's posting would refuse it.
      const wanted = slot.isWeighted ? random.between(100, 3000) / 1000 : 1 + random.int(5);
      const qty = Math.min(available, wanted);
      if (qty <= 0) continue;
      balance[at] = round3(available - qty);
      lines.push({ productRef: slot.product, characteristicRef: slot.characteristic, warehouseRef: warehouseRefs[w] as string, qty: -qty });
      if (kind === 'transfer') {
        const atTo = s * warehouseRefs.length + to;
        balance[atTo] = round3((balance[atTo] ?? 0) + qty);
        lines.push({ productRef: slot.product, characteristicRef: slot.characteristic, warehouseRef: warehouseRefs[to] as string, qty });
      }
    }
    if (lines.length > 0) addStockRecorder(store, kind, date, lines);
  }
  // Arrays grown by push keep up to 50% spare capacity; exact copies give it back.
  for (const columns of [store.movements, store.prices] as Record<string, unknown[]>[]) {
    for (const name of Object.keys(columns)) columns[name] = (columns[name] as unknown[]).slice();
  }
  return store;
}

export type MovementLine = { productRef: string; characteristicRef: string | null; warehouseRef: string; qty: number };

const round2 = (n: number) => Math.round(n * 100) / 100;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

function productName(sub: DemoSubgroup, random: SeededRandom): string {
  const line = random.pick(sub.lines);
  let name = random.pick(line.kinds);
  if (sub.brands.length > 0) {
    name += ` «${random.chance(0.3) ? random.pick(brandRoots) + random.pick(brandSuffixes) : random.pick(sub.brands)}»`;
  }
  name += ` ${random.pick(line.variants)}`;
  if (line.sizes.length > 0) name += ` ${random.pick(line.sizes)}`;
  return name;
}

/**
 * The serial-th EAN-13 of this infobase: "46" (GS1 Russia) + (a·serial + offset) mod 10¹⁰ + check
 * digit. a is coprime to 10, so the map is a bijection: unique codes without a lookup set.
 */
function demoLikeEan13(serial: number, offset: number): string {
  const modulus = 10_000_000_000;
  // 7,919·serial stays exact in a double for any serial we make (< 10⁶).
  const body = (7_919 * serial + offset) % modulus;
  const first12 = `46${String(body).padStart(10, '0')}`;
  return flat(`${first12}${ean13CheckDigit(first12)}`);
}

function addBarcodeRecord(store: EmulatorStore, record: BarcodeRecord): void {
  store.barcodes.push(record);
  store.barcodeByCode.set(record.code, record);
}

/**
 * The next document number: one counter per infobase, so a number is unique in every set. The
 * shape follows 1C's (УТ: infobase prefix + organisation prefix, "ТД00-000123"; УНФ "0000-000123").
 */
export function documentNumber(store: EmulatorStore): string {
  store.counters.document += 1;
  return `${store.profile === 'ut11' ? 'ТД00' : '0000'}-${String(store.counters.document).padStart(6, '0')}`;
}

/** Appends a posted document with its movements (one record set) and returns its ref. */
export function addStockRecorder(store: EmulatorStore, kind: RecorderKind, date: number, lines: readonly MovementLine[]): string {
  const m = store.movements;
  const recorder: Recorder = {
    ref: store.newRef(),
    kind,
    number: documentNumber(store),
    date: Math.floor(date / 1000) * 1000,
    version: store.nextVersion(),
    start: m.recorder.length,
    count: lines.length,
  };
  const index = store.stockRecorders.length;
  store.stockRecorders.push(recorder);
  store.recorderByRef.set(recorder.ref, { recorder, table: 'stock' });
  lines.forEach((line, i) => {
    m.recorder.push(index);
    m.line.push(i + 1);
    m.period.push(recorder.date);
    m.product.push(line.productRef);
    m.characteristic.push(line.characteristicRef);
    m.warehouse.push(line.warehouseRef);
    m.qty.push(round3(line.qty));
  });
  if (kind !== 'prices') {
    // The document behind the records: the same set serves generated and created documents.
    const expense = lines.find((l) => l.qty < 0);
    const receipt = lines.find((l) => l.qty > 0);
    const from = kind === 'transfer' ? expense : lines[0];
    const doc: StockDocument = {
      ref: recorder.ref,
      kind,
      number: recorder.number,
      date: recorder.date,
      posted: true,
      deletionMark: false,
      version: recorder.version,
      organizationRef: store.organizationRef,
      counterpartyRef: emptyGuid,
      warehouseRef: from?.warehouseRef ?? emptyGuid,
      warehouseToRef: kind === 'transfer' ? receipt?.warehouseRef ?? emptyGuid : emptyGuid,
      comment: '',
      lines: null,
      recorder,
      isCreated: false,
    };
    addStockDocument(store, doc);
  }
  store.revision += 1;
  return recorder.ref;
}

/** Adds a document by ref, and into its kind's list at the place of its ref in 1C's storage order. */
export function addStockDocument(store: EmulatorStore, doc: StockDocument): void {
  const list = store.documentsByKind[doc.kind];
  const last = list[list.length - 1];
  // The ref clock only grows, so generated documents go at the end without a search; a ref given
  // by a client may belong anywhere.
  if (!last || compareRefs(last.ref, doc.ref) < 0) list.push(doc);
  else {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRefs((list[mid] as StockDocument).ref, doc.ref) < 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, doc);
  }
  store.documents.set(doc.ref, doc);
  if (doc.isCreated) store.createdDocuments.push(doc);
  store.revision += 1;
}

/**
 * Replaces the records of a stock recorder (re-posting, unposting): its old rows leave the columns,
 * the new ones are appended with LineNumber 1..n and this Period. Linear in the number of records,
 * which is fine for writes made by tests and the demo.
 */
export function replaceStockRecords(store: EmulatorStore, recorder: Recorder, period: number, lines: readonly MovementLine[]): void {
  const m = store.movements;
  if (recorder.count > 0) {
    const { start, count } = recorder;
    for (const column of Object.values(m) as unknown[][]) column.splice(start, count);
    for (const other of store.stockRecorders) if (other.start > start) other.start -= count;
  }
  const index = store.stockRecorders.indexOf(recorder);
  recorder.start = m.recorder.length;
  recorder.count = lines.length;
  recorder.date = period;
  lines.forEach((line, i) => {
    m.recorder.push(index);
    m.line.push(i + 1);
    m.period.push(period);
    m.product.push(line.productRef);
    m.characteristic.push(line.characteristicRef);
    m.warehouse.push(line.warehouseRef);
    m.qty.push(round3(line.qty));
  });
  store.revision += 1;
}

type PriceLine = { product: string; characteristic: string | null; priceType: string; price: number };

/**
 * ut11: one УстановкаЦенНоменклатуры document with these lines (returns its ref). UNF: independent
 * records keyed by (Period, ВидЦен, Номенклатура, Характеристика); a record with the same key is
 * replaced, as writing an independent register record set does.
 */
export function addPriceRecords(store: EmulatorStore, period: number, lines: readonly PriceLine[], mayRepeatKeys = true): string | null {
  const p = store.prices;
  const at = Math.floor(period / 1000) * 1000;
  let recorderIndex = -1;
  let ref: string | null = null;
  if (store.profile === 'ut11') {
    const recorder: Recorder = { ref: store.newRef(), kind: 'prices', number: documentNumber(store), date: at, version: store.nextVersion(), start: p.recorder.length, count: lines.length };
    recorderIndex = store.priceRecorders.length;
    store.priceRecorders.push(recorder);
    store.recorderByRef.set(recorder.ref, { recorder, table: 'prices' });
    ref = recorder.ref;
  }
  lines.forEach((line, i) => {
    // The generator never repeats a key, so it skips this linear scan (it would be quadratic).
    if (store.profile === 'unf' && mayRepeatKeys) {
      for (let r = 0; r < p.product.length; r += 1) {
        if (p.period[r] === at && p.product[r] === line.product && p.priceType[r] === line.priceType && p.characteristic[r] === line.characteristic) {
          p.price[r] = line.price;
          return;
        }
      }
    }
    p.recorder.push(recorderIndex);
    p.line.push(i + 1);
    p.period.push(at);
    p.product.push(line.product);
    p.characteristic.push(line.characteristic);
    p.priceType.push(line.priceType);
    p.price.push(line.price);
  });
  store.revision += 1;
  return ref;
}

/** Aggregates movements into balances per (product, characteristic, warehouse); `before`: exclusive bound. */
export function computeBalances(store: EmulatorStore, before: number | null): Map<string, { product: string; characteristic: string | null; warehouse: string; qty: number }> {
  const m = store.movements;
  const result = new Map<string, { product: string; characteristic: string | null; warehouse: string; qty: number }>();
  for (let i = 0; i < m.product.length; i += 1) {
    if (before !== null && (m.period[i] as number) >= before) continue;
    const product = m.product[i] as string;
    const characteristic = m.characteristic[i] ?? null;
    const warehouse = m.warehouse[i] as string;
    const key = `${product}|${characteristic ?? ''}|${warehouse}`;
    const row = result.get(key);
    if (row) row.qty += m.qty[i] as number;
    else result.set(key, { product, characteristic, warehouse, qty: m.qty[i] as number });
  }
  for (const [key, row] of result) {
    row.qty = round3(row.qty);
    if (row.qty === 0) result.delete(key);
  }
  return result;
}

/** The latest price record per (product, characteristic, price type) with Period ≤ `atOrBefore` (SliceLast). */
export function sliceLastPrices(store: EmulatorStore, atOrBefore: number | null, first = false): number[] {
  const p = store.prices;
  const best = new Map<string, number>();
  for (let i = 0; i < p.product.length; i += 1) {
    const period = p.period[i] as number;
    if (atOrBefore !== null && period > atOrBefore) continue;
    const key = `${p.product[i]}|${p.characteristic[i] ?? ''}|${p.priceType[i]}`;
    const prev = best.get(key);
    // Ties (same Period) go to the later record, as a later document overrides at the same second.
    if (prev === undefined || (first ? period < (p.period[prev] as number) : period >= (p.period[prev] as number))) best.set(key, i);
  }
  return [...best.values()].sort((a, b) => a - b);
}
