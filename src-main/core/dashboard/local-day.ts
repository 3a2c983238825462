// Calendar days in the store's local time zone (the PC's), as the contract's YYYY-MM-DD. Computed in
// JS with Date's local fields and passed to SQL as numbers: SQLite's 'localtime' would depend on the
// C library's idea of the zone, and a day is not always 24 hours (DST changes).

/** YYYY-MM-DD of the local day containing `ms`. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Epoch ms of local midnight starting the day `offset` days after the day containing `ms` (negative: before). */
export function localDayStart(ms: number, offset = 0): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + offset).getTime();
}

export type DayRange = { day: string; start: number; end: number };

/** The `count` local days ending with the day containing `ms` (oldest first), each as [start, end). */
export function lastDays(ms: number, count: number): DayRange[] {
  const out: DayRange[] = [];
  for (let offset = -(count - 1); offset <= 0; offset += 1) {
    const start = localDayStart(ms, offset);
    out.push({ day: localDay(start), start, end: localDayStart(ms, offset + 1) });
  }
  return out;
}
