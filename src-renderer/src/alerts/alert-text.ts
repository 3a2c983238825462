import { type TFunction } from 'i18next';
import { type AlertChannel, type AlertCondition, type AlertRule } from '../../../src-preload/contract';
import { type StockFormatters } from '../stock/stock-format';

/** Conditions that compare with a threshold the user types. */
export function isThresholdNeeded(condition: AlertCondition): boolean {
  return condition === 'below' || condition === 'above' || condition === 'equals';
}

/** «Товар: Молоко», «Склад: Магазин 1», «Все товары» (+ «на складе …» when a warehouse narrows it). */
export function scopeText(t: TFunction, rule: Pick<AlertRule, 'scope' | 'productName' | 'groupName' | 'warehouseName'>): string {
  const dash = t('stock.noValue');
  const base =
    rule.scope === 'product'
      ? t('alerts.scopeText.product', { name: rule.productName ?? dash })
      : rule.scope === 'group'
        ? t('alerts.scopeText.group', { name: rule.groupName ?? dash })
        : rule.scope === 'warehouse'
          ? t('alerts.scopeText.warehouse', { name: rule.warehouseName ?? dash })
          : t('alerts.scopeText.all');
  return rule.scope !== 'warehouse' && rule.warehouseName ? `${base}, ${t('alerts.scopeText.onWarehouse', { name: rule.warehouseName })}` : base;
}

/** «ниже 5», «достиг нуля», «ниже минимума». */
export function conditionText(t: TFunction, format: StockFormatters, rule: Pick<AlertRule, 'condition' | 'threshold'>): string {
  if (isThresholdNeeded(rule.condition) && rule.threshold !== null) {
    return t(`alerts.conditionText.${rule.condition}`, { qty: format.qty(rule.threshold) });
  }
  return t(`alerts.conditions.${rule.condition}`);
}

// Records rather than arrays, so the compiler reports a condition or channel added to the contract
// but missing here (the renderer imports only types from the contract, not its runtime lists).
const conditionOrder = { below: 0, above: 1, equals: 2, zero: 3, below_min: 4 } satisfies Record<AlertCondition, number>;
const channelOrder = { desktop: 0, email: 1, webhook: 2 } satisfies Record<AlertChannel, number>;

export const conditionList = (Object.keys(conditionOrder) as AlertCondition[]).sort((a, b) => conditionOrder[a] - conditionOrder[b]);
export const channelList = (Object.keys(channelOrder) as AlertChannel[]).sort((a, b) => channelOrder[a] - channelOrder[b]);

export function isAlertCondition(value: string): value is AlertCondition {
  return Object.hasOwn(conditionOrder, value);
}
