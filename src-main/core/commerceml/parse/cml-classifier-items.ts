// Classifier entries (units, warehouses, price types, properties) from their captured trees. Groups
// are read by the document reader itself: they nest, so they are not captured as one tree.
import { type CmlPriceType, type CmlProperty, type CmlUnit, type CmlWarehouse } from './cml-entities';
import { type CmlNode, listOf, textOf } from './cml-node';
import { isMarkedDeleted, locationOf } from './cml-items';
import { normalizeRef } from './cml-values';

const refOf = (node: CmlNode): string | null => {
  const ref = normalizeRef(textOf(node, 'Ид') ?? '');
  return ref === '' ? null : ref;
};

export function toUnit(file: string, node: CmlNode): CmlUnit {
  return {
    ref: refOf(node),
    code: textOf(node, 'Код'),
    shortName: textOf(node, 'НаименованиеКраткое', 'Наименование'),
    fullName: textOf(node, 'НаименованиеПолное'),
    isDeleted: isMarkedDeleted(node),
    at: locationOf(file, node),
  };
}

export function toWarehouse(file: string, node: CmlNode): CmlWarehouse | null {
  const ref = refOf(node) ?? (node.attrs['ИдСклада'] ? normalizeRef(node.attrs['ИдСклада']) : null);
  if (ref === null) return null;
  return { ref, name: textOf(node, 'Наименование'), isDeleted: isMarkedDeleted(node), at: locationOf(file, node) };
}

export function toPriceType(file: string, node: CmlNode): CmlPriceType | null {
  const ref = refOf(node);
  if (ref === null) return null;
  return { ref, name: textOf(node, 'Наименование'), currency: textOf(node, 'Валюта'), isDeleted: isMarkedDeleted(node), at: locationOf(file, node) };
}

/** Свойство or 2.03's СвойствоНоменклатуры; Справочник values carry their own Ид (ИдЗначения). */
export function toProperty(file: string, node: CmlNode): CmlProperty | null {
  const ref = refOf(node);
  if (ref === null) return null;
  const values = listOf(node, 'ВариантыЗначений', 'Справочник')
    .map((v) => ({ ref: normalizeRef(textOf(v, 'ИдЗначения') ?? ''), value: textOf(v, 'Значение') ?? '' }))
    .filter((v) => v.ref !== '');
  return { ref, name: textOf(node, 'Наименование'), values, at: locationOf(file, node) };
}
