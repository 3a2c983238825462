// The per-entity events of a CommerceML stream. Values stay as written (decimal strings, raw codes):
// the import decides what they mean for the mirror and warns with the location kept here. `null`
// means "not in the file" (keep what the mirror has), '' means "present and empty".
import { type CmlLocation } from './cml-location';
import { type ItemId } from './cml-values';

export type CmlDocumentInfo = {
  /** `ВерсияСхемы` as written ('2.04', '3.1'); null when absent. */
  version: string | null;
  /** `ДатаФормирования` as epoch ms (local time when no zone); null when absent or unreadable. */
  generatedAt: number | null;
  generatedAtRaw: string | null;
  at: CmlLocation;
};

export type CmlSectionKind = 'classifier' | 'catalog' | 'offers';

/** A Классификатор, Каталог or ПакетПредложений (also ИзмененияПакетаПредложений), reported at its end. */
export type CmlSection = {
  kind: CmlSectionKind;
  ref: string | null;
  /** ИдКаталога of a package; the catalog's own Ид for a catalog. */
  catalogRef: string | null;
  /** СодержитТолькоИзменения, as attribute (2.04+) or trailing child element (2.03); null when absent. */
  onlyChanges: boolean | null;
  /** Whether it had a Товары / Предложения list at all (a header-only Каталог lists nothing). */
  hasItems: boolean;
  at: CmlLocation;
};

export type CmlGroup = { ref: string; parentRef: string | null; name: string | null; isDeleted: boolean; at: CmlLocation };

export type CmlUnit = { ref: string | null; code: string | null; shortName: string | null; fullName: string | null; isDeleted: boolean; at: CmlLocation };

export type CmlWarehouse = { ref: string; name: string | null; isDeleted: boolean; at: CmlLocation };

export type CmlPriceType = { ref: string; name: string | null; currency: string | null; isDeleted: boolean; at: CmlLocation };

/** A Свойство (2.04+) or СвойствоНоменклатуры (2.03) with its Справочник values. */
export type CmlProperty = { ref: string; name: string | null; values: { ref: string; value: string }[]; at: CmlLocation };

/** `БазоваяЕдиница`: text (a short name ≤2.05, empty 2.07, a unit Ид in 3.1) and attributes. */
export type CmlUnitRef = { code: string | null; text: string | null; shortName: string | null; fullName: string | null; at: CmlLocation };

/** `ХарактеристикаТовара`: a variant's trait (Цвет = Бежевый). */
export type CmlTrait = { name: string; value: string };

/** `ЗначенияСвойства`: a property Ид and its value(s), literal or a Справочник value Ид. */
export type CmlPropertyValue = { ref: string; values: string[] };

export type CmlBarcode = { code: string; at: CmlLocation };

type CmlItemCommon = {
  id: ItemId;
  name: string | null;
  barcodes: CmlBarcode[];
  traits: CmlTrait[];
  properties: CmlPropertyValue[];
  unit: CmlUnitRef | null;
  /** Статус="Удален" (attribute or Bitrix child element) or ПометкаУдаления = true. */
  isDeleted: boolean;
  at: CmlLocation;
};

export type CmlProduct = CmlItemCommon & {
  code: string | null;
  article: string | null;
  /** Группы/Ид in order; null when the product has no Группы element. */
  groupRefs: string[] | null;
  /** НДС rate as the mirror writes it ('20%', 'Без НДС'); null when absent. */
  vatRate: string | null;
};

export type CmlPrice = { priceTypeRef: string; amount: string; currency: string | null; coefficient: string | null; at: CmlLocation };

/** One warehouse's quantity: Склад@КоличествоНаСкладе or Остатки/Остаток/Склад{Ид,Количество}. */
export type CmlStockRow = { warehouseRef: string; quantity: string; at: CmlLocation };

export type CmlOffer = CmlItemCommon & {
  prices: CmlPrice[];
  stock: CmlStockRow[];
  /** `Количество` (or an Остаток without a warehouse): the total, used when no warehouse is given. */
  total: { quantity: string; at: CmlLocation } | null;
};

/** What a reader of one file calls, in document order. */
export type CmlConsumer = {
  document(info: CmlDocumentInfo): void;
  sectionStart(kind: CmlSectionKind, at: CmlLocation): void;
  sectionEnd(section: CmlSection): void;
  group(group: CmlGroup): void;
  unit(unit: CmlUnit): void;
  warehouse(warehouse: CmlWarehouse): void;
  priceType(priceType: CmlPriceType): void;
  property(property: CmlProperty): void;
  product(product: CmlProduct): void;
  offer(offer: CmlOffer): void;
  /** Orders, counterparties and other documents: not part of a catalog import. */
  skipped(what: string, at: CmlLocation): void;
};
