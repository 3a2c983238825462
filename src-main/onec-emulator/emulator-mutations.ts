// Changes tests make "in 1C" between sync runs, and the normalised truth they compare against.
// Every write bumps the object's DataVersion (as 1C does on every write, even a no-op: P8).
import {
  addPriceRecords,
  addStockRecorder,
  computeBalances,
  type EmulatorStore,
  type NomenclatureItem,
  refSortKey,
  type SimpleCatalogItem,
  sliceLastPrices,
} from './emulator-data';
import { type CounterpartyMutations, createCounterpartyMutations } from './emulator-counterparty-mutations';

export type EmulatorSnapshot = {
  warehouses: { ref: string; name: string; deletionMark: boolean }[];
  groups: { ref: string; parentRef: string | null; name: string; deletionMark: boolean }[];
  units: { ref: string; name: string; okei: string }[];
  products: { ref: string; code: string; name: string; article: string; unitRef: string; parentRef: string | null; isWeighted: boolean; deletionMark: boolean }[];
  characteristics: { ref: string; ownerRef: string; name: string; deletionMark: boolean }[];
  barcodes: { code: string; productRef: string; characteristicRef: string | null }[];
  priceTypes: { ref: string; name: string }[];
  /** The latest record per (product, characteristic, price type): what SliceLast() returns. */
  prices: { productRef: string; characteristicRef: string | null; priceTypeRef: string; price: number; period: number }[];
  /** What Balance() returns: non-zero totals per (product, characteristic, warehouse). */
  balances: { productRef: string; characteristicRef: string | null; warehouseRef: string; qty: number }[];
  /** Every stock register record; qty is signed (Expense negative). */
  movements: { recorderRef: string; lineNumber: number; period: number; productRef: string; characteristicRef: string | null; warehouseRef: string; qty: number }[];
};

export type NewProduct = {
  name: string;
  code?: string;
  article?: string;
  unitRef?: string;
  parentRef?: string | null;
  isWeighted?: boolean;
  /** A given ref (lower-case GUID); default: a new 1C-like ref. */
  ref?: string;
};

export type ProductPatch = Partial<Pick<NewProduct, 'name' | 'code' | 'article' | 'unitRef' | 'parentRef' | 'isWeighted'>>;

export type MovementInput = {
  productRef: string;
  characteristicRef?: string | null;
  warehouseRef: string;
  /** Signed: a receipt is positive, an expense negative. */
  qty: number;
  /** Epoch ms; default: now. */
  period?: number;
};

