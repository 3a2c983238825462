/** The history filters as the user set them; dates are the inputs' local "YYYY-MM-DD" values. */
export type HistoryFilters = {
  ruleId: string | null;
  product: { id: number; name: string } | null;
  warehouseId: number | null;
  fromDay: string;
  toDay: string;
};

export const emptyHistoryFilters: HistoryFilters = { ruleId: null, product: null, warehouseId: null, fromDay: '', toDay: '' };

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight at the start of a "YYYY-MM-DD" day, or undefined for an empty or broken value. */
export function dayStart(day: string): number | undefined {
  const match = dayPattern.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
}

/** The last millisecond of a local day: "to 5 May" includes everything fired on 5 May. */
export function dayEnd(day: string): number | undefined {
  const match = dayPattern.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1).getTime() - 1;
}

/** alerts.events.list's filter fields for these filters (absent ones left out). */
export function historyQuery(filters: HistoryFilters) {
  return {
    ruleId: filters.ruleId ?? undefined,
    productId: filters.product?.id,
    warehouseId: filters.warehouseId ?? undefined,
    from: dayStart(filters.fromDay),
    to: dayEnd(filters.toDay),
  };
}
