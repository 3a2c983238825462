import { type CustomerConflict, type CustomerVersion, type CustomerVersionField } from '../../../src-preload/contract';
import { customerFieldList } from './customer-form';

export type ConflictSide = 'local' | 'remote';
/** Which side each field is taken from: the input of customers.conflicts.resolve. */
export type ConflictTake = Record<CustomerVersionField, ConflictSide>;

/**
 * How one field stands: equal on both sides; changed only in the store, only in 1C, or on both
 * sides since they were last equal; or different with nothing known about where they started.
 */
export type FieldState = 'same' | 'local' | 'remote' | 'both' | 'differs';

export function fieldState(conflict: Pick<CustomerConflict, 'local' | 'remote' | 'base'>, field: CustomerVersionField): FieldState {
  const local = conflict.local[field];
  const remote = conflict.remote[field];
  if (local === remote) return 'same';
  if (conflict.base === null) return 'differs';
  const base = conflict.base[field];
  if (local === base) return 'remote';
  if (remote === base) return 'local';
  return 'both';
}

export function differingFields(conflict: Pick<CustomerConflict, 'local' | 'remote' | 'base'>): CustomerVersionField[] {
  return customerFieldList.filter((field) => fieldState(conflict, field) !== 'same');
}

/**
 * The choice the queue starts with: each field from the side that changed it since both were equal.
 * Where that is unknown or both changed it, 1C's value (1C is the system of record, and the person
 * deciding sees the field highlighted). Equal fields are taken from 1C, so a choice that differs
 * from 1C nowhere is not sent back to it.
 */
export function defaultTake(conflict: Pick<CustomerConflict, 'local' | 'remote' | 'base'>): ConflictTake {
  const take = takeAll('remote');
  for (const field of customerFieldList) {
    if (fieldState(conflict, field) === 'local') take[field] = 'local';
  }
  return take;
}

export function takeAll(side: ConflictSide): ConflictTake {
  return { kind: side, country: side, name: side, inn: side, kpp: side, phone: side, email: side };
}

/** The customer as the choice would leave it. */
export function mergedVersion(conflict: Pick<CustomerConflict, 'local' | 'remote'>, take: ConflictTake): CustomerVersion {
  const pick = <F extends CustomerVersionField>(field: F): CustomerVersion[F] => (take[field] === 'local' ? conflict.local[field] : conflict.remote[field]);
  return { kind: pick('kind'), country: pick('country'), name: pick('name'), inn: pick('inn'), kpp: pick('kpp'), phone: pick('phone'), email: pick('email') };
}

/** Whether the choice keeps anything of the store's own changes (then the result goes to 1C). */
export function isSentTo1C(conflict: Pick<CustomerConflict, 'local' | 'remote'>, take: ConflictTake): boolean {
  const merged = mergedVersion(conflict, take);
  return customerFieldList.some((field) => merged[field] !== conflict.remote[field]);
}
