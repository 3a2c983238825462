import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { addByCode, addProduct, removeLine, setExpected, setLine } from './document-lines.service';
import { compareExpected } from './documents';
import { cancelDocument, createDraft, getDocument, queueDocument } from './documents.service';
import { auditRows, count, home, milkBoxBarcode, openDocumentsDb, other, shirtId, shirtM, shirtMBarcode, shirtS, t0 } from './documents.testing';

const user = 'u-1';

describe('document lines', () => {
  let db: AppDb;
  let cleanup: () => void;
  beforeEach(() => ({ db, cleanup } = openDocumentsDb()));
  afterEach(() => cleanup());

  const draft = (kind: Parameters<typeof createDraft>[1]['kind'] = 'receipt', extra: { toWarehouseId?: number } = {}) =>
    createDraft(db, { kind, warehouseId: home, ...extra, userId: user, now: t0 }).id;
  const scan = (documentId: string, code: string, qty?: number) => addByCode(db, { documentId, code, ...(qty === undefined ? {} : { qty }), userId: user, now: t0 + 1 });

  describe('addByCode', () => {
    it('adds a line for a barcode with the retail price, and increases it on repeated scans instead of adding lines', () => {
      const id = draft();
      const first = scan(id, '4601234567893');
      expect(first).toMatchObject({ lineNo: 1, isNewLine: true, resolvedBy: 'barcode', productName: 'Молоко «Простоквашино» 3,2% 930 мл' });
      expect(first.line).toMatchObject({ productId: 1, qty: 1000, price: 8990, amount: 8990, scannedCode: '4601234567893' });
      scan(id, '4601234567893');
      const third = scan(id, '4601234567893', 2500);
      expect(third).toMatchObject({ lineNo: 1, isNewLine: false });
      const doc = getDocument(db, id);
      expect(doc.lines).toHaveLength(1);
      expect(doc.lines[0]).toMatchObject({ qty: 4500, amount: 40455 });
      expect(doc.totalAmount).toBe(40455);
    });

    it('resolves an exact article, then an exact 1C code, ignoring the scanner line end', () => {
      const id = draft();
      expect(scan(id, 'СМТ-010\r\n')).toMatchObject({ resolvedBy: 'article', line: { productId: 3 } });
      expect(scan(id, '  00-004 ')).toMatchObject({ resolvedBy: 'code', line: { productId: 4 } });
      expect(getDocument(db, id).lines.map((l) => [l.lineNo, l.productId])).toEqual([
        [1, 3],
        [2, 4],
      ]);
    });

    it('takes the variant from the barcode and its own price, and keeps variants on separate lines', () => {
      const id = draft();
      expect(scan(id, shirtMBarcode).line).toMatchObject({ productId: shirtId, characteristicId: shirtM, characteristicName: 'M', price: 109000 });
      const s = addProduct(db, { documentId: id, productId: shirtId, characteristicId: shirtS, qty: 2000, userId: user, now: t0 + 2 });
      // No price of its own for S: the product's retail price.
      expect(s.line).toMatchObject({ lineNo: 2, characteristicId: shirtS, price: 99000 });
      scan(id, shirtMBarcode);
      expect(getDocument(db, id).lines.map((l) => [l.characteristicId, l.qty])).toEqual([
        [shirtM, 2000],
        [shirtS, 2000],
      ]);
    });

    it('counts a package barcode as its package size', () => {
      const id = draft();
      expect(scan(id, milkBoxBarcode).line).toMatchObject({ productId: 1, qty: 12000 });
      expect(scan(id, '4601234567893').line).toMatchObject({ productId: 1, qty: 13000 });
    });

    it('throws not_found with the code in Russian and writes nothing for an unknown code', () => {
      const id = draft();
      scan(id, '4601234567893');
      const before = { lines: count(db, 'document_lines'), audit: count(db, 'audit_log'), doc: getDocument(db, id) };
      expect(() => scan(id, '2999999999999')).toThrowError(
        expect.objectContaining({ code: 'not_found', message: 'Штрихкод или код «2999999999999» не найден в справочнике товаров' }) as Error,
      );
      expect(count(db, 'document_lines')).toBe(before.lines);
      expect(count(db, 'audit_log')).toBe(before.audit);
      expect(getDocument(db, id)).toEqual(before.doc);
    });

    it('refuses a product marked deleted in 1C, by barcode and by article, naming it', () => {
      const id = draft();
      db.sqlite.prepare('UPDATE products SET is_deleted = 1 WHERE id = 3').run();
      const refusal = expect.objectContaining({ code: 'validation', message: expect.stringContaining('«Сметана «Ёлкины» 20% 300 г» помечен в 1С на удаление') as string });
      expect(() => scan(id, '4601111111110')).toThrowError(refusal as Error);
      expect(() => scan(id, 'СМТ-010')).toThrowError(refusal as Error);
      expect(getDocument(db, id).lines).toEqual([]);
    });

    it('asks to pick when an article belongs to several live products', () => {
      const id = draft();
      db.sqlite.prepare("UPDATE products SET article = 'ОБЩ-1' WHERE id IN (1, 2)").run();
      expect(() => scan(id, 'ОБЩ-1')).toThrowError(expect.objectContaining({ code: 'conflict', message: expect.stringContaining('есть у нескольких товаров') as string }) as Error);
    });

    it('gives no default price in a transfer or a count', () => {
      const transfer = draft('transfer', { toWarehouseId: other });
      expect(scan(transfer, '4601234567893').line.price).toBeNull();
      const countDoc = draft('count');
      expect(scan(countDoc, '4601234567893').line.price).toBeNull();
    });

    it('refuses a zero or fractional-thousandth quantity', () => {
      const id = draft();
      expect(() => scan(id, '4601234567893', 0)).toThrowError(expect.objectContaining({ code: 'validation' }) as Error);
      expect(() => scan(id, '4601234567893', 1.5)).toThrowError(expect.objectContaining({ code: 'validation' }) as Error);
    });
  });

  describe('setLine and removeLine', () => {
    it('changes quantity, price and expected quantity, and the amount follows', () => {
      const id = draft();
      scan(id, '4601234567893');
      const doc = setLine(db, { documentId: id, lineNo: 1, qty: 2500, price: 10000, expectedQty: 3000, userId: user, now: t0 + 5 });
      expect(doc.lines[0]).toMatchObject({ qty: 2500, price: 10000, amount: 25000, expectedQty: 3000, check: 'shortage' });
      expect(doc.updatedAt).toBe(t0 + 5);
      const cleared = setLine(db, { documentId: id, lineNo: 1, price: null, expectedQty: null, userId: user, now: t0 + 6 });
      expect(cleared.lines[0]).toMatchObject({ qty: 2500, price: null, amount: null, expectedQty: null, check: 'none' });
    });

    it('refuses a price in a transfer and an unknown line', () => {
      const id = draft('transfer', { toWarehouseId: other });
      scan(id, '4601234567893');
      expect(() => setLine(db, { documentId: id, lineNo: 1, price: 100, userId: user, now: t0 })).toThrowError(
        expect.objectContaining({ code: 'validation' }) as Error,
      );
      expect(() => setLine(db, { documentId: id, lineNo: 7, qty: 1, userId: user, now: t0 })).toThrowError(
        expect.objectContaining({ code: 'not_found' }) as Error,
      );
    });

    it('keeps line numbers 1..n when a line in the middle or at either end is removed', () => {
      const id = draft();
      for (const code of ['4601234567893', '4607654321098', '4601111111110', '00-004', '4602222222229']) scan(id, code);
      let doc = removeLine(db, { documentId: id, lineNo: 2, userId: user, now: t0 + 3 });
      expect(doc.lines.map((l) => [l.lineNo, l.productId])).toEqual([
        [1, 1],
        [2, 3],
        [3, 4],
        [4, 5],
      ]);
      removeLine(db, { documentId: id, lineNo: 1, userId: user, now: t0 + 4 });
      doc = removeLine(db, { documentId: id, lineNo: 3, userId: user, now: t0 + 5 });
      expect(doc.lines.map((l) => [l.lineNo, l.productId])).toEqual([
        [1, 3],
        [2, 4],
      ]);
      // A new scan takes the next number.
      expect(scan(id, '4601234567893').lineNo).toBe(3);
    });
  });

  describe('setExpected', () => {
    it('fills expected quantities, adds zero lines for what is not scanned yet, and clears old expectations', () => {
      const id = draft();
      scan(id, '4601234567893', 5000); // product 1: 5 of 5 expected
      scan(id, '4607654321098', 3000); // product 2: 3 of 4 expected
      scan(id, '4601111111110', 7000); // product 3: 7 of 6 expected
      scan(id, '4602222222229', 1000); // product 5: not on the papers
      setExpected(db, { documentId: id, lines: [{ productId: 4, qty: 9000 }], userId: user, now: t0 + 2 });
      const doc = setExpected(db, {
        documentId: id,
        lines: [
          { productId: 1, qty: 5000 },
          { productId: 2, qty: 1000 },
          { productId: 2, qty: 3000 },
          { productId: 3, qty: 6000 },
          { productId: shirtId, characteristicId: shirtM, qty: 2000 },
        ],
        userId: user,
        now: t0 + 3,
      });
      expect(doc.lines.map((l) => [l.lineNo, l.productId, l.characteristicId, l.qty, l.expectedQty, l.check])).toEqual([
        [1, 1, null, 5000, 5000, 'match'],
        [2, 2, null, 3000, 4000, 'shortage'],
        [3, 3, null, 7000, 6000, 'overage'],
        [4, 5, null, 1000, null, 'unexpected'],
        // Product 4 was expected by the first call only: its zero line stays, now unexpected.
        [5, 4, null, 0, null, 'unexpected'],
        [6, shirtId, shirtM, 0, 2000, 'shortage'],
      ]);
      expect(doc.lines[5]?.price).toBe(109000);
      expect(doc.check).toEqual({ match: 1, shortage: 2, overage: 1, unexpected: 2, expectedTotal: 17000, scannedTotal: 16000, isAllMatched: false });
      const check = compareExpected(doc);
      expect(check.lines.find((l) => l.lineNo === 2)).toMatchObject({ status: 'shortage', difference: -1000 });
      expect(check.lines.find((l) => l.lineNo === 3)).toMatchObject({ status: 'overage', difference: 1000 });
      // Scanning the missing shirts closes the gap.
      scan(id, shirtMBarcode, 2000);
      expect(getDocument(db, id).lines[5]).toMatchObject({ qty: 2000, check: 'match' });
    });

    it('refuses unknown and deleted products without changing anything', () => {
      const id = draft();
      scan(id, '4601234567893');
      const before = getDocument(db, id);
      expect(() => setExpected(db, { documentId: id, lines: [{ productId: 1, qty: 1000 }, { productId: 99, qty: 1000 }], userId: user, now: t0 })).toThrowError(
        expect.objectContaining({ code: 'not_found' }) as Error,
      );
      expect(getDocument(db, id)).toEqual(before);
    });
  });

  describe('editing rules', () => {
    it('refuses every line change once the document is queued, and after cancelling', () => {
      const id = draft();
      scan(id, '4601234567893');
      queueDocument(db, { documentId: id, userId: user, now: t0 + 10 });
      const sent = expect.objectContaining({ code: 'conflict', message: 'Документ уже отправлен в 1С — изменить его нельзя' }) as Error;
      expect(() => scan(id, '4601234567893')).toThrowError(sent);
      expect(() => addProduct(db, { documentId: id, productId: 2, qty: 1000, userId: user, now: t0 })).toThrowError(sent);
      expect(() => setLine(db, { documentId: id, lineNo: 1, qty: 5, userId: user, now: t0 })).toThrowError(sent);
      expect(() => removeLine(db, { documentId: id, lineNo: 1, userId: user, now: t0 })).toThrowError(sent);
      expect(() => setExpected(db, { documentId: id, lines: [], userId: user, now: t0 })).toThrowError(sent);
      cancelDocument(db, { documentId: id, userId: user, now: t0 + 11 });
      expect(() => scan(id, '4601234567893')).toThrowError(expect.objectContaining({ code: 'conflict', message: 'Документ отменён — изменить его нельзя' }) as Error);
    });

    it('writes one audit row per change with the document id and kind', () => {
      const id = draft('shipment');
      scan(id, '4601234567893');
      addProduct(db, { documentId: id, productId: 2, qty: 1000, userId: user, now: t0 + 2 });
      setLine(db, { documentId: id, lineNo: 2, qty: 3000, userId: user, now: t0 + 3 });
      setLine(db, { documentId: id, lineNo: 2, qty: 3000, userId: user, now: t0 + 4 }); // no change, no row
      removeLine(db, { documentId: id, lineNo: 1, userId: user, now: t0 + 5 });
      setExpected(db, { documentId: id, lines: [{ productId: 2, qty: 3000 }], userId: user, now: t0 + 6 });
      const rows = auditRows(db);
      expect(rows.map((r) => [r.action, r.details.change ?? null])).toEqual([
        ['document.create', null],
        ['document.edit', 'line.scan'],
        ['document.edit', 'line.add'],
        ['document.edit', 'line.set'],
        ['document.edit', 'line.remove'],
        ['document.edit', 'expected'],
      ]);
      for (const row of rows) expect(row.details).toMatchObject({ documentId: id, kind: 'shipment' });
      expect(rows.every((r) => r.userId === user)).toBe(true);
      expect(rows[3]?.details.fields).toEqual({ qty: { from: 1000, to: 3000 } });
    });
  });
});
