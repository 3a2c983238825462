import { afterEach, describe, expect, it } from 'vitest';
import { openTempDb } from '../testing/temp-db';
import { retailPriceTypeId } from './retail-price-type';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('the retail price type', () => {
  it('is the one marked retail, else the one 1C names «Розничная…», else the first; null without price types', () => {
    const { db, cleanup } = openTempDb();
    cleanups.push(cleanup);
    expect(retailPriceTypeId(db)).toBeNull();
    const add = (name: string, isRetail = 0) =>
      Number(db.sqlite.prepare('INSERT INTO price_types (name, currency, is_retail) VALUES (?, ?, ?)').run(name, 'RUB', isRetail).lastInsertRowid);
    const purchase = add('Закупочная');
    expect(retailPriceTypeId(db)).toBe(purchase);
    const retail = add('Розничная цена');
    expect(retailPriceTypeId(db)).toBe(retail);
    const marked = add('Оптовая', 1);
    expect(retailPriceTypeId(db)).toBe(marked);
    db.sqlite.prepare('UPDATE price_types SET is_deleted = 1 WHERE id = ?').run(marked);
    expect(retailPriceTypeId(db)).toBe(retail);
  });
});
