// Types and pure rules of local documents: amounts as 1C's form computes them, the expected-quantity
// check, which statuses may be edited. No database here.
import { AppError } from '../errors/app-error';
import { type DocumentKind } from './document-kinds';
import { type documentStatuses } from './documents.schema';

export type DocumentStatus = (typeof documentStatuses)[number];

/** Lower-case Russian, for messages: «Документ ПР-000001 отменён». */
export const statusTitles = {
  draft: 'черновик',
  queued: 'в очереди на отправку в 1С',
  sending: 'отправляется в 1С',
  posted: 'проведён в 1С',
  rejected: 'отклонён 1С',
  cancelled: 'отменён',
} as const satisfies Record<DocumentStatus, string>;

/** Statuses in which the user may change header and lines. */
export const editableStatuses = ['draft', 'rejected'] as const satisfies readonly DocumentStatus[];

export function isEditable(status: DocumentStatus): boolean {
  return (editableStatuses as readonly DocumentStatus[]).includes(status);
}

/** Throws `conflict` unless the document may still be changed (draft, or rejected by 1C). */
export function assertEditable(document: { status: DocumentStatus }): void {
  if (isEditable(document.status)) return;
  if (document.status === 'cancelled') throw new AppError('conflict', 'Документ отменён — изменить его нельзя');
  throw new AppError('conflict', 'Документ уже отправлен в 1С — изменить его нельзя');
}

export type DocumentLineView = {
  lineNo: number;
  productId: number;
  productRef1c: string | null;
  productName: string;
  productCode: string;
  productArticle: string;
  unit: string;
  characteristicId: number | null;
  characteristicRef1c: string | null;
  characteristicName: string | null;
  /** Thousandths of a unit. */
  qty: number;
  /** Kopecks per unit; null when unknown. */
  price: number | null;
  /** Kopecks, round(qty/1000 × price) half away from zero; null without a price. */
  amount: number | null;
  /** Thousandths; null when nothing is expected for this line. */
  expectedQty: number | null;
  /** The last code scanned into this line, as typed or scanned. */
  scannedCode: string | null;
  /** The expected-quantity check of this line; 'none' while the document has no expected quantities. */
  check: ExpectedStatus | 'none';
};

export type DocumentView = {
  id: string;
  kind: DocumentKind;
  status: DocumentStatus;
  localNumber: string;
  date: number;
  warehouseId: number;
  warehouseName: string;
  warehouseRef1c: string | null;
  toWarehouseId: number | null;
  toWarehouseName: string | null;
  toWarehouseRef1c: string | null;
  counterpartyRef1c: string | null;
  customerId: string | null;
  customerName: string | null;
  comment: string;
  ref1c: string | null;
  number1c: string | null;
  last1cMessage: string | null;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
  queuedAt: number | null;
  postedAt: number | null;
  isEditable: boolean;
  lines: DocumentLineView[];
  lineCount: number;
  /** Thousandths, over all lines. */
  totalQty: number;
  /** Kopecks, over lines with a price. */
  totalAmount: number;
  /** Totals of the expected-quantity check; null while no line has an expected quantity. */
  check: ExpectedTotals | null;
};

/**
 * A line's amount in kopecks the way 1C's form computes Сумма = Количество × Цена: rounded to kopecks
 * half away from zero. Exact for any size (BigInt), since qty × price can pass 2^53.
 */
export function lineAmount(qty: number, price: number | null): number | null {
  if (price === null) return null;
  const product = BigInt(qty) * BigInt(price);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const whole = abs / 1000n;
  const rounded = abs % 1000n >= 500n ? whole + 1n : whole;
  return Number(negative ? -rounded : rounded);
}

/** Sum of the lines' amounts (lines without a price count as zero). */
export function documentTotal(lines: ReadonlyArray<{ qty: number; price: number | null }>): number {
  return lines.reduce((sum, line) => sum + (lineAmount(line.qty, line.price) ?? 0), 0);
}

export const expectedStatuses = ['match', 'shortage', 'overage', 'unexpected'] as const;
export type ExpectedStatus = (typeof expectedStatuses)[number];

export type ExpectedLineCheck = {
  lineNo: number;
  productId: number;
  characteristicId: number | null;
  status: ExpectedStatus;
  qty: number;
  expectedQty: number | null;
  /** qty − expected (thousandths): negative = shortage, positive = overage; qty for an unexpected line. */
  difference: number;
};

/** Lines per status and quantities (thousandths) over the whole document. */
export type ExpectedTotals = Record<ExpectedStatus, number> & {
  expectedTotal: number;
  scannedTotal: number;
  /** True when every line matches and nothing unexpected was scanned. */
  isAllMatched: boolean;
};

export type ExpectedCheck = { lines: ExpectedLineCheck[]; totals: ExpectedTotals };

type CheckedLine = Pick<DocumentLineView, 'lineNo' | 'productId' | 'characteristicId' | 'qty' | 'expectedQty'>;

/**
 * Compares scanned quantities with expected ones, line by line: `match`, `shortage` (less than
 * expected), `overage` (more), `unexpected` (no expected quantity: scanned but not on the papers).
 */
export function compareExpected(document: { lines: readonly CheckedLine[] }): ExpectedCheck {
  const counts: Record<ExpectedStatus, number> = { match: 0, shortage: 0, overage: 0, unexpected: 0 };
  let expectedQty = 0;
  let scannedQty = 0;
  const lines = document.lines.map((line): ExpectedLineCheck => {
    const expected = line.expectedQty;
    const status: ExpectedStatus =
      expected === null ? 'unexpected' : line.qty === expected ? 'match' : line.qty < expected ? 'shortage' : 'overage';
    counts[status] += 1;
    expectedQty += expected ?? 0;
    scannedQty += line.qty;
    return {
      lineNo: line.lineNo,
      productId: line.productId,
      characteristicId: line.characteristicId,
      status,
      qty: line.qty,
      expectedQty: expected,
      difference: line.qty - (expected ?? 0),
    };
  });
  return {
    lines,
    totals: {
      ...counts,
      expectedTotal: expectedQty,
      scannedTotal: scannedQty,
      isAllMatched: counts.shortage === 0 && counts.overage === 0 && counts.unexpected === 0,
    },
  };
}

/** Whether the document is being checked against expected quantities at all. */
export function hasExpected(lines: ReadonlyArray<{ expectedQty: number | null }>): boolean {
  return lines.some((line) => line.expectedQty !== null);
}

/** Thousandths as people write them: 2500 → «2,5», 12000 → «12». */
export function formatQty(thousandths: number): string {
  const sign = thousandths < 0 ? '−' : '';
  const abs = Math.abs(thousandths);
  const whole = Math.floor(abs / 1000);
  const fraction = String(abs % 1000).padStart(3, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `,${fraction}` : ''}`;
}

/** «ПР-000012». */
export function formatLocalNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}
