/**
 * Russian alphabetical order for product names without an ICU collation (SQLite sorts by code
 * point): lower-casing puts А–Я and а–я together, and ё→е puts Ё inside Е instead of before А.
 */
export function productSortKey(name: string): string {
  return name.toLocaleLowerCase('ru-RU').replaceAll('ё', 'е');
}
