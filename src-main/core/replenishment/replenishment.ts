// Replenishment rules (issue #6): what counts as sales, how min/max are suggested from them, how the
// ABC classes are cut, and the Russian availability texts. Suggestions are SQL expressions, so one
// rule serves a page of 100 rows and "accept every suggestion" over 200,000 products alike.
import { type AbcClass, type ReplenishmentSettings } from '../../../src-preload/contract';

export const dayMs = 86_400_000;

/**
 * Consumption = expense movements (qty_delta < 0) of the warehouse, EXCLUDING transfers (a recorder
 * type containing «Перемещение»: ПеремещениеТоваров in УТ, ПеремещениеЗапасов in УНФ). A transfer to
 * another store is not demand: counting it would raise this store's minimum for goods its customers
 * never bought, and the other store's sales are counted there. Write-offs stay in (spoilage is real
 * consumption that must be restocked). `m` is the movements alias; binds @since and @until.
 */
export function consumptionFilterSql(m: string): string {
  return `${m}.qty_delta < 0 AND ${m}.period >= @since AND ${m}.period < @until
    AND instr(coalesce(${m}.recorder_type, ''), 'Перемещение') = 0`;
}

/** Consumption (thousandths, ≥ 0) of product `p` at @warehouseId in the window, over movements_product_period. */
export function productConsumptionSql(p: string): string {
  // Unary + keeps SQLite off movements_warehouse_period: without ANALYZE statistics it would pick it
  // and read the warehouse's whole window for every product (seconds at 200,000 products).
  return `(SELECT coalesce(-sum(m.qty_delta), 0) FROM movements m
    WHERE m.product_id = ${p} AND +m.warehouse_id = @warehouseId AND ${consumptionFilterSql('m')})`;
}

/**
 * Suggested levels from consumption `c` (thousandths over @window days) for a product whose
 * is_weighted flag is `w`, binding @window, @cover (lead time + safety days) and @cycle (order cycle):
 *   avg           = c / window                      (reported rounded half up, thousandths per day)
 *   suggestedMin  = ceil(avg × cover)               (to whole units unless weighted)
 *   suggestedMax  = suggestedMin + ceil(avg × cycle) (same rounding)
 * Integer arithmetic throughout: ceil(a / b) = (a + b − 1) / b for a ≥ 0, so no float rounding.
 */
export function suggestionSql(c: string, w: string): { avg: string; min: string; max: string } {
  // CAST: a JS number is bound as REAL, and REAL division would not truncate.
  const window = 'CAST(@window AS INTEGER)';
  const unit = `(CASE WHEN ${w} THEN 1 ELSE 1000 END)`;
  const ceilTo = (numerator: string) => `(((${numerator}) + ${window} * ${unit} - 1) / (${window} * ${unit}) * ${unit})`;
  const min = ceilTo(`${c} * CAST(@cover AS INTEGER)`);
  return {
    avg: `((2 * ${c} + ${window}) / (2 * ${window}))`,
    min,
    max: `(${min} + ${ceilTo(`${c} * CAST(@cycle AS INTEGER)`)})`,
  };
}

/** The parameters suggestionSql and consumptionFilterSql bind, for a window ending at `now`. */
export function suggestionParams(settings: ReplenishmentSettings, now: number): { window: number; cover: number; cycle: number; since: number; until: number } {
  return {
    window: settings.salesWindowDays,
    cover: settings.leadTimeDays + settings.safetyDays,
    cycle: settings.orderCycleDays,
    since: now - settings.salesWindowDays * dayMs,
    until: now,
  };
}

/**
 * ABC classes by cumulative turnover share, largest first: class A while the cumulative share
 * including the product is ≤ abcAPercent, B while ≤ abcBPercent, C after. The top product is always A
 * (one product making 90 % of a store's turnover is its A product, not a B). Exact integer
 * comparisons: cumulative × 100 ≤ percent × total.
 */
export function abcClassOf(cumulative: number, total: number, isFirst: boolean, settings: Pick<ReplenishmentSettings, 'abcAPercent' | 'abcBPercent'>): AbcClass {
  if (isFirst || cumulative * 100 <= settings.abcAPercent * total) return 'A';
  if (cumulative * 100 <= settings.abcBPercent * total) return 'B';
  return 'C';
}

/** «сегодня», «завтра», «послезавтра», «через 5 дн.». */
export function etaWords(days: number): string {
  if (days <= 0) return 'сегодня';
  if (days === 1) return 'завтра';
  if (days === 2) return 'послезавтра';
  return `через ${days} дн.`;
}

export function otherStoreText(transferEtaDays: number): string {
  return `есть в другом магазине, перемещение ~ ${etaWords(transferEtaDays)}`;
}

export const supplierText = 'заказать у поставщика';

/** Rounds a quantity up to whole units unless the product is sold by weight. */
export function ceilToUnits(qty: number, isWeighted: boolean): number {
  return isWeighted ? qty : Math.ceil(qty / 1000) * 1000;
}

/** Rounds a quantity down to whole units unless the product is sold by weight (what can be given away). */
export function floorToUnits(qty: number, isWeighted: boolean): number {
  return isWeighted ? qty : Math.floor(qty / 1000) * 1000;
}
