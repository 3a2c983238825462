// One file's entity events applied to the exchange: classifier entries into the side index, items
// into the stage. Decides what each element means for the mirror (commerceml.md §1.3, §2, §5):
// `product#variant` ids, deletion marks, full vs partial sections, prices in minor units, stock in
// thousandths per warehouse (or, when a file gives only a total, at this store's warehouse).
import { type CmlConsumer, type CmlOffer, type CmlProduct, type CmlSectionKind } from '../parse/cml-entities';
import { type CmlLocation } from '../parse/cml-location';
import { parseScaledDecimal } from '../parse/cml-values';
import { type WarningLog } from './import-report';
import { addClassifierUnit, addGroup, addPriceType, addProperty, addWarehouse, type ExchangeIndex, unitKeyOf } from './side-index';
import { type Located, type StageWriter } from './stage-writer';

export type FileOutcome = { version: string | null; onlyChanges: boolean | null };

export type ConsumerContext = {
  index: ExchangeIndex;
  writer: StageWriter;
  log: WarningLog;
  clock: () => number;
  /** Position of the file in the exchange (stage rows point back to it for warnings). */
  fileIndex: number;
};

/**
 * The name a variant gets: its traits' values («Бежевый, 42», as 1C names characteristics), else
 * its property values resolved through the classifier's Справочник, else the item's own name (rank 1).
 */
function variantName(index: ExchangeIndex, item: Pick<CmlOffer, 'traits' | 'properties' | 'name'>): { name: string | null; nameRank: 1 | 2 } {
  const traits = item.traits.map((t) => t.value).filter((v) => v !== '');
  if (traits.length > 0) return { name: traits.join(', '), nameRank: 2 };
  const values = item.properties.flatMap((p) => p.values.map((v) => index.propertyValues.get(v)).filter((v): v is string => v !== undefined && v !== ''));
  if (values.length > 0) return { name: values.join(', '), nameRank: 2 };
  return { name: item.name, nameRank: 1 };
}

