import { afterEach, describe, expect, it } from 'vitest';
import { cancelDocument, createDraft, getDocument } from '../../documents/documents.service';
import { openDocumentsDb, shirtId, shirtM, shirtMBarcode, t0 } from '../../documents/documents.testing';
import { handleScan } from './scan.service';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('a scan into the open document', () => {
  it('adds the product (repeated scans add up) and logs every scan; a document that cannot change still shows the product', () => {
    const { db, cleanup } = openDocumentsDb();
    cleanups.push(cleanup);
    const context = { userId: null, now: t0, homeWarehouseId: 1 };
    const doc = createDraft(db, { kind: 'receipt', warehouseId: 1, userId: null, now: t0 });
    const first = handleScan(db, { raw: shirtMBarcode, device: 'keyboard', documentId: doc.id }, context);
    expect(first).toMatchObject({ kind: 'product', product: { id: shirtId, characteristicId: shirtM, characteristicName: 'M' }, addedTo: { documentId: doc.id, lineNo: 1 } });
    handleScan(db, { raw: shirtMBarcode, device: 'keyboard', documentId: doc.id }, context);
    expect(getDocument(db, doc.id).lines.map((l) => [l.productId, l.qty])).toEqual([[shirtId, 2000]]);

    cancelDocument(db, { documentId: doc.id, userId: null, now: t0 });
    const refused = handleScan(db, { raw: shirtMBarcode, device: 'keyboard', documentId: doc.id }, context);
    expect(refused.kind).toBe('product');
    expect(refused.addedTo).toBeNull();
    expect(refused.warnings.join(' ')).toMatch(/отменён/);
    expect(getDocument(db, doc.id).lines.map((l) => l.qty)).toEqual([2000]);

    const unknown = handleScan(db, { raw: '4600000000008', device: 'keyboard', documentId: doc.id }, context);
    expect(unknown).toMatchObject({ kind: 'unknown', product: null, addedTo: null });
    expect(unknown.error).toMatch(/не найден/);
    expect(db.sqlite.prepare("SELECT count(*) FROM scan_log WHERE device = 'keyboard'").pluck().get()).toBe(4);
  });
});
