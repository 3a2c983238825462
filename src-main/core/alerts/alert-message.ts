// The Russian text of an alert, written once when it fires and stored with it: the history keeps
// saying what the manager was told even after the product, warehouse or rule is renamed.
import { type AlertRuleRow } from './alert-rule';
import { missingCaseError } from '../errors/app-error';

const quantityFormat = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 3, useGrouping: true });

/** Formatted quantities by value: an alert storm formats the same few hundred values thousands of times. */
const formatted = new Map<number, string>();
const maxFormatted = 10_000;

/** Thousandths → «2», «2,5», «1 250», «-3» (quantities are integers of thousandths, architecture §3). */
export function formatQty(thousandths: number): string {
  const known = formatted.get(thousandths);
  if (known !== undefined) return known;
  // Russian uses a narrow no-break space as the group separator; a plain one reads the same in mail
  // clients that lack the glyph.
  const text = quantityFormat.format(thousandths / 1000).replace(/\u202f|\u00a0/g, ' ');
  if (formatted.size >= maxFormatted) formatted.clear();
  formatted.set(thousandths, text);
  return text;
}

export type AlertSubject = {
  productName: string;
  /** «шт», «кг»…; empty when the product has no unit. */
  unitName: string;
  warehouseName: string;
};

export function alertMessage(rule: Pick<AlertRuleRow, 'condition' | 'threshold'>, subject: AlertSubject, qty: number, minQty: number | null): string {
  const amount = (value: number): string => (subject.unitName === '' ? formatQty(value) : `${formatQty(value)} ${subject.unitName}`);
  const where = `на складе «${subject.warehouseName}»`;
  const threshold = rule.threshold ?? 0;
  switch (rule.condition) {
    case 'below':
      return `${subject.productName}: осталось ${amount(qty)} ${where} (порог ${formatQty(threshold)})`;
    case 'above':
      return `${subject.productName}: ${amount(qty)} ${where} — больше порога ${formatQty(threshold)}`;
    case 'equals':
      return `${subject.productName}: ровно ${amount(qty)} ${where} (порог ${formatQty(threshold)})`;
    case 'zero':
      return qty < 0
        ? `${subject.productName}: нет в наличии ${where} (остаток ${amount(qty)})`
        : `${subject.productName}: закончился ${where}`;
    case 'below_min':
      return `${subject.productName}: осталось ${amount(qty)} ${where} — меньше минимума ${formatQty(minQty ?? 0)}`;
    default:
      throw missingCaseError(rule.condition);
  }
}
