import { type KeyboardEvent, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type ProductRow } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { errorMessage } from '../i18n/error-message';
import { createStockFormatters } from '../stock/stock-format';
import { useDebouncedValue } from '../stock/use-debounced-value';

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

type Found = { query: string; rows: ProductRow[]; error: IpcError | null };

const resultLimit = 8;

/**
 * For goods without a readable barcode: find by name (products.list search) and add one piece. Also
 * the product picker of «Привязать к товару» and of the label screens.
 */
export function ProductSearch({ warehouseId, isDisabled, onPick, label, placeholder, testId = 'product-search', isAutoFocused = false }: Props) {
  const { t, i18n } = useTranslation();
  const listId = `${useId()}-results`;
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [active, setActive] = useState(0);
  const [isPicking, setIsPicking] = useState(false);
  const search = useDebouncedValue(text.trim(), 150);

  useEffect(() => {
    if (search === '') return;
    let isCurrent = true;
    void api.invoke('products.list', { search, warehouseId, limit: resultLimit }).then((result) => {
      if (!isCurrent) return;
      setFound(result.ok ? { query: search, rows: result.value.rows, error: null } : { query: search, rows: [], error: result.error });
      setActive(0);
    });
    return () => {
      isCurrent = false;
    };
  }, [search, warehouseId]);

  // Results belong to one query; while the next one is typed or loading, the list is not shown.
  const current = found !== null && found.query === search && search !== '' && text.trim() !== '' ? found : null;
  const rows = current?.rows ?? [];
  const isOpen = current !== null;

  async function pick(product: ProductRow | undefined): Promise<void> {
    if (!product || isPicking) return;
    setIsPicking(true);
    const isAdded = await onPick(product);
    setIsPicking(false);
    if (isAdded) {
      setText('');
      setFound(null);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'ArrowDown' && rows.length > 0) {
      event.preventDefault();
      setActive((i) => Math.min(rows.length - 1, i + 1));
    } else if (event.key === 'ArrowUp' && rows.length > 0) {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void pick(rows[active]);
    } else if (event.key === 'Escape') {
      setText('');
      setFound(null);
    }
  }

  const activeId = isOpen && rows[active] ? `${listId}-${rows[active].id}` : undefined;

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
          onKeyDown={onKeyDown}
          autoComplete="off"
          spellCheck={false}
        />
      </label>
      {isOpen && (
        <div className="product-search-popup">
          {current.error ? (
            <p className="error" role="alert">
              {errorMessage(t, current.error)}
            </p>
          ) : rows.length === 0 ? (
            <p className="empty" data-testid={`${testId}-empty`}>
              {t('documents.editor.searchEmpty')}
            </p>
          ) : (
            <ul id={listId} role="listbox" aria-label={t('documents.editor.searchResults')}>
              {rows.map((row, index) => (
                <li
                  key={row.id}
                  id={`${listId}-${row.id}`}
                  role="option"
                  aria-selected={index === active}
                  className={index === active ? 'product-option is-active' : 'product-option'}
                  data-testid={`${testId}-option`}
                  data-id={row.id}
                  // mousedown would blur the input first; the click adds the product.
                  onMouseDown={(event) => event.preventDefault()}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => void pick(row)}
                >
                  <span className="product-option-name">{row.name}</span>
                  <span className="muted mono">
                    {[row.code, row.article, row.barcode].filter(Boolean).join(' · ')}
                  </span>
                  <span className="muted">{t('documents.editor.stockOf', { qty: format.qty(row.qty) })}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
