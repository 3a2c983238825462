import { type CustomerSyncState, type InvokeInput } from '../../../src-preload/contract';
import { isCustomerSyncState } from './customer-form';

/** The list filter as the screen holds it: typed text and a state, '' for "any". */
export type CustomerFilter = { search: string; syncState: CustomerSyncState | null };

export function customerListQuery(filter: CustomerFilter, limit: number, offset: number): InvokeInput<'customers.list'> {
  const search = filter.search.trim();
  return {
    limit,
    offset,
    ...(search === '' ? {} : { search }),
    ...(filter.syncState === null ? {} : { syncState: filter.syncState }),
  };
}

export type CustomersTab = 'list' | 'conflicts';

/**
 * Where #/customers/… points: `#/customers` the list, `#/customers/conflicts` the queue,
 * `#/customers/list/<id>` the list with that customer's card open (a link from a document or from
 * «Открыть его» when a duplicate is refused). The search and the state filter live on the screen.
 */
export function customersLocation(params: readonly string[]): { tab: CustomersTab; openId: string | null } {
  const [first, second] = params;
  if (first === 'conflicts') return { tab: 'conflicts', openId: null };
  return { tab: 'list', openId: first === 'list' && second ? second : null };
}

/** A state filter from a saved value; anything unknown means "any". */
export function syncStateFilter(value: string): CustomerSyncState | null {
  return isCustomerSyncState(value) ? value : null;
}
