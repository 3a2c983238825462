import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../db/open';
import { addByCode, addProduct, setExpected, setLine } from './document-lines.service';
import { markRejected, markSending } from './document-sending.service';
import {
  cancelDocument,
  createDraft,
  getDocument,
  listDocuments,
  outboxDepth,
  queueDocument,
  updateHeader,
} from './documents.service';
import { auditRows, count, home, openDocumentsDb, other, outboxRows, t0 } from './documents.testing';

const user = 'u-1';
const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('documents.service', () => {
  let db: AppDb;
  let cleanup: () => void;
  beforeEach(() => ({ db, cleanup } = openDocumentsDb()));
  afterEach(() => cleanup());

  const draft = (kind: Parameters<typeof createDraft>[1]['kind'] = 'receipt', extra: Partial<Parameters<typeof createDraft>[1]> = {}) =>
    createDraft(db, { kind, warehouseId: home, userId: user, now: t0, ...extra });
  const scan = (documentId: string, code: string, qty?: number) =>
    addByCode(db, { documentId, code, ...(qty === undefined ? {} : { qty }), userId: user, now: t0 + 1 });

  describe('createDraft', () => {
    it('creates a draft with a UUID v7 id and a number per kind, counting on from the highest', () => {
      const first = draft('receipt', { comment: '  от поставщика  ', counterpartyRef1c: 'AAAAAAAA-1111-2222-3333-444444444444' });
      expect(first.id).toMatch(uuidV7);
      expect(first).toMatchObject({
        kind: 'receipt',
        status: 'draft',
        localNumber: 'ПР-000001',
        date: t0,
        warehouseId: home,
        warehouseName: 'Магазин на Ленина',
        toWarehouseId: null,
        comment: 'от поставщика',
        counterpartyRef1c: 'aaaaaaaa-1111-2222-3333-444444444444',
        createdBy: user,
        isEditable: true,
        lines: [],
        totalAmount: 0,
        check: null,
      });
      expect(draft('receipt').localNumber).toBe('ПР-000002');
      expect(draft('shipment').localNumber).toBe('ОТ-000001');
      expect(draft('writeoff').localNumber).toBe('СП-000001');
      expect(draft('count').localNumber).toBe('ПС-000001');
      expect(draft('transfer', { toWarehouseId: other })).toMatchObject({ localNumber: 'ПМ-000001', toWarehouseName: 'Основной склад' });
      db.sqlite.prepare("UPDATE documents SET local_number = 'ПР-000041' WHERE local_number = 'ПР-000002'").run();
      expect(draft('receipt').localNumber).toBe('ПР-000042');
    });

    it('refuses a destination outside transfers, the same warehouse twice, unknown warehouses and a bad counterparty ref', () => {
      expect(() => draft('receipt', { toWarehouseId: other })).toThrowError(expect.objectContaining({ code: 'validation' }) as Error);
      expect(() => draft('transfer', { toWarehouseId: home })).toThrowError(
        expect.objectContaining({ code: 'validation', message: 'Склад-получатель должен отличаться от склада-отправителя' }) as Error,
      );
      expect(() => draft('receipt', { warehouseId: 99 })).toThrowError(expect.objectContaining({ code: 'not_found' }) as Error);
      expect(() => draft('receipt', { counterpartyRef1c: 'ООО Ромашка' })).toThrowError(expect.objectContaining({ code: 'validation' }) as Error);
      db.sqlite.prepare('UPDATE warehouses SET is_deleted = 1 WHERE id = 2').run();
      expect(() => draft('transfer', { toWarehouseId: other })).toThrowError(expect.objectContaining({ code: 'validation' }) as Error);
      expect(count(db, 'documents')).toBe(0);
      expect(count(db, 'audit_log')).toBe(0);
    });
  });

  describe('updateHeader', () => {
    it('changes the given fields of a draft and a rejected document only', () => {
      const doc = draft('transfer');
      const updated = updateHeader(db, { documentId: doc.id, toWarehouseId: other, comment: 'в склад', userId: user, now: t0 + 5 });
      expect(updated).toMatchObject({ toWarehouseId: other, comment: 'в склад', warehouseId: home, updatedAt: t0 + 5 });
      expect(updateHeader(db, { documentId: doc.id, toWarehouseId: null, userId: user, now: t0 + 6 }).toWarehouseId).toBeNull();

      const receipt = draft('receipt');
      scan(receipt.id, '4601234567893');
      queueDocument(db, { documentId: receipt.id, userId: user, now: t0 + 7 });
      expect(() => updateHeader(db, { documentId: receipt.id, comment: 'x', userId: user, now: t0 + 8 })).toThrowError(
        expect.objectContaining({ code: 'conflict', message: 'Документ уже отправлен в 1С — изменить его нельзя' }) as Error,
      );
      markSending(db, receipt.id, t0 + 9);
      markRejected(db, receipt.id, 'Не заполнен контрагент', t0 + 10);
      expect(updateHeader(db, { documentId: receipt.id, counterpartyRef1c: 'aaaaaaaa-1111-2222-3333-444444444444', userId: user, now: t0 + 11 }).counterpartyRef1c).toBe(
        'aaaaaaaa-1111-2222-3333-444444444444',
      );
      expect(() => updateHeader(db, { documentId: 'nope', comment: 'x', userId: user, now: t0 })).toThrowError(expect.objectContaining({ code: 'not_found' }) as Error);
    });
  });

  describe('queueDocument', () => {
    it('queues the document and writes its outbox row in one go', () => {
      const doc = draft('receipt');
      scan(doc.id, '4601234567893', 2000);
      const result = queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 10 });
      expect(result).toMatchObject({ outcome: 'queued', shortages: [], warnings: [] });
      expect(result.document).toMatchObject({ status: 'queued', queuedAt: t0 + 10, isEditable: false });
      const rows = outboxRows(db);
      expect(rows).toEqual([
        {
          id: expect.stringMatching(uuidV7) as string,
          kind: 'document.send',
          documentId: doc.id,
          payloadJson: '{}',
          idempotencyKey: doc.id,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: t0 + 10,
          lastErrorCode: null,
          lastErrorMessage: null,
        },
      ]);
      expect(rows[0]?.id).not.toBe(doc.id);
    });

    it('writes nothing at all when the transaction fails half-way', () => {
      const doc = draft('receipt');
      scan(doc.id, '4601234567893');
      addProduct(db, { documentId: doc.id, productId: 2, qty: 1000, userId: user, now: t0 });
      setLine(db, { documentId: doc.id, lineNo: 1, qty: 0, userId: user, now: t0 }); // would be dropped
      const before = { doc: getDocument(db, doc.id), audit: count(db, 'audit_log') };
      db.sqlite.exec("CREATE TEMP TRIGGER outbox_fails BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END");
      expect(() => queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 10 })).toThrowError('disk full');
      expect(getDocument(db, doc.id)).toEqual(before.doc);
      expect(count(db, 'outbox')).toBe(0);
      expect(count(db, 'audit_log')).toBe(before.audit);
      db.sqlite.exec('DROP TRIGGER outbox_fails');
      expect(queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 11 }).outcome).toBe('queued');
    });

    it('drops lines with quantity 0 and renumbers the rest 1..n', () => {
      const doc = draft('receipt');
      for (const code of ['4601234567893', '4607654321098', '4601111111110']) scan(doc.id, code);
      setExpected(db, { documentId: doc.id, lines: [{ productId: 4, qty: 1000 }], userId: user, now: t0 + 2 });
      setLine(db, { documentId: doc.id, lineNo: 2, qty: 0, userId: user, now: t0 + 3 });
      setLine(db, { documentId: doc.id, lineNo: 4, price: 100, userId: user, now: t0 + 3 });
      const queued = queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 10 }).document;
      expect(queued.lines.map((l) => [l.lineNo, l.productId])).toEqual([
        [1, 1],
        [2, 3],
      ]);
      expect(auditRows(db).at(-1)).toMatchObject({ action: 'document.queue', details: { documentId: doc.id, kind: 'receipt', lines: 2, droppedEmptyLines: 2 } });
    });

    it('refuses documents that cannot be sent, writing nothing', () => {
      const empty = draft('receipt');
      expect(() => queueDocument(db, { documentId: empty.id, userId: user, now: t0 })).toThrowError(
        expect.objectContaining({ code: 'validation', message: expect.stringContaining('нет ни одной строки') as string }) as Error,
      );
      const zero = draft('count');
      setExpected(db, { documentId: zero.id, lines: [{ productId: 1, qty: 1000 }], userId: user, now: t0 });
      expect(() => queueDocument(db, { documentId: zero.id, userId: user, now: t0 })).toThrowError(expect.objectContaining({ code: 'validation' }) as Error);

      const transfer = draft('transfer');
      scan(transfer.id, '4601234567893');
      expect(() => queueDocument(db, { documentId: transfer.id, userId: user, now: t0 })).toThrowError(
        expect.objectContaining({ code: 'validation', message: expect.stringContaining('склад-получатель') as string }) as Error,
      );

      const unpriced = draft('shipment');
      scan(unpriced.id, '4602222222229');
      setLine(db, { documentId: unpriced.id, lineNo: 1, price: null, userId: user, now: t0 });
      expect(() => queueDocument(db, { documentId: unpriced.id, userId: user, now: t0 })).toThrowError(
        expect.objectContaining({ code: 'validation', message: 'Укажите цену: строка 1 «Хлеб «Бородинский» 400 г»' }) as Error,
      );
      expect(count(db, 'outbox')).toBe(0);
      expect(listDocuments(db, { limit: 10, offset: 0 }).counts.draft).toBe(4);
    });

    it('refuses to queue a document already queued, posted or cancelled', () => {
      const doc = draft('receipt');
      scan(doc.id, '4601234567893');
      queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 10 });
      expect(() => queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 11 })).toThrowError(expect.objectContaining({ code: 'conflict' }) as Error);
      expect(outboxRows(db)).toHaveLength(1);
    });

    it('re-sends a rejected document through the same outbox row, reset', () => {
      const doc = draft('shipment');
      scan(doc.id, '4602222222229', 1000);
      queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 10 });
      const [row] = outboxRows(db);
      // What the sender does on a 1C refusal: the row dead with the error, the document rejected.
      markSending(db, doc.id, t0 + 11);
      db.sqlite.prepare("UPDATE outbox SET status = 'dead', attempts = 3, last_error_code = 'business', last_error_message = 'Нет остатка' WHERE id = ?").run(row?.id);
      markRejected(db, doc.id, 'Нет остатка', t0 + 12);
      expect(getDocument(db, doc.id)).toMatchObject({ status: 'rejected', last1cMessage: 'Нет остатка', isEditable: true });

      setLine(db, { documentId: doc.id, lineNo: 1, qty: 500, userId: user, now: t0 + 13 });
      const again = queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 20 });
      expect(again.document).toMatchObject({ status: 'queued', queuedAt: t0 + 20, last1cMessage: null });
      expect(outboxRows(db)).toEqual([
        expect.objectContaining({ id: row?.id, status: 'pending', attempts: 0, nextAttemptAt: t0 + 20, lastErrorCode: null, lastErrorMessage: null }),
      ]);
      expect(auditRows(db).at(-1)).toMatchObject({ action: 'document.resend', details: { documentId: doc.id, kind: 'shipment', previous1cMessage: 'Нет остатка' } });
    });

    describe('negative stock', () => {
      // Home warehouse: milk (1) 12, bread (5) 40.
      it('asks first under "warn": nothing is written until the user accepts', () => {
        const doc = draft('shipment');
        scan(doc.id, '4601234567893', 15000);
        scan(doc.id, '4602222222229', 5000);
        const asked = queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 10, negativeStockPolicy: 'warn' });
        expect(asked.outcome).toBe('needs_confirmation');
        expect(asked.document.status).toBe('draft');
        expect(asked.shortages).toEqual([
          expect.objectContaining({ productId: 1, characteristicId: null, warehouseId: home, available: 12000, requested: 15000, remaining: -3000 }),
        ]);
        expect(asked.warnings).toEqual(['«Молоко «Простоквашино» 3,2% 930 мл»: на складе «Магазин на Ленина» 12 шт, в документе 15 шт — останется −3 шт']);
        expect(count(db, 'outbox')).toBe(0);
        expect(auditRows(db).some((r) => r.action === 'document.queue')).toBe(false);

        const accepted = queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 11, allowNegative: true });
        expect(accepted).toMatchObject({ outcome: 'queued', document: { status: 'queued' } });
        expect(accepted.warnings).toHaveLength(1);
        expect(auditRows(db).at(-1)?.details.acceptedShortages).toEqual([{ productId: 1, characteristicId: null, available: 12000, requested: 15000 }]);
      });

      it('refuses under "block" naming the products, even with allowNegative', () => {
        const doc = draft('writeoff');
        scan(doc.id, '4601234567893', 13000);
        expect(() => queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 10, negativeStockPolicy: 'block', allowNegative: true })).toThrowError(
          expect.objectContaining({
            code: 'conflict',
            message: 'Недостаточно товара на складе «Магазин на Ленина»: «Молоко «Простоквашино» 3,2% 930 мл» — есть 12 шт, нужно 13 шт. Документ не отправлен.',
          }) as Error,
        );
        expect(getDocument(db, doc.id).status).toBe('draft');
      });

      it('checks against the displayed quantity: earlier queued documents count, the sum of lines of one product counts', () => {
        const first = draft('shipment');
        scan(first.id, '4601234567893', 10000);
        expect(queueDocument(db, { documentId: first.id, userId: user, now: t0 + 10, negativeStockPolicy: 'block' }).outcome).toBe('queued');
        const second = draft('transfer', { toWarehouseId: other });
        scan(second.id, '4601234567893', 2000);
        expect(queueDocument(db, { documentId: second.id, userId: user, now: t0 + 11, negativeStockPolicy: 'block' }).outcome).toBe('queued');
        const third = draft('shipment');
        scan(third.id, '4601234567893', 1);
        expect(() => queueDocument(db, { documentId: third.id, userId: user, now: t0 + 12, negativeStockPolicy: 'block' })).toThrowError(
          expect.objectContaining({ code: 'conflict', message: expect.stringContaining('есть 0 шт, нужно 0,001 шт') as string }) as Error,
        );
      });

      it('checks variants separately and never checks receipts or counts', () => {
        const shirts = draft('shipment');
        addByCode(db, { documentId: shirts.id, code: '4603333333336', qty: 4000, userId: user, now: t0 });
        expect(queueDocument(db, { documentId: shirts.id, userId: user, now: t0 + 10 }).outcome).toBe('queued');
        const receipt = draft('receipt');
        scan(receipt.id, '00-004', 1_000_000);
        expect(queueDocument(db, { documentId: receipt.id, userId: user, now: t0 + 11, negativeStockPolicy: 'block' }).outcome).toBe('queued');
        const countDoc = draft('count');
        scan(countDoc.id, '4601234567893', 999_000);
        expect(queueDocument(db, { documentId: countDoc.id, userId: user, now: t0 + 12, negativeStockPolicy: 'block' }).outcome).toBe('queued');
      });
    });
  });

  describe('cancelDocument', () => {
    it('cancels a draft, a queued and a rejected document, and kills the outbox row', () => {
      const a = draft('receipt');
      expect(cancelDocument(db, { documentId: a.id, userId: user, now: t0 + 1 })).toMatchObject({ status: 'cancelled', isEditable: false });

      const b = draft('receipt');
      scan(b.id, '4601234567893');
      queueDocument(db, { documentId: b.id, userId: user, now: t0 + 2 });
      cancelDocument(db, { documentId: b.id, userId: user, now: t0 + 3 });
      expect(outboxRows(db)).toEqual([expect.objectContaining({ documentId: b.id, status: 'dead' })]);

      const c = draft('receipt');
      scan(c.id, '4601234567893');
      queueDocument(db, { documentId: c.id, userId: user, now: t0 + 4 });
      markSending(db, c.id, t0 + 5);
      markRejected(db, c.id, 'Период закрыт', t0 + 6);
      expect(cancelDocument(db, { documentId: c.id, userId: user, now: t0 + 7 }).status).toBe('cancelled');
      expect(auditRows(db).filter((r) => r.action === 'document.cancel').map((r) => r.details.previousStatus)).toEqual(['draft', 'queued', 'rejected']);
    });

    it('refuses a document being sent, a posted one and a cancelled one, in Russian', () => {
      const doc = draft('receipt');
      scan(doc.id, '4601234567893');
      queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 1 });
      markSending(db, doc.id, t0 + 2);
      expect(() => cancelDocument(db, { documentId: doc.id, userId: user, now: t0 + 3 })).toThrowError(
        expect.objectContaining({ code: 'conflict', message: expect.stringContaining('отправляется в 1С') as string }) as Error,
      );
      db.sqlite.prepare("UPDATE documents SET status = 'posted' WHERE id = ?").run(doc.id);
      expect(() => cancelDocument(db, { documentId: doc.id, userId: user, now: t0 + 3 })).toThrowError(
        expect.objectContaining({ code: 'conflict', message: 'Документ уже проведён в 1С — отменить его можно только в 1С' }) as Error,
      );
      expect(outboxRows(db)[0]?.status).toBe('pending');
      const other2 = draft('receipt');
      cancelDocument(db, { documentId: other2.id, userId: user, now: t0 + 4 });
      expect(() => cancelDocument(db, { documentId: other2.id, userId: user, now: t0 + 5 })).toThrowError(expect.objectContaining({ code: 'conflict' }) as Error);
    });
  });

  describe('listDocuments, getDocument, outboxDepth', () => {
    it('lists newest first with totals, filters by status and kind, and counts per status', () => {
      const a = draft('receipt', { now: t0 });
      scan(a.id, '4601234567893', 2000); // 2 × 89.90
      scan(a.id, '00-004', 500); // 0.5 × 450.00
      const b = draft('shipment', { now: t0 + 100 });
      scan(b.id, '4602222222229');
      queueDocument(db, { documentId: b.id, userId: user, now: t0 + 101 });
      const c = draft('transfer', { now: t0 + 200, toWarehouseId: other });

      const all = listDocuments(db, { limit: 10, offset: 0 });
      expect(all.items.map((d) => d.id)).toEqual([c.id, b.id, a.id]);
      expect(all.total).toBe(3);
      expect(all.counts).toEqual({ draft: 2, queued: 1, sending: 0, posted: 0, rejected: 0, cancelled: 0 });
      expect(all.items[2]).toMatchObject({ localNumber: 'ПР-000001', warehouseName: 'Магазин на Ленина', lineCount: 2, totalQty: 2500, totalAmount: 17980 + 22500 });
      expect(all.items[0]).toMatchObject({ toWarehouseName: 'Основной склад', lineCount: 0, totalAmount: 0 });

      expect(listDocuments(db, { status: 'draft', limit: 10, offset: 0 }).items.map((d) => d.id)).toEqual([c.id, a.id]);
      const receipts = listDocuments(db, { kind: 'receipt', limit: 10, offset: 0 });
      expect(receipts).toMatchObject({ total: 1, counts: { draft: 1, queued: 0 } });
      const page = listDocuments(db, { limit: 1, offset: 1 });
      expect(page.items.map((d) => d.id)).toEqual([b.id]);
      expect(page.total).toBe(3);
      expect(outboxDepth(db)).toEqual({ queued: 1, sending: 0, rejected: 0 });
    });

    it('reads a document with lines joined to product, variant and unit', () => {
      const doc = draft('receipt');
      addByCode(db, { documentId: doc.id, code: '4603333333336', userId: user, now: t0 });
      expect(getDocument(db, doc.id).lines).toEqual([
        {
          lineNo: 1,
          productId: 6,
          productRef1c: null,
          productName: 'Футболка хлопок',
          productCode: '00-006',
          productArticle: 'ФТБ-006',
          unit: 'шт',
          characteristicId: 62,
          characteristicRef1c: null,
          characteristicName: 'M',
          qty: 1000,
          price: 109000,
          amount: 109000,
          expectedQty: null,
          scannedCode: '4603333333336',
          check: 'none',
        },
      ]);
      expect(() => getDocument(db, '0190a1b2-0000-7000-8000-000000000000')).toThrowError(expect.objectContaining({ code: 'not_found' }) as Error);
    });

    it('counts queued, sending and rejected documents for the outbox status', () => {
      const ids = [1, 2, 3, 4].map(() => {
        const doc = draft('receipt');
        scan(doc.id, '4601234567893');
        queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 10 });
        return doc.id;
      });
      markSending(db, ids[0] as string, t0 + 11);
      markSending(db, ids[1] as string, t0 + 11);
      markRejected(db, ids[1] as string, 'нет', t0 + 12);
      expect(outboxDepth(db)).toEqual({ queued: 2, sending: 1, rejected: 1 });
    });
  });

  it('audits create, edit, queue, cancel with the user, the document id and its kind', () => {
    const doc = draft('writeoff');
    updateHeader(db, { documentId: doc.id, comment: 'бой', userId: user, now: t0 + 1 });
    scan(doc.id, '4602222222229');
    queueDocument(db, { documentId: doc.id, userId: user, now: t0 + 2 });
    cancelDocument(db, { documentId: doc.id, userId: 'u-2', now: t0 + 3 });
    const rows = auditRows(db);
    expect(rows.map((r) => [r.action, r.userId, r.at])).toEqual([
      ['document.create', user, t0],
      ['document.edit', user, t0 + 1],
      ['document.edit', user, t0 + 1],
      ['document.queue', user, t0 + 2],
      ['document.cancel', 'u-2', t0 + 3],
    ]);
    for (const row of rows) expect(row.details).toMatchObject({ documentId: doc.id, kind: 'writeoff', localNumber: 'СП-000001' });
    expect(rows[1]?.details).toMatchObject({ change: 'header', fields: { comment: { from: '', to: 'бой' } } });
  });
});
