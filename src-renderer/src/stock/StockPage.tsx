import { type SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ProductListInput } from '../../../src-preload/contract';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { ProductCard } from '../product/ProductCard';
import { createStockFormatters } from './stock-format';
import { StockTable } from './StockTable';
import { type StockQuery, useProductPages } from './use-product-pages';
import { useDebouncedValue } from './use-debounced-value';
import { useNow } from './use-now';
import { ErrorAlert } from '../app/ErrorAlert';

type SortField = NonNullable<ProductListInput['sort']>['by'];

const sortFields = { name: true, code: true, article: true, qty: true, price: true } satisfies Record<SortField, true>;

function isSortField(id: string): id is SortField {
  return Object.hasOwn(sortFields, id);
}

/** The select's value for "all warehouses" (the query then has no warehouseId). */
const allWarehouses = 'all';

export function StockPage() {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const warehouses = useInvoke('warehouses.list', {});
  // null = the user has not chosen yet: follow the default (the home store, else all warehouses).
  const [chosenWarehouse, setChosenWarehouse] = useState<string | null>(null);
  const [searchText, setSearchText] = useState('');
  const [isInStockOnly, setIsInStockOnly] = useState(false);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const [refreshToken, setRefreshToken] = useState(0);
  const [openProductId, setOpenProductId] = useState<number | null>(null);
  const now = useNow(60_000);
  // Typing "молоко" must not fire six queries over 200,000 rows.
  const search = useDebouncedValue(searchText.trim(), 150);

  const home = warehouses.value?.find((w) => w.isHome);
  const warehouseValue = chosenWarehouse ?? (home ? String(home.id) : allWarehouses);

  const query = useMemo<StockQuery | null>(() => {
    // Wait for the warehouse list so the first query already uses the default warehouse instead
    // of loading every warehouse and then loading again.
    if (warehouses.value === undefined && warehouses.status === 'loading' && chosenWarehouse === null) return null;
    const sort = sorting[0];
    return {
      sort: { by: sort && isSortField(sort.id) ? sort.id : 'name', desc: sort?.desc ?? false },
      search: search || undefined,
      warehouseId: warehouseValue === allWarehouses ? undefined : Number(warehouseValue),
      inStockOnly: isInStockOnly || undefined,
    };
  }, [warehouses.value, warehouses.status, chosenWarehouse, sorting, search, warehouseValue, isInStockOnly]);

  const pages = useProductPages(query, refreshToken);

  useEvent('data.changed', () => {
    setRefreshToken((n) => n + 1);
    warehouses.reload();
  });

  const error = pages.error ?? (warehouses.status === 'error' ? warehouses.error : null);

  return (
    <section className="page page-stock">
      <header className="page-header">
        <h1 data-testid="page-title">{t('nav.stock')}</h1>
      </header>
      <div className="toolbar">
        <label className="field field-inline">
          <span className="field-label">{t('stock.warehouse')}</span>
          <select
            data-testid="stock-warehouse"
            value={warehouseValue}
            onChange={(event) => setChosenWarehouse(event.target.value)}
          >
            <option value={allWarehouses}>{t('stock.allWarehouses')}</option>
            {warehouses.value?.map((w) => (
              <option key={w.id} value={String(w.id)}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-inline field-grow">
          <span className="field-label">{t('stock.search')}</span>
          <input
            type="search"
            data-testid="stock-search"
            value={searchText}
            placeholder={t('stock.searchPlaceholder')}
            onChange={(event) => setSearchText(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="stock-in-stock-only"
            checked={isInStockOnly}
            onChange={(event) => setIsInStockOnly(event.target.checked)}
          />
          {t('stock.inStockOnly')}
        </label>
        {pages.total !== null && pages.total > 0 && (
          <span
            className="data-as-of"
            data-testid="stock-data-as-of"
            data-as-of={pages.oldestAsOf ?? undefined}
            title={pages.oldestAsOf === null ? undefined : format.dateTime(pages.oldestAsOf)}
          >
            {pages.oldestAsOf === null
              ? t('stock.dataAsOfUnknown')
              : t('stock.dataAsOf', { time: format.freshness(pages.oldestAsOf, now) })}
          </span>
        )}
        <span
          className="total"
          data-testid="stock-total"
          data-total={pages.total ?? undefined}
          data-query={query ? JSON.stringify(query) : undefined}
        >
          {pages.total === null ? t('app.loading') : t('stock.total', { formatted: format.count(pages.total) })}
        </span>
      </div>
      <ErrorAlert error={error} testId="stock-error" />
      {pages.total === 0 ? (
        <p className="empty" data-testid="stock-empty">
          {t('stock.empty')}
        </p>
      ) : (
        <StockTable
          total={pages.total ?? 0}
          rowAt={pages.rowAt}
          ensureRange={pages.ensureRange}
          sorting={sorting}
          onSortingChange={setSorting}
          resultKey={query ? JSON.stringify(query) : ''}
          onOpen={(product) => setOpenProductId(product.id)}
        />
      )}
      {openProductId !== null && <ProductCard productId={openProductId} onClose={() => setOpenProductId(null)} />}
    </section>
  );
}