export type EmulatorMutations = CounterpartyMutations & {
  /** Adds a catalog item (not a group); returns its ref. */
  addProduct(input: NewProduct): string;
  addGroup(input: { name: string; parentRef?: string | null }): string;
  changeProduct(ref: string, patch: ProductPatch): void;
  /** Sets the deletion mark of any catalog element (product, group, warehouse, characteristic, counterparty…). */
  markDeleted(ref: string, isDeleted?: boolean): void;
  /** Physical deletion, as OData DELETE does it: references to it elsewhere stay dangling (§3.3). */
  removeProduct(ref: string): void;
  addWarehouse(name: string): string;
  addCharacteristic(ownerRef: string, name: string): string;
  addBarcode(input: { code: string; productRef: string; characteristicRef?: string | null }): void;
  removeBarcode(code: string): void;
  /** ut11: a new УстановкаЦенНоменклатуры document; УНФ: an independent record (same key → replaced). */
  setPrice(input: { productRef: string; characteristicRef?: string | null; priceTypeRef: string; price: number; period?: number }): void;
  /** Posts a new document with these movements (one record set); returns the recorder's ref. */
  postMovement(input: MovementInput | readonly MovementInput[]): string;
  /**
   * Makes the total balance of (product, characteristic, warehouse) exactly `qty` with a correcting
   * document posted now (a receipt when it adds, a write-off when it takes away); returns its ref,
   * or null when the balance already is `qty`.
   */
  setBalance(productRef: string, characteristicRef: string | null, warehouseRef: string, qty: number): string | null;
};

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createMutations(store: EmulatorStore): EmulatorMutations {
  const touch = () => {
    store.revision += 1;
    return store.nextVersion();
  };
  const product = (ref: string): NomenclatureItem => {
    const item = store.nomenclatureByRef.get(ref);
    if (!item) throw new RangeError(`Нет элемента номенклатуры ${ref}`);
    return item;
  };
  const insertNomenclature = (item: NomenclatureItem) => {
    // Keep 1C's storage order: new refs are later in time and land at the end; a given ref may not.
    const key = refSortKey(item.ref);
    let lo = 0;
    let hi = store.nomenclature.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (refSortKey((store.nomenclature[mid] as NomenclatureItem).ref) < key) lo = mid + 1;
      else hi = mid;
    }
    store.nomenclature.splice(lo, 0, item);
    store.nomenclatureByRef.set(item.ref, item);
  };
  const nextProductCode = () => {
    store.counters.product += 1;
    return `${store.profile === 'ut11' ? 'УТ-' : '00-'}${String(store.counters.product).padStart(8, '0')}`;
  };
  const addSimple = (list: SimpleCatalogItem[], name: string, code: string, extra: string): string => {
    const item: SimpleCatalogItem = { ref: store.newRef(), code, name, deletionMark: false, version: touch(), extra, extra2: '' };
    list.push(item);
    store.catalogByRef.set(item.ref, item);
    return item.ref;
  };

  return {
    ...createCounterpartyMutations(store),
    addProduct(input) {
      const ref = input.ref?.toLowerCase() ?? store.newRef();
      if (!guidPattern.test(ref) || store.nomenclatureByRef.has(ref)) throw new RangeError(`Недопустимая или занятая ссылка ${ref}`);
      insertNomenclature({
        ref,
        isFolder: false,
        code: input.code ?? nextProductCode(),
        name: input.name,
        article: input.article ?? '',
        unitRef: input.unitRef ?? store.units[0]?.ref ?? '',
        parentRef: input.parentRef ?? null,
        isWeighted: input.isWeighted ?? false,
        deletionMark: false,
        version: touch(),
      });
      return ref;
    },
    addGroup(input) {
      const ref = store.newRef();
      insertNomenclature({ ref, isFolder: true, code: nextProductCode(), name: input.name, article: '', unitRef: '', parentRef: input.parentRef ?? null, isWeighted: false, deletionMark: false, version: touch() });
      return ref;
    },
    changeProduct(ref, patch) {
      const item = product(ref);
      if (patch.name !== undefined) item.name = patch.name;
      if (patch.code !== undefined) item.code = patch.code;
      if (patch.article !== undefined) item.article = patch.article;
      if (patch.unitRef !== undefined) item.unitRef = patch.unitRef;
      if (patch.parentRef !== undefined) item.parentRef = patch.parentRef;
      if (patch.isWeighted !== undefined) item.isWeighted = patch.isWeighted;
      item.version = touch();
    },
    markDeleted(ref, isDeleted = true) {
      const item = store.nomenclatureByRef.get(ref) ?? store.catalogByRef.get(ref) ?? store.counterpartyByRef.get(ref);
      if (!item) throw new RangeError(`Нет элемента справочника ${ref}`);
      item.deletionMark = isDeleted;
      item.version = touch();
    },
    removeProduct(ref) {
      const item = product(ref);
      store.nomenclature.splice(store.nomenclature.indexOf(item), 1);
      store.nomenclatureByRef.delete(ref);
      touch();
    },
    addWarehouse(name) {
      store.counters.warehouse += 1;
      return addSimple(store.warehouses, name, String(store.counters.warehouse).padStart(9, '0'), 'store');
    },
    addCharacteristic(ownerRef, name) {
      product(ownerRef);
      store.counters.characteristic += 1;
      return addSimple(store.characteristics, name, String(store.counters.characteristic).padStart(9, '0'), ownerRef);
    },
    addBarcode(input) {
      // The register's key is Штрихкод: a second record with the same code is refused (P9: 400).
      if (store.barcodeByCode.has(input.code)) throw new RangeError(`Штрихкод ${input.code} уже есть`);
      const record = { code: input.code, productRef: input.productRef, characteristicRef: input.characteristicRef ?? null, packageRef: null };
      store.barcodes.push(record);
      store.barcodeByCode.set(record.code, record);
      touch();
    },
    removeBarcode(code) {
      const record = store.barcodeByCode.get(code);
      if (!record) throw new RangeError(`Нет штрихкода ${code}`);
      store.barcodes.splice(store.barcodes.indexOf(record), 1);
      store.barcodeByCode.delete(code);
      touch();
    },
    setPrice(input) {
      addPriceRecords(store, input.period ?? nowInWholeSeconds(), [
        { product: input.productRef, characteristic: input.characteristicRef ?? null, priceType: input.priceTypeRef, price: input.price },
      ]);
      touch();
    },
    postMovement(input) {
      const lines = Array.isArray(input) ? input : [input as MovementInput];
      if (lines.length === 0) throw new RangeError('Движение без строк');
      const period = lines[0]?.period ?? nowInWholeSeconds();
      const ref = addStockRecorder(
        store,
        (lines[0]?.qty ?? 0) < 0 ? 'shipment' : 'receipt',
        period,
        lines.map((l) => ({ productRef: l.productRef, characteristicRef: l.characteristicRef ?? null, warehouseRef: l.warehouseRef, qty: l.qty })),
      );
      touch();
      return ref;
    },
    setBalance(productRef, characteristicRef, warehouseRef, qty) {
      if (!Number.isFinite(qty)) throw new RangeError(`Недопустимый остаток ${qty}`);
      const current = computeBalances(store, null).get(`${productRef}|${characteristicRef ?? ''}|${warehouseRef}`)?.qty ?? 0;
      const delta = Math.round((qty - current) * 1000) / 1000;
      if (delta === 0) return null;
      const ref = addStockRecorder(store, delta > 0 ? 'receipt' : 'writeoff', nowInWholeSeconds(), [{ productRef, characteristicRef, warehouseRef, qty: delta }]);
      touch();
      return ref;
    },
  };
}

