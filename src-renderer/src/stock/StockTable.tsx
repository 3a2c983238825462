import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type OnChangeFn,
  type SortingState,
  useReactTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type ProductRow } from '../../../src-preload/contract';
import { createStockFormatters } from './stock-format';

/** One virtual line: its position in the result and the product once its page has arrived. */
type StockLine = { index: number; product: ProductRow | undefined };

type Props = {
  total: number;
  rowAt: (index: number) => ProductRow | undefined;
  ensureRange: (first: number, last: number) => void;
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  /** Changes whenever the result set changes, to scroll back to the top. */
  resultKey: string;
  /** Opens the product card; a click anywhere on the row, or Enter/Space on the name. */
  onOpen: (product: ProductRow) => void;
};

const rowHeight = 28;

function ariaSort(sorted: false | 'asc' | 'desc'): 'ascending' | 'descending' | 'none' {
  if (sorted === 'asc') return 'ascending';
  if (sorted === 'desc') return 'descending';
  return 'none';
}

export function StockTable({ total, rowAt, ensureRange, sorting, onSortingChange, resultKey, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const scrollRef = useRef<HTMLDivElement>(null);

  const columns = useMemo<ColumnDef<StockLine>[]>(() => {
    const dash = t('stock.noValue');
    return [
      { id: 'code', header: t('stock.columns.code'), accessorFn: (l) => l.product?.code },
      { id: 'article', header: t('stock.columns.article'), accessorFn: (l) => l.product?.article },
      {
        id: 'name',
        header: t('stock.columns.name'),
        accessorFn: (l) => l.product?.name,
        // A real button gives every row a keyboard stop (Tab, Enter/Space) without a custom
        // focus model; the click bubbles to the row, which opens the card.
        cell: ({ getValue }) => (
          <button type="button" className="row-open" data-testid="stock-row-open">
            {getValue<string | undefined>()}
          </button>
        ),
      },
      { id: 'unit', header: t('stock.columns.unit'), accessorFn: (l) => l.product?.unit, enableSorting: false },
      {
        id: 'barcode',
        header: t('stock.columns.barcode'),
        accessorFn: (l) => l.product?.barcode,
        enableSorting: false,
        cell: ({ getValue }) => getValue<string | null>() ?? dash,
      },
      {
        id: 'qty',
        header: t('stock.columns.qty'),
        accessorFn: (l) => l.product?.qty,
        cell: ({ getValue }) => {
          const qty = getValue<number | undefined>();
          return qty === undefined ? '' : format.qty(qty);
        },
      },
      {
        id: 'price',
        header: t('stock.columns.price'),
        accessorFn: (l) => l.product?.price,
        cell: ({ getValue }) => {
          const price = getValue<number | null | undefined>();
          return price === undefined ? '' : price === null ? dash : format.price(price);
        },
      },
      {
        id: 'asOf',
        header: t('stock.columns.asOf'),
        accessorFn: (l) => l.product?.asOf,
        enableSorting: false,
        cell: ({ getValue }) => {
          const asOf = getValue<number | null | undefined>();
          return asOf === undefined ? '' : asOf === null ? dash : format.dateTime(asOf);
        },
      },
    ];
  }, [t, format]);

  // The virtualizer is a mutable object re-read on every render; this component is not memoised by
  // the React Compiler on purpose (nothing here is expensive: only the visible rows are built).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const first = virtualItems[0]?.index ?? 0;
  const last = virtualItems[virtualItems.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total > 0) ensureRange(first, last);
  }, [ensureRange, first, last, total]);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resultKey]);

  // The table model holds only the rendered window (a few dozen lines), never all 200,000 rows:
  // sorting and filtering happen in SQLite (manualSorting / manualFiltering).
  const data = useMemo<StockLine[]>(
    () => virtualItems.map((item) => ({ index: item.index, product: rowAt(item.index) })),
    [virtualItems, rowAt],
  );

  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (line) => String(line.index),
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    // Without this numbers would sort descending on the first click; every column starts ascending.
    sortDescFirst: false,
    state: { sorting },
    onSortingChange,
  });

  const rows = table.getRowModel().rows;

  return (
    <div className="stock-table" role="table" aria-rowcount={total + 1} data-testid="stock-table">
      <div className="stock-scroll" ref={scrollRef} data-testid="stock-scroll">
        <div className="stock-head" role="rowgroup">
          {table.getHeaderGroups().map((group) => (
            <div className="stock-row stock-head-row" role="row" key={group.id}>
              {group.headers.map((header) => {
                const canSort = header.column.getCanSort();
                const sorted = header.column.getIsSorted();
                return (
                  <div
                    key={header.id}
                    role="columnheader"
                    className={`stock-cell col-${header.column.id}`}
                    data-col={header.column.id}
                    aria-sort={canSort ? ariaSort(sorted) : undefined}
                  >
                    {canSort ? (
                      <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span className="sort-mark" aria-hidden="true">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                        </span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div className="stock-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const line = row.original;
            const product = line.product;
            return (
              <div
                key={row.id}
                role="row"
                aria-rowindex={line.index + 2}
                className={product ? 'stock-row' : 'stock-row is-loading'}
                data-testid={product ? 'stock-row' : 'stock-row-loading'}
                data-index={line.index}
                data-id={product?.id}
                style={{ transform: `translateY(${line.index * rowHeight}px)` }}
                onClick={
                  product
                    ? (event) => {
                        // Focus the row's button first, so closing the card returns focus to this
                        // row even when it was opened with the mouse, and Tab continues from here.
                        event.currentTarget.querySelector<HTMLButtonElement>('.row-open')?.focus();
                        onOpen(product);
                      }
                    : undefined
                }
              >
                {product
                  ? row.getVisibleCells().map((cell) => (
                      <div
                        key={cell.id}
                        role="cell"
                        className={`stock-cell col-${cell.column.id}`}
                        data-col={cell.column.id}
                        data-value={String(cell.getValue() ?? '')}
                      >
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </div>
                    ))
                  : (
                      <div role="cell" className="stock-cell stock-cell-loading">
                        {t('stock.rowLoading')}
                      </div>
                    )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
