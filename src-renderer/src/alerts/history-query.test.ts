import { describe, expect, it } from 'vitest';
import { dayEnd, dayStart, emptyHistoryFilters, historyQuery } from './history-query';

describe('historyQuery', () => {
  it('covers whole local days from the start of the first to the end of the last', () => {
    const query = historyQuery({ ...emptyHistoryFilters, fromDay: '2024-05-01', toDay: '2024-05-01' });
    expect(query.from).toBe(new Date(2024, 4, 1).getTime());
    expect(query.to).toBe(new Date(2024, 4, 2).getTime() - 1);
  });

  it('leaves out filters that are not set', () => {
    expect(historyQuery(emptyHistoryFilters)).toEqual({ ruleId: undefined, productId: undefined, warehouseId: undefined, from: undefined, to: undefined });
  });

  it('passes the rule, product and warehouse through', () => {
    const query = historyQuery({ ...emptyHistoryFilters, ruleId: 'r1', product: { id: 3, name: 'x' }, warehouseId: 9 });
    expect(query).toMatchObject({ ruleId: 'r1', productId: 3, warehouseId: 9 });
  });

  it('ignores a broken day value', () => {
    expect(dayStart('05.01.2024')).toBeUndefined();
    expect(dayEnd('')).toBeUndefined();
  });
});
