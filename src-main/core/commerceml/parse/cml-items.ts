// Товар and Предложение trees to events. Element names follow the synonyms of commerceml.md §10:
// Штрихкод / ШтрихКод, the deletion mark as Статус attribute, Bitrix's Статус child or
// ПометкаУдаления, stock as Склад@КоличествоНаСкладе or Остатки/Остаток/Склад{Ид,Количество}.
import { type CmlBarcode, type CmlOffer, type CmlProduct, type CmlPropertyValue, type CmlStockRow, type CmlTrait, type CmlUnitRef } from './cml-entities';
import { type CmlLocation } from './cml-location';
import { type CmlNode, attrOrChild, child, childrenNamed, listOf, textOf } from './cml-node';
import { type ItemId, normalizeRef, parseBoolean, splitItemId } from './cml-values';

export const locationOf = (file: string, node: CmlNode): CmlLocation => ({ file, line: node.line, column: node.column });

/** Статус «Удален» (attribute, or the child Bitrix puts on offers) or ПометкаУдаления = true. */
export function isMarkedDeleted(node: CmlNode): boolean {
  const status = (node.attrs['Статус'] ?? textOf(node, 'Статус') ?? '').trim().toLowerCase().replace('ё', 'е');
  if (status === 'удален') return true;
  return parseBoolean(attrOrChild(node, 'ПометкаУдаления')) === true;
}

function barcodesOf(file: string, node: CmlNode): CmlBarcode[] {
  const nodes = [...childrenNamed(node, 'Штрихкод', 'ШтрихКод'), ...listOf(node, 'Штрихкоды', 'Штрихкод', 'ШтрихКод')];
  return nodes.map((n) => ({ code: n.text.trim(), at: locationOf(file, n) })).filter((b) => b.code !== '');
}

function traitsOf(node: CmlNode): CmlTrait[] {
  return listOf(node, 'ХарактеристикиТовара', 'ХарактеристикаТовара')
    .map((t) => ({ name: textOf(t, 'Наименование') ?? '', value: textOf(t, 'Значение') ?? '' }))
    .filter((t) => t.name !== '' || t.value !== '');
}

function propertiesOf(node: CmlNode): CmlPropertyValue[] {
  return listOf(node, 'ЗначенияСвойств', 'ЗначенияСвойства')
    .map((p) => ({ ref: normalizeRef(textOf(p, 'Ид') ?? ''), values: childrenNamed(p, 'Значение', 'ИдЗначения').map((v) => v.text.trim()).filter((v) => v !== '') }))
    .filter((p) => p.ref !== '');
}

function unitOf(file: string, node: CmlNode): CmlUnitRef | null {
  const unit = child(node, 'БазоваяЕдиница');
  if (!unit) return null;
  const text = unit.text.trim();
  return {
    code: unit.attrs['Код'] ?? null,
    text: text === '' ? null : text,
    shortName: unit.attrs['НаименованиеКраткое'] ?? null,
    fullName: unit.attrs['НаименованиеПолное'] ?? null,
    at: locationOf(file, unit),
  };
}

/** ЗначенияРеквизитов/ЗначениеРеквизита by name (Код, Артикул as requisites in some exports). */
function requisite(node: CmlNode, name: string): string | null {
  for (const r of listOf(node, 'ЗначенияРеквизитов', 'ЗначениеРеквизита')) {
    if (textOf(r, 'Наименование') === name) return textOf(r, 'Значение');
  }
  return null;
}

/** '20' → '20%' as the mirror writes rates; 'Без налога' → 'Без НДС'; other text as is. */
function vatOf(node: CmlNode): string | null {
  for (const rate of listOf(node, 'СтавкиНалогов', 'СтавкаНалога')) {
    if (!/ндс/i.test(textOf(rate, 'Наименование') ?? '')) continue;
    const value = (textOf(rate, 'Ставка') ?? '').replace(/%$/, '').trim();
    if (value === '') return null;
    if (/^\d+([.,]\d+)?$/.test(value)) return `${value.replace(',', '.')}%`;
    return /без/i.test(value) ? 'Без НДС' : value;
  }
  return null;
}

function common(file: string, node: CmlNode, id: ItemId) {
  return {
    id,
    name: textOf(node, 'Наименование'),
    barcodes: barcodesOf(file, node),
    traits: traitsOf(node),
    properties: propertiesOf(node),
    unit: unitOf(file, node),
    isDeleted: isMarkedDeleted(node),
    at: locationOf(file, node),
  };
}

/** A catalog Товар; null when it has no usable Ид (the caller warns). */
export function toProduct(file: string, node: CmlNode): CmlProduct | null {
  const id = splitItemId(textOf(node, 'Ид'));
  if (!id) return null;
  const groups = child(node, 'Группы');
  return {
    ...common(file, node, id),
    code: textOf(node, 'Код') ?? requisite(node, 'Код'),
    article: textOf(node, 'Артикул') ?? requisite(node, 'Артикул'),
    groupRefs: groups ? childrenNamed(groups, 'Ид').map((g) => normalizeRef(g.text)).filter((g) => g !== '') : null,
    vatRate: vatOf(node),
  };
}

function stockOf(file: string, node: CmlNode): { stock: CmlStockRow[]; total: CmlOffer['total'] } {
  const stock: CmlStockRow[] = [];
  let total: CmlOffer['total'] = null;
  // 2.07–2.10: <Склад ИдСклада="…" КоличествоНаСкладе="…"/>, directly or inside Склады.
  for (const s of [...childrenNamed(node, 'Склад'), ...listOf(node, 'Склады', 'Склад')]) {
    const ref = s.attrs['ИдСклада'];
    if (ref !== undefined) stock.push({ warehouseRef: normalizeRef(ref), quantity: s.attrs['КоличествоНаСкладе'] ?? '', at: locationOf(file, s) });
  }
  // 2.09+/3.1 rests files: Остатки/Остаток/Склад{Ид,Количество}; an Остаток without Склад is a total.
  for (const rest of listOf(node, 'Остатки', 'Остаток')) {
    const warehouses = childrenNamed(rest, 'Склад');
    for (const s of warehouses) {
      stock.push({ warehouseRef: normalizeRef(textOf(s, 'Ид') ?? s.attrs['ИдСклада'] ?? ''), quantity: textOf(s, 'Количество') ?? '', at: locationOf(file, s) });
    }
    const quantity = textOf(rest, 'Количество');
    if (warehouses.length === 0 && quantity !== null) total = { quantity, at: locationOf(file, rest) };
  }
  const count = child(node, 'Количество');
  if (count && total === null) total = { quantity: count.text.trim(), at: locationOf(file, count) };
  return { stock, total };
}

/** A Предложение; null when it has no usable Ид. */
export function toOffer(file: string, node: CmlNode): CmlOffer | null {
  const id = splitItemId(textOf(node, 'Ид'));
  if (!id) return null;
  const prices = listOf(node, 'Цены', 'Цена').map((p) => ({
    priceTypeRef: normalizeRef(textOf(p, 'ИдТипаЦены') ?? ''),
    amount: textOf(p, 'ЦенаЗаЕдиницу', 'Цена') ?? '',
    currency: textOf(p, 'Валюта'),
    coefficient: textOf(p, 'Коэффициент'),
    at: locationOf(file, p),
  }));
  return { ...common(file, node, id), prices, ...stockOf(file, node) };
}
