import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ProductRow } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { SearchResultsPopup } from '../app/SearchResultsPopup';
import { useSearchPicker } from '../app/use-search-picker';
import { createStockFormatters } from '../stock/stock-format';

type Props = {
  /** Stock shown for this warehouse; all warehouses when omitted. */
  warehouseId?: number;
  isDisabled: boolean;
  /** Adds the product; resolves true when it was added (the search is then cleared). */
  onPick: (product: ProductRow) => Promise<boolean>;
  /** Defaults: the document editor's «Добавить по названию». */
  label?: string;
  placeholder?: string;
  /** Test id of the input; options and the empty note get `-option` / `-empty` after it. */
  testId?: string;
  isAutoFocused?: boolean;
};

const resultLimit = 8;

/**
 * For goods without a readable barcode: find by name (products.list search) and add one piece. Also
 * the product picker of «Привязать к товару» and of the label screens.
 */
export function ProductSearch({ warehouseId, isDisabled, onPick, label, placeholder, testId = 'product-search', isAutoFocused = false }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const [isPicking, setIsPicking] = useState(false);
  const load = useCallback((search: string) => api.invoke('products.list', { search, warehouseId, limit: resultLimit }), [warehouseId]);
  const { listId, text, setText, current, active, setActive, activeId, clear, handleKeyDown } = useSearchPicker(load);
  const isOpen = current !== null;

  async function pick(product: ProductRow | undefined): Promise<void> {
    if (!product || isPicking) return;
    setIsPicking(true);
    const isAdded = await onPick(product);
    setIsPicking(false);
    if (isAdded) clear();
  }

  return (
    <div className="product-search">
      <label className="field">
        <span className="field-label">{label ?? t('documents.editor.search')}</span>
        <input
          type="search"
          role="combobox"
          data-testid={testId}
          value={text}
          disabled={isDisabled}
          placeholder={placeholder ?? t('documents.editor.searchPlaceholder')}
          aria-expanded={isOpen}
          aria-controls={listId}
          autoFocus={isAutoFocused}
          aria-activedescendant={activeId}
          aria-autocomplete="list"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => handleKeyDown(event, { onEnter: (row) => void pick(row) })}
          autoComplete="off"
          spellCheck={false}
        />
      </label>
      {isOpen && (
        <SearchResultsPopup
          current={current}
          listId={listId}
          active={active}
          onActive={setActive}
          onChoose={(row) => void pick(row)}
          testId={testId}
          emptyText={t('documents.editor.searchEmpty')}
          resultsLabel={t('documents.editor.searchResults')}
          renderRow={(row) => (
            <>
              <span className="product-option-name">{row.name}</span>
              <span className="muted mono">{[row.code, row.article, row.barcode].filter(Boolean).join(' · ')}</span>
              <span className="muted">{t('documents.editor.stockOf', { qty: format.qty(row.qty) })}</span>
            </>
          )}
        />
      )}
    </div>
  );
}
