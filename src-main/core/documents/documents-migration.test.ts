import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openUpgradedDatabase } from '../testing/migration-upgrade';
import { makeTempDir } from '../testing/temp-db';
import { getDocument } from './documents.service';
import { readDisplayedQty } from './displayed-stock.repo';

describe('migrations 0003 documents_editing and 0004 pending_stock_effects', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.cleanup());

  it('keep documents written before them and show their stock effect', () => {
    // Signal's recipe: the app as of 0002 writes a queued document, the current app opens it.
    const db = openUpgradedDatabase(temp.dir, '0003', (s) => {
      s.prepare("INSERT INTO warehouses (id, ref_1c, name) VALUES (1, 'w-1', 'Склад')").run();
      s.prepare("INSERT INTO products (id, name, updated_at) VALUES (1, 'Молоко', 1)").run();
      s.prepare('INSERT INTO stock (product_id, warehouse_id, qty_1c, as_of_1c) VALUES (1, 1, 10000, 1)').run();
      s.prepare(
        "INSERT INTO documents (id, kind, status, local_number, date, warehouse_id, created_at, updated_at) VALUES ('d-1', 'shipment', 'queued', 'ОТ-000001', 5, 1, 5, 5)",
      ).run();
      s.prepare("INSERT INTO document_lines (document_id, line_no, product_id, qty, price) VALUES ('d-1', 1, 1, 4000, 8990)").run();
    });
    try {
      expect(getDocument(db, 'd-1')).toMatchObject({ status: 'queued', counterpartyRef1c: null, queuedAt: null, lines: [{ qty: 4000, expectedQty: null, amount: 35960 }] });
      expect(readDisplayedQty(db, { productId: 1, characteristicId: null, warehouseId: 1 })).toEqual({ qty1c: 10000, pending: -4000, displayed: 6000 });
      const indexes = db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' ORDER BY name").pluck().all();
      expect(indexes).toEqual(expect.arrayContaining(['documents_posted_from', 'documents_posted_to']));
    } finally {
      db.close();
    }
  });
});
