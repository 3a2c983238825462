import { describe, expect, it } from 'vitest';
import { type CustomerRow } from '../../../src-preload/contract';
import { customerInputFromForm, emptyCustomerForm, existingCustomerId, formFromCustomer, isFormChanged, isKppShown, taxIdName } from './customer-form';

const saved: CustomerRow = {
  id: '0190a6f2-7c1e-7a3b-9d2e-1f2a3b4c5d6e',
  ref1c: null,
  kind: 'company',
  country: 'RU',
  name: 'ООО «Ромашка»',
  inn: '7707083893',
  kpp: '773601001',
  phone: '+79161234567',
  email: 'zakaz@romashka.ru',
  syncState: 'synced',
  last1cMessage: null,
  updatedAt: 1,
};

describe('customer card form', () => {
  it('sends КПП only for a Russian organisation and trims what was typed', () => {
    const form = { ...formFromCustomer(saved), name: '  ООО «Ромашка» ', phone: ' 8 916 123-45-67 ' };
    expect(customerInputFromForm(form)).toEqual({ ...form, name: 'ООО «Ромашка»', phone: '8 916 123-45-67' });
    expect(customerInputFromForm({ ...form, kind: 'person' }).kpp).toBe('');
    expect(customerInputFromForm({ ...form, country: 'KZ' }).kpp).toBe('');
    expect(isKppShown({ kind: 'company', country: 'RU' })).toBe(true);
    expect(isKppShown({ kind: 'company', country: 'KZ' })).toBe(false);
  });

  it('names the tax id by country and kind', () => {
    expect(taxIdName({ kind: 'person', country: 'RU' })).toBe('inn');
    expect(taxIdName({ kind: 'company', country: 'KZ' })).toBe('bin');
    expect(taxIdName({ kind: 'person', country: 'KZ' })).toBe('iin');
  });

  it('sees a change only where the sent value differs', () => {
    expect(isFormChanged(formFromCustomer(saved), saved)).toBe(false);
    expect(isFormChanged({ ...formFromCustomer(saved), email: ' zakaz@romashka.ru ' }, saved)).toBe(false);
    expect(isFormChanged({ ...formFromCustomer(saved), email: 'info@romashka.ru' }, saved)).toBe(true);
    expect(emptyCustomerForm()).toEqual({ kind: 'person', country: 'RU', name: '', inn: '', kpp: '', phone: '', email: '' });
  });

  it('finds the id of the customer a duplicate collides with, in whatever form the details carry it', () => {
    const id = saved.id;
    expect(existingCustomerId({ code: 'conflict', message: 'Покупатель с таким ИНН уже есть', details: { existingId: id } })).toBe(id);
    expect(existingCustomerId({ code: 'conflict', message: 'x', details: { customerId: id, field: 'inn' } })).toBe(id);
    expect(existingCustomerId({ code: 'conflict', message: 'x', details: { id } })).toBe(id);
    expect(existingCustomerId({ code: 'conflict', message: 'x', details: id })).toBe(id);
    expect(existingCustomerId({ code: 'conflict', message: 'x', details: { existing: { id } } })).toBe(null);
    expect(existingCustomerId({ code: 'conflict', message: 'x' })).toBe(null);
    expect(existingCustomerId({ code: 'validation', message: 'x', details: { id } })).toBe(null);
    expect(existingCustomerId({ code: 'conflict', message: 'x', details: { id: 'not-an-id' } })).toBe(null);
  });
});
