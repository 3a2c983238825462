// The small lookups one exchange needs across its files (commerceml.md §10): the classifier's units,
// price types, warehouses, groups and property values, which catalogs and packages were full, and
// the date of each package. Classifier-sized (hundreds to a few thousand entries), never per product.
import { type CmlGroup, type CmlPriceType, type CmlProperty, type CmlUnit, type CmlUnitRef, type CmlWarehouse } from '../parse/cml-entities';
import { trimmed } from '../parse/cml-values';

/** A unit to find or create in the mirror: by OKEI code, else by 1C ref, else by name. */
export type UnitSpec = { key: string; okei: string | null; ref: string | null; name: string };

export type ExchangeIndex = {
  units: Map<string, UnitSpec>;
  /** Classifier units by Ид (3.1 writes the Ид as БазоваяЕдиница's text). */
  unitsByRef: Map<string, CmlUnit>;
  warehouses: Map<string, CmlWarehouse>;
  priceTypes: Map<string, CmlPriceType>;
  groups: Map<string, CmlGroup>;
  propertyValues: Map<string, string>;
  /** A full catalog listed products: the mirror's other products are removed. */
  isCatalogFull: boolean;
  /** Price types and warehouses (refs; '' = this store's) a full package gave: their other rows are removed. */
  priceScope: Set<string>;
  stockScope: Set<string>;
};

export function createExchangeIndex(): ExchangeIndex {
  return {
    units: new Map(),
    unitsByRef: new Map(),
    warehouses: new Map(),
    priceTypes: new Map(),
    groups: new Map(),
    propertyValues: new Map(),
    isCatalogFull: false,
    priceScope: new Set(),
    stockScope: new Set(),
  };
}

const lower = (text: string): string => text.toLowerCase().replace(/ё/g, 'е');

/** OKEI codes are digits; 1C pads them to a fixed width ('796 '). */
const okeiOf = (code: string | null | undefined): string | null => {
  const value = trimmed(code);
  return value ? value : null;
};

function remember(index: ExchangeIndex, spec: UnitSpec): string {
  const known = index.units.get(spec.key);
  // The first name wins unless it was only a code stand-in.
  if (!known || (known.name === known.okei && spec.name !== spec.okei)) index.units.set(spec.key, { ...spec, ref: spec.ref ?? known?.ref ?? null });
  else if (!known.ref && spec.ref) known.ref = spec.ref;
  return spec.key;
}

export function addClassifierUnit(index: ExchangeIndex, unit: CmlUnit): void {
  if (unit.ref) index.unitsByRef.set(unit.ref, unit);
  const okei = okeiOf(unit.code);
  const name = trimmed(unit.shortName) || trimmed(unit.fullName) || okei || unit.ref || '';
  if (okei) remember(index, { key: `okei:${okei}`, okei, ref: unit.ref, name });
  else if (unit.ref) remember(index, { key: `ref:${unit.ref}`, okei: null, ref: unit.ref, name });
  else if (name) remember(index, { key: `name:${lower(name)}`, okei: null, ref: null, name });
}

/**
 * The unit key of a product's БазоваяЕдиница: its code (`Код="796 "`), or the classifier unit its
 * text names (3.1), or its text as a name (`шт`, ≤2.05). Null when the product says nothing.
 */
export function unitKeyOf(index: ExchangeIndex, unit: CmlUnitRef | null): string | null {
  if (!unit) return null;
  const text = trimmed(unit.text);
  const declared = text ? index.unitsByRef.get(text) : undefined;
  const okei = okeiOf(unit.code) ?? okeiOf(declared?.code);
  const shortName = trimmed(unit.shortName);
  const name = (declared ? trimmed(declared.shortName) || trimmed(declared.fullName) : text) || shortName || trimmed(unit.fullName) || okei || '';
  if (okei) return remember(index, { key: `okei:${okei}`, okei, ref: declared?.ref ?? null, name });
  if (declared?.ref) return remember(index, { key: `ref:${declared.ref}`, okei: null, ref: declared.ref, name });
  if (name) return remember(index, { key: `name:${lower(name)}`, okei: null, ref: null, name });
  return null;
}

export function addProperty(index: ExchangeIndex, property: CmlProperty): void {
  for (const value of property.values) index.propertyValues.set(value.ref, value.value);
}

export function addGroup(index: ExchangeIndex, group: CmlGroup): void {
  index.groups.set(group.ref, group);
}

export function addWarehouse(index: ExchangeIndex, warehouse: CmlWarehouse): void {
  index.warehouses.set(warehouse.ref, warehouse);
}

export function addPriceType(index: ExchangeIndex, priceType: CmlPriceType): void {
  const known = index.priceTypes.get(priceType.ref);
  // A package repeats the classifier's types, sometimes with fewer fields: keep what is known.
  index.priceTypes.set(priceType.ref, { ...priceType, name: priceType.name ?? known?.name ?? null, currency: priceType.currency ?? known?.currency ?? null });
}
