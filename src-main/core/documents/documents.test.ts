import { describe, expect, it } from 'vitest';
import { documentKindInfo, lineStockEffects } from './document-kinds';
import { assertEditable, compareExpected, documentTotal, formatLocalNumber, formatQty, lineAmount } from './documents';
import { documentKinds } from './documents.schema';

describe('lineAmount', () => {
  it('multiplies thousandths by kopecks and rounds half away from zero like 1C', () => {
    expect(lineAmount(1000, 8990)).toBe(8990);
    expect(lineAmount(2500, 8990)).toBe(22475);
    // 0.333 kg × 10.01 ₽ = 3.33333 ₽ → 333 kop; 0.5 × 0.01 ₽ = 0.005 ₽ → 1 kop (half up), −0.005 → −1.
    expect(lineAmount(333, 1001)).toBe(333);
    expect(lineAmount(500, 1)).toBe(1);
    expect(lineAmount(499, 1)).toBe(0);
    expect(lineAmount(-500, 1)).toBe(-1);
    expect(lineAmount(1500, 3)).toBe(5);
  });

  it('stays exact where qty × price passes 2^53', () => {
    // 1,000,000 units × 100,000,000 ₽ = 10^16 kopecks.
    expect(lineAmount(1_000_000_000, 10_000_000_000)).toBe(10_000_000_000_000_000);
    // 123,456.789 units × 12,345,679.01 ₽: the product 152415788859929889 is above 2^53; ends in 889 → rounds up.
    expect(lineAmount(123_456_789, 1_234_567_901)).toBe(152_415_788_859_930);
  });

  it('is null without a price, and the total counts such lines as zero', () => {
    expect(lineAmount(1000, null)).toBeNull();
    expect(documentTotal([{ qty: 1000, price: null }, { qty: 2500, price: 8990 }, { qty: 333, price: 1001 }])).toBe(22475 + 333);
  });
});

describe('compareExpected', () => {
  const line = (lineNo: number, qty: number, expectedQty: number | null) => ({ lineNo, productId: lineNo, characteristicId: null, qty, expectedQty });

  it('gives each line its status and difference, and totals per status and quantity', () => {
    const check = compareExpected({ lines: [line(1, 5000, 5000), line(2, 3000, 5000), line(3, 7500, 5000), line(4, 1000, null), line(5, 0, 2000)] });
    expect(check.lines.map((l) => [l.status, l.difference])).toEqual([
      ['match', 0],
      ['shortage', -2000],
      ['overage', 2500],
      ['unexpected', 1000],
      ['shortage', -2000],
    ]);
    expect(check.totals).toEqual({
      match: 1,
      shortage: 2,
      overage: 1,
      unexpected: 1,
      expectedTotal: 17000,
      scannedTotal: 16500,
      isAllMatched: false,
    });
  });

  it('reports everything matched only when no line differs and nothing unexpected was scanned', () => {
    expect(compareExpected({ lines: [line(1, 5000, 5000)] }).totals.isAllMatched).toBe(true);
    expect(compareExpected({ lines: [line(1, 5000, 5000), line(2, 1000, null)] }).totals.isAllMatched).toBe(false);
  });
});

describe('document kinds', () => {
  it('describes all five kinds of the schema', () => {
    expect(Object.keys(documentKindInfo).sort()).toEqual([...documentKinds].sort());
    expect(documentKindInfo.receipt.title).toBe('Поступление товаров');
    expect(documentKindInfo.transfer.isDestinationNeeded).toBe(true);
    expect(documentKinds.filter((k) => documentKindInfo[k].isDestinationNeeded)).toEqual(['transfer']);
    expect(documentKinds.filter((k) => documentKindInfo[k].priceUse === 'required')).toEqual(['receipt', 'shipment']);
    expect(documentKindInfo.writeoff.priceUse).toBe('optional');
  });

  it('moves stock: receipt in, shipment and write-off out, transfer out and in, count nothing', () => {
    const header = { warehouseId: 1, toWarehouseId: 2 };
    expect(lineStockEffects('receipt', { ...header, toWarehouseId: null }, 3000)).toEqual([{ warehouseId: 1, qtyDelta: 3000 }]);
    expect(lineStockEffects('shipment', { ...header, toWarehouseId: null }, 3000)).toEqual([{ warehouseId: 1, qtyDelta: -3000 }]);
    expect(lineStockEffects('writeoff', { ...header, toWarehouseId: null }, 3000)).toEqual([{ warehouseId: 1, qtyDelta: -3000 }]);
    expect(lineStockEffects('transfer', header, 3000)).toEqual([
      { warehouseId: 1, qtyDelta: -3000 },
      { warehouseId: 2, qtyDelta: 3000 },
    ]);
    expect(lineStockEffects('count', { ...header, toWarehouseId: null }, 3000)).toEqual([]);
  });
});

describe('documents formatting and rules', () => {
  it('formats quantities and local numbers as people write them', () => {
    expect(formatQty(2500)).toBe('2,5');
    expect(formatQty(12000)).toBe('12');
    expect(formatQty(1)).toBe('0,001');
    expect(formatQty(-3250)).toBe('−3,25');
    expect(formatLocalNumber('ПР', 12)).toBe('ПР-000012');
  });

  it('allows editing only drafts and rejected documents', () => {
    expect(() => assertEditable({ status: 'draft' })).not.toThrow();
    expect(() => assertEditable({ status: 'rejected' })).not.toThrow();
    for (const status of ['queued', 'sending', 'posted'] as const) {
      expect(() => assertEditable({ status })).toThrowError(
        expect.objectContaining({ code: 'conflict', message: 'Документ уже отправлен в 1С — изменить его нельзя' }) as Error,
      );
    }
    expect(() => assertEditable({ status: 'cancelled' })).toThrowError(expect.objectContaining({ code: 'conflict' }) as Error);
  });
});
