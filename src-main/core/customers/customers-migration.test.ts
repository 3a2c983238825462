import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDocument } from '../documents/documents.service';
import { openUpgradedDatabase } from '../testing/migration-upgrade';
import { makeTempDir } from '../testing/temp-db';
import { getCustomer, listCustomers } from './customers.service';

describe('migration 0009 customers', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.cleanup());

  it('keeps customers written before it (and the documents naming them), and makes them searchable', () => {
    // Signal's recipe: the app as of 0008 writes a customer and a shipment for it; the current app opens it.
    const db = openUpgradedDatabase(temp.dir, '0009', (s) => {
      s.prepare(
        "INSERT INTO customers (id, ref_1c, kind, name, inn, kpp, phone, email, sync_state, created_at, updated_at) VALUES ('c-1', 'b1c89d94-cb6a-11e6-aede-5404a6b4b8ed', 'company', 'Ромашка ООО', '7707083893', '773601001', '+74955005550', 'info@romashka.ru', 'synced', 1, 1)",
      ).run();
      s.prepare("INSERT INTO warehouses (id, ref_1c, name) VALUES (1, 'w-1', 'Склад')").run();
      s.prepare("INSERT INTO documents (id, kind, status, local_number, date, warehouse_id, customer_id, created_at, updated_at) VALUES ('d-1', 'shipment', 'draft', 'ОТ-000001', 5, 1, 'c-1', 5, 5)").run();
    });
    try {
      expect(getCustomer(db, 'c-1')).toMatchObject({ country: 'RU', syncState: 'synced', inn: '7707083893', last1cMessage: null, documents: [{ id: 'd-1' }], openConflictId: null });
      expect(getDocument(db, 'd-1')).toMatchObject({ customerId: 'c-1', customerName: 'Ромашка ООО' });
      // Written without the search text: the list fills it in and finds the customer by phone digits.
      expect(listCustomers(db, { offset: 0, limit: 10, search: '8 495 500' }).rows.map((r) => r.id)).toEqual(['c-1']);
      const columns = db.sqlite.prepare("SELECT name FROM pragma_table_info('customers')").pluck().all();
      expect(columns).toEqual(expect.arrayContaining(['country', 'data_version_1c', 'is_deleted', 'base_json', 'sent_json', 'revision', 'last_1c_message', 'search_text']));
      expect(db.sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'customer_conflicts_open'").pluck().get()).toBe(1);
      expect(db.sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
