import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { hrefFor } from '../app/app-routes';
import { SearchResultsPopup } from '../app/SearchResultsPopup';
import { useSearchPicker } from '../app/use-search-picker';
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

const resultLimit = 8;

/**
 * The customer of a shipment: found by name, ИНН/БИН or phone (customers.list search); once chosen,
 * its name (a link to the card), «Изменить» and «Убрать».
 */
export function CustomerPicker({ value, onChange, isDisabled, testId }: Props) {
  const { t } = useTranslation();
  const [isSearching, setIsSearching] = useState(false);
  const [isSaving, setIsSaving] = useState(false);
  const load = useCallback((search: string) => api.invoke('customers.list', { search, limit: resultLimit }), []);
  const { listId, text, setText, current, active, setActive, activeId, clear, handleKeyDown } = useSearchPicker(load);

  async function choose(next: Picked | null): Promise<void> {
    if (isSaving) return;
    setIsSaving(true);
    const isSaved = await onChange(next);
    setIsSaving(false);
    if (isSaved) {
      clear();
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
        onKeyDown={(event) =>
          handleKeyDown(event, {
            onEnter: (row) => {
              if (row) void choose({ id: row.id, name: row.name });
            },
            onEscape: () => {
              if (value) setIsSearching(false);
            },
          })
        }
      />
      {current && (
        <SearchResultsPopup
          current={current}
          listId={listId}
          active={active}
          onActive={setActive}
          onChoose={(row) => void choose({ id: row.id, name: row.name })}
          testId={testId}
          emptyText={t('customers.picker.empty')}
          resultsLabel={t('customers.picker.results')}
          renderRow={(row) => (
            <>
              <span className="product-option-name">{row.name}</span>
              <span className="muted mono">{[row.inn, row.phone, row.email].filter(Boolean).join(' · ')}</span>
            </>
          )}
        />
      )}
    </div>
  );
}
