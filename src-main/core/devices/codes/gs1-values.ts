// Meaning of GS1 values: dates (YYMMDD with the GS1 century rule and DD = 00), date-times, and
// decimal measures (310n net weight, 392n price).

export type Gs1Date = {
  /** ISO date. When the code gives only year and month (DD = 00) this is the month's last day. */
  iso: string;
  /** The code said DD = 00: only year and month are known. */
  isMonthOnly: boolean;
};

/**
 * The full year for a two-digit GS1 year (GS1 General Specifications §7.12): the century is the one
 * that puts the year within 49 years back or 50 years ahead of `currentYear`.
 */
export function gs1FullYear(yy: number, currentYear: number): number {
  const century = Math.floor(currentYear / 100) * 100;
  const difference = yy - (currentYear % 100);
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const two = (n: number) => String(n).padStart(2, '0');

/** YYMMDD → date, or null when the month or day does not exist. `now` picks the century. */
export function parseGs1Date(value: string, now: number): Gs1Date | null {
  if (!/^[0-9]{6}$/.test(value)) return null;
  const year = gs1FullYear(Number(value.slice(0, 2)), new Date(now).getUTCFullYear());
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  if (month < 1 || month > 12) return null;
  const lastDay = daysInMonth(year, month);
  if (day > lastDay) return null;
  const isMonthOnly = day === 0;
  return { iso: `${year}-${two(month)}-${two(isMonthOnly ? lastDay : day)}`, isMonthOnly };
}

/** YYMMDDhhmm → "YYYY-MM-DDThh:mm", or null when any part is out of range (DD = 00 not allowed here). */
export function parseGs1DateTime(value: string, now: number): string | null {
  if (!/^[0-9]{10}$/.test(value)) return null;
  const date = parseGs1Date(value.slice(0, 6), now);
  const hours = Number(value.slice(6, 8));
  const minutes = Number(value.slice(8, 10));
  if (date === null || date.isMonthOnly || hours > 23 || minutes > 59) return null;
  return `${date.iso}T${value.slice(6, 8)}:${value.slice(8, 10)}`;
}

/**
 * An integer number of `unitDecimals`-th parts from digits with `decimals` implied decimals,
 * rounded half up: ("000500", 3 decimals) → 500 thousandths (grams when the unit is kg).
 */
export function scaleDecimal(value: string, decimals: number, unitDecimals: number): number {
  const integer = Number(value);
  if (decimals <= unitDecimals) return integer * 10 ** (unitDecimals - decimals);
  return Math.round(integer / 10 ** (decimals - unitDecimals));
}
