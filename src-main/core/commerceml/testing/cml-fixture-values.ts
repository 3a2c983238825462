// Test support: the values of a generated exchange as pure functions of (seed, index), so a file of
// 200,000 products is written as a stream and checked without keeping it: a test asks for product i
// and compares it with the mirror field by field.

/** A 32-bit mix of the seed and the numbers (splitmix-style): stable across runs and platforms. */
export function mix(seed: number, ...values: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const v of values) {
    h = Math.imul(h ^ (v >>> 0), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

const hex = (value: number, width: number): string => value.toString(16).padStart(width, '0').slice(-width);

/** Kinds of generated refs; the kind is in the GUID's first group so refs never collide across kinds. */
export const refKinds = { product: 1, variant: 2, group: 3, warehouse: 4, priceType: 5, unit: 6, property: 7, propertyValue: 8, catalog: 9 } as const;

/** A lower-case GUID unique per (seed, kind, index), as 1C writes refs. */
export function refOf(seed: number, kind: keyof typeof refKinds, index: number): string {
  return `${hex(refKinds[kind] * 0x1000000 + (seed & 0xffffff), 8)}-${hex(mix(seed, refKinds[kind], index), 4)}-4${hex(index >>> 24, 3)}-8${hex(mix(seed, index), 3)}-${hex(index, 12)}`;
}

/** EAN-13 with a valid check digit, unique per index below 10^10. */
export function ean13(prefix: string, index: number): string {
  const body = `${prefix}${String(index).padStart(12 - prefix.length, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const nouns = ['Молоко', 'Кефир', 'Сметана', 'Хлеб', 'Гвозди', 'Шуруп', 'Ёлочная игрушка', 'Краска', 'Коврик', 'Чай'];
const brands = ['«Простоквашино»', '«Домик в деревне»', 'Ёлкины', 'Tom & Jerry', 'Смак <Люкс>', 'Crazy Boom'];
const sizes = ['930 мл', '1 л', '400 г', '100 мм', '140x200x1 см', '2,5 кг'];

/** A product name with what real files contain: Cyrillic, Ё, quotes, & and < (escaped in XML), a number sign. */
export function productName(seed: number, index: number, revision: number): string {
  const h = mix(seed, 11, index);
  const base = `${nouns[h % nouns.length]} ${brands[(h >>> 8) % brands.length]} ${sizes[(h >>> 16) % sizes.length]} №${index}`;
  return revision > 0 && index % 2 === 0 ? `${base} (ред. ${revision})` : base;
}

/** Kopecks of product `index`, variant `variant` (0 = the product itself), price type `type`. */
export function priceKopecks(seed: number, index: number, variant: number, type: number, revision: number): number {
  return 1_000 + (mix(seed, 21, index, variant, type) % 2_000_000) + revision * 100;
}

/** Kopecks as 1C writes them: '1234.5', '1234.50' or '1234' (all mean the same). */
export function formatKopecks(kopecks: number, style: number): string {
  const whole = Math.floor(kopecks / 100);
  const cents = kopecks % 100;
  if (cents === 0 && style % 3 === 0) return String(whole);
  if (cents % 10 === 0 && style % 3 === 1) return `${whole}.${cents / 10}`;
  return `${whole}.${String(cents).padStart(2, '0')}`;
}

/** Thousandths of a unit in stock, 0 for about a tenth of the pairs (a zero balance). */
export function stockThousandths(seed: number, index: number, variant: number, warehouse: number, revision: number): number {
  const h = mix(seed, 31, index, variant, warehouse);
  if (h % 10 === 0) return 0;
  const units = (h >>> 4) % 200;
  // Every fifth is fractional (kg, m).
  return (h >>> 12) % 5 === 0 ? units * 1000 + ((h >>> 16) % 1000) + revision : units * 1000 + revision * 1000;
}

export function formatThousandths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const fraction = abs % 1000;
  return fraction === 0 ? `${sign}${Math.floor(abs / 1000)}` : `${sign}${Math.floor(abs / 1000)}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
}