export function takeSnapshot(store: EmulatorStore): EmulatorSnapshot {
  const nom = store.nomenclature;
  const p = store.prices;
  const m = store.movements;
  return {
    warehouses: store.warehouses.map((w) => ({ ref: w.ref, name: w.name, deletionMark: w.deletionMark })),
    groups: nom.filter((i) => i.isFolder).map((g) => ({ ref: g.ref, parentRef: g.parentRef, name: g.name, deletionMark: g.deletionMark })),
    units: store.units.map((u) => ({ ref: u.ref, name: u.name, okei: u.extra })),
    products: nom
      .filter((i) => !i.isFolder)
      .map((i) => ({ ref: i.ref, code: i.code, name: i.name, article: i.article, unitRef: i.unitRef, parentRef: i.parentRef, isWeighted: i.isWeighted, deletionMark: i.deletionMark })),
    characteristics: store.characteristics.map((c) => ({ ref: c.ref, ownerRef: c.extra, name: c.name, deletionMark: c.deletionMark })),
    barcodes: store.barcodes.map((b) => ({ code: b.code, productRef: b.productRef, characteristicRef: b.characteristicRef })),
    priceTypes: store.priceTypes.map((t) => ({ ref: t.ref, name: t.name })),
    prices: sliceLastPrices(store, null).map((i) => ({
      productRef: p.product[i] as string,
      characteristicRef: p.characteristic[i] ?? null,
      priceTypeRef: p.priceType[i] as string,
      price: p.price[i] as number,
      period: p.period[i] as number,
    })),
    balances: [...computeBalances(store, null).values()].map((b) => ({ productRef: b.product, characteristicRef: b.characteristic, warehouseRef: b.warehouse, qty: b.qty })),
    movements: m.product.map((productRef, i) => ({
      recorderRef: (store.stockRecorders[m.recorder[i] as number] as { ref: string }).ref,
      lineNumber: m.line[i] as number,
      period: m.period[i] as number,
      productRef,
      characteristicRef: m.characteristic[i] ?? null,
      warehouseRef: m.warehouse[i] as string,
      qty: m.qty[i] as number,
    })),
  };
}

/** 1C keeps periods to the second; a default with milliseconds would make the snapshot disagree with the wire. */
function nowInWholeSeconds(): number {
  return Math.floor(Date.now() / 1000) * 1000;
}