export function createExchangeConsumer(ctx: ConsumerContext): { consumer: CmlConsumer; outcome(): FileOutcome } {
  const { index, writer, log } = ctx;
  const outcome: FileOutcome = { version: null, onlyChanges: null };
  let hasFlag = false;
  /** When 1C made the file: the period of its prices and the as-of time of its balances. */
  let stamp = ctx.clock();
  let hasStamp = false;
  let isStampWarned = false;
  let sectionKind: CmlSectionKind | null = null;
  let pricesUsed = new Set<string>();
  let stockUsed = new Set<string>();
  const located = (at: CmlLocation): Located => ({ file: ctx.fileIndex, line: at.line, column: at.column });

  const stampFor = (at: CmlLocation): number => {
    if (!hasStamp && !isStampWarned) {
      isStampWarned = true;
      log.warn(at, 'в файле нет даты формирования: цены и остатки приняты на момент загрузки');
    }
    return stamp;
  };

  const product = (p: CmlProduct): void => {
    const at = located(p.at);
    const unitKey = unitKeyOf(index, p.unit);
    const groupRef = p.groupRefs === null ? null : (p.groupRefs[0] ?? '');
    if (p.id.variantRef === null) {
      writer.product({ ...at, ref: p.id.productRef, name: p.name, code: p.code, article: p.article, groupRef, unitKey, vat: p.vatRate, isDeleted: p.isDeleted });
      if (p.name === null && !p.isDeleted) log.warn(p.at, `у товара ${p.id.raw} нет наименования`);
    } else {
      // 2.03/2.04 list each variant as its own Товар (commerceml.md §1.3): the characteristic, and the
      // product it belongs to when the file does not list that product itself.
      writer.characteristic({ ...at, ref: p.id.variantRef, productRef: p.id.productRef, ...variantName(index, p), isDeleted: p.isDeleted });
      if (!p.isDeleted) {
        writer.derivedProduct({ ...at, ref: p.id.productRef, name: p.name, code: null, article: p.article, groupRef, unitKey, vat: null, isDeleted: false });
      }
    }
    if (p.isDeleted) return;
    for (const barcode of p.barcodes) writer.barcode({ ...located(barcode.at), code: barcode.code, productRef: p.id.productRef, charRef: p.id.variantRef ?? '' });
  };

  const offer = (o: CmlOffer): void => {
    const productRef = o.id.productRef;
    const charRef = o.id.variantRef ?? '';
    if (o.id.variantRef !== null) {
      writer.characteristic({ ...located(o.at), ref: o.id.variantRef, productRef, ...variantName(index, o), isDeleted: o.isDeleted });
    } else if (o.isDeleted) writer.productDeleted(productRef, located(o.at));
    if (o.isDeleted) return;
    for (const barcode of o.barcodes) writer.barcode({ ...located(barcode.at), code: barcode.code, productRef, charRef });
    for (const price of o.prices) {
      if (price.priceTypeRef === '') {
        log.warn(price.at, `цена предложения ${o.id.raw} без вида цены (ИдТипаЦены) пропущена`);
        continue;
      }
      const amount = parseScaledDecimal(price.amount, 100);
      if (amount === null || amount.value < 0) {
        log.warn(price.at, `цена «${price.amount}» предложения ${o.id.raw} не распознана, пропущена`);
        continue;
      }
      // A price per package (Коэффициент > 1) is stored per base unit, as 1C's own prices are.
      const coefficient = parseScaledDecimal(price.coefficient, 1000);
      const perUnit = coefficient && coefficient.value > 0 && coefficient.value !== 1000 ? Math.round((amount.value * 1000) / coefficient.value) : amount.value;
      if (amount.isRounded) log.warn(price.at, `цена «${price.amount}» предложения ${o.id.raw} округлена до копеек`);
      pricesUsed.add(price.priceTypeRef);
      writer.price(productRef, charRef, price.priceTypeRef, perUnit, stampFor(price.at), ctx.fileIndex, price.at.line, price.at.column);
    }
    const rows = o.stock.length > 0 ? o.stock : o.total ? [{ warehouseRef: '', quantity: o.total.quantity, at: o.total.at }] : [];
    for (const row of rows) {
      const qty = parseScaledDecimal(row.quantity, 1000);
      if (qty === null) {
        log.warn(row.at, `количество «${row.quantity}» предложения ${o.id.raw} не распознано, остаток пропущен`);
        continue;
      }
      if (row.warehouseRef === '' && o.stock.length > 0) {
        log.warn(row.at, `остаток предложения ${o.id.raw} без склада (Ид) пропущен`);
        continue;
      }
      stockUsed.add(row.warehouseRef);
      writer.stock(productRef, charRef, row.warehouseRef, qty.value, stampFor(row.at), ctx.fileIndex, row.at.line, row.at.column);
    }
  };

  const consumer: CmlConsumer = {
    document(info) {
      outcome.version = info.version;
      if (info.generatedAt !== null) {
        // A file cannot be newer than now; a PC with a wrong clock must not push balances into the future.
        stamp = Math.min(info.generatedAt, ctx.clock());
        hasStamp = true;
      }
    },
    sectionStart(kind) {
      sectionKind = kind;
      pricesUsed = new Set();
      stockUsed = new Set();
    },
    sectionEnd(section) {
      sectionKind = null;
      if (!hasFlag && (section.kind !== 'classifier' || outcome.onlyChanges === null)) {
        outcome.onlyChanges = section.onlyChanges;
        hasFlag = section.kind !== 'classifier';
      }
      // Absent flag = full (commerceml.md §5). A header-only Каталог (no Товары) lists nothing and
      // must not empty the mirror (S-210, S-31 classifier.xml).
      const isFull = section.onlyChanges !== true && section.hasItems;
      if (section.kind === 'catalog' && isFull) index.isCatalogFull = true;
      if (section.kind === 'offers' && isFull) {
        for (const ref of pricesUsed) index.priceScope.add(ref);
        for (const ref of stockUsed) index.stockScope.add(ref);
      }
    },
    group: (group) => addGroup(index, group),
    unit: (unit) => addClassifierUnit(index, unit),
    warehouse: (warehouse) => addWarehouse(index, warehouse),
    priceType: (priceType) => addPriceType(index, priceType),
    property: (property) => addProperty(index, property),
    product: (p) => {
      if (sectionKind === 'catalog') product(p);
    },
    offer: (o) => {
      if (sectionKind === 'offers') offer(o);
    },
    skipped: (what, at) => log.warn(at, what),
  };
  return { consumer, outcome: () => outcome };
}
