// How values are written in a CommerceML file: decimals with '.', money from kopecks with two
// digits (`340.00`, as in the 2.03 official order example and Bitrix's 2.05 replies), quantities from
// thousandths without trailing zeros, dates and times as the store's wall clock (commerceml.md §1.4).

/** Kopecks → `1234.50`; exact for any integer (no floating point). */
export function formatMoney(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Thousandths → `2`, `1.5`, `0.125`: 1C reads any decimal, and weighted goods need three digits. */
export function formatQty(thousandths: number): string {
  const sign = thousandths < 0 ? '-' : '';
  const abs = Math.abs(thousandths);
  const whole = Math.trunc(abs / 1000);
  const fraction = String(abs % 1000).padStart(3, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

export type WallClock = { date: string; time: string };

/**
 * An instant as the store's wall clock: `2024-05-01` and `14:30:00`. 1C reads Дата/Время without a
 * zone as its own local time, so the zone is the PC's (or the one a test passes).
 */
export function wallClock(epochMs: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}:${part('second')}` };
}

/** The PC's time zone (IANA name). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
