// CSV for Excel in a Russian locale: Excel opens a double-clicked .csv with the system list
// separator (";" in ru-RU) and reads numbers with a decimal comma; without the BOM it guesses the
// encoding as Windows-1251 and Cyrillic turns into mojibake.

/** A cell: text as is, a number written with a decimal comma, null as an empty field. */
export type CsvCell = string | number | null;

const separator = ';';
const lineBreak = '\r\n';
const byteOrderMark = '\uFEFF';
/** Text starting with these is run as a formula by Excel (CSV injection); a leading ' keeps it text. */
const formulaStart = /^[=+@\t\r]/;

/** A number with the Russian decimal comma and no grouping: 1234.5 → "1234,5". */
export function csvNumber(value: number): string {
  return String(value).replace('.', ',');
}

/** Thousandths of a unit as units: 1500 → "1,5". Integer arithmetic, no float noise. */
export function csvQty(thousandths: number): string {
  return scaled(thousandths, 3);
}

/** Kopecks as roubles with two decimals: 123450 → "1234,50". */
export function csvMoney(kopecks: number): string {
  return scaled(kopecks, 2, true);
}

function scaled(value: number, decimals: number, isFixed = false): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(value));
  const unit = 10 ** decimals;
  const whole = Math.floor(abs / unit);
  let fraction = String(abs % unit).padStart(decimals, '0');
  if (!isFixed) fraction = fraction.replace(/0+$/, '');
  return fraction ? `${sign}${whole},${fraction}` : `${sign}${whole}`;
}

function field(cell: CsvCell): string {
  if (cell === null) return '""';
  const text = typeof cell === 'number' ? csvNumber(cell) : formulaStart.test(cell) ? `'${cell}` : cell;
  return `"${text.replaceAll('"', '""')}"`;
}

/** The whole file: BOM, a header row, then the rows; every field quoted, lines end with CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(field).join(separator));
  return `${byteOrderMark}${lines.join(lineBreak)}${lineBreak}`;
}

/** A file name with today's local date: "replenishment-2024-05-01.csv". */
export function csvFileName(stem: string, now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${stem}-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}
