import { describe, expect, it } from 'vitest';
import { customerListQuery, customersLocation, syncStateFilter } from './customers-query';

describe('customers list query', () => {
  it('leaves out an empty search and "any" state', () => {
    expect(customerListQuery({ search: '   ', syncState: null }, 50, 0)).toEqual({ limit: 50, offset: 0 });
  });

  it('passes the trimmed search and the state with the page', () => {
    expect(customerListQuery({ search: ' 7707 ', syncState: 'conflict' }, 50, 100)).toEqual({ limit: 50, offset: 100, search: '7707', syncState: 'conflict' });
  });

  it('reads the tab and the open card from the address', () => {
    expect(customersLocation([])).toEqual({ tab: 'list', openId: null });
    expect(customersLocation(['conflicts'])).toEqual({ tab: 'conflicts', openId: null });
    expect(customersLocation(['list', 'abc'])).toEqual({ tab: 'list', openId: 'abc' });
    expect(customersLocation(['something'])).toEqual({ tab: 'list', openId: null });
  });

  it('takes only known states as a filter', () => {
    expect(syncStateFilter('rejected')).toBe('rejected');
    expect(syncStateFilter('')).toBe(null);
    expect(syncStateFilter('local')).toBe(null);
  });
});
