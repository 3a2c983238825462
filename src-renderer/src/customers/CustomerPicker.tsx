import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CustomerRow, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { hrefFor } from '../app/app-routes';
import { errorMessage } from '../i18n/error-message';
import { useDebouncedValue } from '../stock/use-debounced-value';
import '../styles/manager-screens.css';
import '../styles/customer-screens.css';

type Picked = { id: string; name: string };

type Props = {
  value: Picked | null;
  /** Resolves true when the choice was saved (the search is then cleared). */
  onChange: (customer: Picked | null) => Promise<boolean>;
  isDisabled: boolean;
  testId: string;
};

type Found = { query: string; rows: CustomerRow[]; error: IpcError | null };

const resultLimit = 8;

/**
 * The customer of a shipment: found by name, ИНН/БИН or phone (customers.list search); once chosen,
 * its name (a link to the card), «Изменить» and «Убрать».
 */
export function CustomerPicker({ value, onChange, isDisabled, testId }: Props) {
  const { t } = useTranslation();
  const listId = `${useId()}-results`;
  const [isSearching, setIsSearching] = useState(false);
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [active, setActive] = useState(0);
  const [isSaving, setIsSaving] = useState(false);
  const search = useDebouncedValue(text.trim(), 150);

  useEffect(() => {
    if (search === '') return;
    let isCurrent = true;
    void api.invoke('customers.list', { search, limit: resultLimit }).then((result) => {
      if (!isCurrent) return;
      setFound(result.ok ? { query: search, rows: result.value.rows, error: null } : { query: search, rows: [], error: result.error });
      setActive(0);
    });
    return () => {
      isCurrent = false;
    };
  }, [search]);

  async function choose(next: Picked | null): Promise<void> {
    if (isSaving) return;
    setIsSaving(true);
    const isSaved = await onChange(next);
    setIsSaving(false);
    if (isSaved) {
      setText('');
      setFound(null);
      setIsSearching(false);
    }
  }

  if (value && !isSearching) {
    return (
      <span className="picked" data-testid={`${testId}-picked`} data-id={value.id}>
        <a href={hrefFor('customers', 'list', value.id)} data-testid={`${testId}-name`}>
          {value.name}
        </a>
        {!isDisabled && (
          <>
            <button type="button" className="button button-small" data-testid={`${testId}-change`} onClick={() => setIsSearching(true)}>
              {t('customers.picker.change')}
            </button>
            <button type="button" className="button button-small" data-testid={`${testId}-clear`} disabled={isSaving} onClick={() => void choose(null)}>
              {t('customers.picker.clear')}
            </button>
          </>
        )}
      </span>
    );
  }
  if (isDisabled) return <span data-testid={`${testId}-none`}>{t('customers.picker.none')}</span>;

  const current = found !== null && found.query === search && search !== '' && text.trim() !== '' ? found : null;
  const rows = current?.rows ?? [];
  const activeId = current && rows[active] ? `${listId}-${rows[active].id}` : undefined;

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'ArrowDown' && rows.length > 0) {
      event.preventDefault();
      setActive((i) => Math.min(rows.length - 1, i + 1));
    } else if (event.key === 'ArrowUp' && rows.length > 0) {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const row = rows[active];
      if (row) void choose({ id: row.id, name: row.name });
    } else if (event.key === 'Escape') {
      setText('');
      setFound(null);
      if (value) setIsSearching(false);
    }
  }

  return (
    <div className="product-search customer-picker">
      <input
        type="search"
        role="combobox"
        data-testid={testId}
        value={text}
        placeholder={t('customers.picker.placeholder')}
        aria-label={t('customers.picker.label')}
        aria-expanded={current !== null}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-autocomplete="list"
        autoFocus={isSearching}
        autoComplete="off"
        spellCheck={false}
        disabled={isSaving}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {current && (
        <div className="product-search-popup">
          {current.error ? (
            <p className="error" role="alert">
              {errorMessage(t, current.error)}
            </p>
          ) : rows.length === 0 ? (
            <p className="empty" data-testid={`${testId}-empty`}>
              {t('customers.picker.empty')}
            </p>
          ) : (
            <ul id={listId} role="listbox" aria-label={t('customers.picker.results')}>
              {rows.map((row, index) => (
                <li
                  key={row.id}
                  id={`${listId}-${row.id}`}
                  role="option"
                  aria-selected={index === active}
                  className={index === active ? 'product-option is-active' : 'product-option'}
                  data-testid={`${testId}-option`}
                  data-id={row.id}
                  // mousedown would blur the input first; the click picks the customer.
                  onMouseDown={(event) => event.preventDefault()}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => void choose({ id: row.id, name: row.name })}
                >
                  <span className="product-option-name">{row.name}</span>
                  <span className="muted mono">{[row.inn, row.phone, row.email].filter(Boolean).join(' · ')}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
