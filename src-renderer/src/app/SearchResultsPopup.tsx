import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError } from '../../../src-preload/contract';
import { errorMessage } from '../i18n/error-message';

type Props<Row> = {
  /** The results of the current query (useSearchPicker's `current`). */
  current: { rows: Row[]; error: IpcError | null };
  listId: string;
  active: number;
  onActive: (index: number) => void;
  onChoose: (row: Row) => void;
  /** Options get `${testId}-option`, the empty note `${testId}-empty`. */
  testId: string;
  emptyText: string;
  resultsLabel: string;
  /** The content of one option. */
  renderRow: (row: Row) => ReactNode;
};

/** The result list under a search box: the error, «nothing found», or the options (listbox). */
export function SearchResultsPopup<Row extends { id: string | number }>({
  current,
  listId,
  active,
  onActive,
  onChoose,
  testId,
  emptyText,
  resultsLabel,
  renderRow,
}: Props<Row>) {
  const { t } = useTranslation();
  const { rows } = current;
  return (
    <div className="product-search-popup">
      {current.error ? (
        <p className="error" role="alert">
          {errorMessage(t, current.error)}
        </p>
      ) : rows.length === 0 ? (
        <p className="empty" data-testid={`${testId}-empty`}>
          {emptyText}
        </p>
      ) : (
        <ul id={listId} role="listbox" aria-label={resultsLabel}>
          {rows.map((row, index) => (
            <li
              key={row.id}
              id={`${listId}-${row.id}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'product-option is-active' : 'product-option'}
              data-testid={`${testId}-option`}
              data-id={row.id}
              // mousedown would blur the input first; the click chooses the row.
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => onActive(index)}
              onClick={() => onChoose(row)}
            >
              {renderRow(row)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
