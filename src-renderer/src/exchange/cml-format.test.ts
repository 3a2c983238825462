import { describe, expect, it } from 'vitest';
import { type CmlFolderFile, type CmlReport, type CmlRun } from '../../../src-preload/contract';
import { defaultSelection, exchangeMode, formatBytes, keptSelection, laterRun, progressPercent, reportCountRows, warningLocation, warningSummary } from './cml-format';

const zero = { added: 0, changed: 0, removed: 0, unchanged: 0 };

function run(patch: Partial<CmlRun>): CmlRun {
  return { runId: 'r1', dryRun: false, state: 'running', startedAt: 1000, file: 'import.xml', bytesDone: 0, bytesTotal: 100, report: null, error: null, ...patch };
}

describe('CommerceML exchange screen', () => {
  it('preselects the files the import takes and keeps a selection across a re-read', () => {
    const files: CmlFolderFile[] = [
      { name: 'import.xml', size: 10, modifiedAt: 1, kind: 'import' },
      { name: 'offers.xml', size: 10, modifiedAt: 1, kind: 'offers' },
      { name: 'orders-1.xml', size: 10, modifiedAt: 1, kind: 'orders' },
      { name: 'readme.txt', size: 10, modifiedAt: 1, kind: 'other' },
      { name: 'pack.zip', size: 10, modifiedAt: 1, kind: 'zip' },
    ];
    expect(defaultSelection(files)).toEqual(['import.xml', 'offers.xml', 'pack.zip']);
    expect(keptSelection(['offers.xml', 'gone.xml', 'readme.txt'], files)).toEqual(['offers.xml']);
  });

  it('lists the counts per entity kind, classifier first, with totals', () => {
    const counts: CmlReport['counts'] = {
      groups: { added: 2, changed: 0, removed: 0, unchanged: 1 },
      units: zero,
      warehouses: zero,
      priceTypes: zero,
      products: { added: 5, changed: 1, removed: 2, unchanged: 0 },
      characteristics: zero,
      barcodes: zero,
      prices: { added: 0, changed: 3, removed: 0, unchanged: 0 },
      stock: zero,
    };
    const { rows, total } = reportCountRows({ counts });
    expect(rows.map((row) => row.kind)).toEqual(['groups', 'units', 'warehouses', 'priceTypes', 'products', 'characteristics', 'barcodes', 'prices', 'stock']);
    expect(rows[4]).toEqual({ kind: 'products', added: 5, changed: 1, removed: 2, unchanged: 0 });
    expect(total).toEqual({ added: 7, changed: 4, removed: 2, unchanged: 1 });
  });

  it('points at warnings as file:line:column and says when the list is capped', () => {
    expect(warningLocation({ file: 'import.xml', line: 120, column: 7 })).toBe('import.xml:120:7');
    const warning = { file: 'a.xml', line: 1, column: 1, message: 'x' };
    expect(warningSummary({ warnings: [warning, warning], warningCount: 2 })).toEqual({ shown: 2, total: 2, isCapped: false });
    expect(warningSummary({ warnings: [warning], warningCount: 1500 })).toEqual({ shown: 1, total: 1500, isCapped: true });
  });

  it('names the exchange mode of a file', () => {
    expect(exchangeMode(true)).toBe('changes');
    expect(exchangeMode(false)).toBe('full');
    expect(exchangeMode(null)).toBe('unknown');
  });

  it('formats sizes in binary steps in the interface language', () => {
    expect(formatBytes(820, 'ru')).toBe('820 Б');
    expect(formatBytes(12_700, 'ru').replace(/\s/g, ' ')).toBe('12,4 кБ');
    expect(formatBytes(1_258_291, 'en')).toBe('1.2 MB');
  });

  it('shows progress only when the total is known', () => {
    expect(progressPercent({ bytesDone: 50, bytesTotal: 200 })).toBe(25);
    expect(progressPercent({ bytesDone: 300, bytesTotal: 200 })).toBe(100);
    expect(progressPercent({ bytesDone: 5, bytesTotal: 0 })).toBe(null);
  });

  it('never lets a late answer move the bar back or hide the end of a run', () => {
    const early = run({ bytesDone: 10 });
    const later = run({ bytesDone: 60 });
    const done = run({ bytesDone: 100, state: 'done' });
    expect(laterRun(later, early)).toBe(later);
    expect(laterRun(early, later)).toBe(later);
    expect(laterRun(done, later)).toBe(done);
    expect(laterRun(null, early)).toBe(early);
    expect(laterRun(done, null)).toBe(done);
    const next = run({ runId: 'r2', startedAt: 2000 });
    expect(laterRun(done, next)).toBe(next);
    expect(laterRun(next, done)).toBe(next);
  });
});
