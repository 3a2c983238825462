import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { type IpcError, type IpcResult } from '../../../src-preload/contract';
import { useDebouncedValue } from '../stock/use-debounced-value';

type Found<Row> = { query: string; rows: Row[]; error: IpcError | null };

type KeyHandlers<Row> = {
  /** Enter: the highlighted row, if there is one. */
  onEnter: (row: Row | undefined) => void;
  /** Escape, after the search has been cleared. */
  onEscape?: () => void;
};

/**
 * The state of a search box with a result list (combobox): the typed text, results loaded for the
 * debounced query (150 ms) by `load`, the highlighted row and the arrow/Enter/Escape keys.
 * `load` must keep its identity between renders (useCallback): a new one loads again.
 */
export function useSearchPicker<Row extends { id: string | number }>(load: (search: string) => Promise<IpcResult<{ rows: Row[] }>>) {
  const listId = `${useId()}-results`;
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found<Row> | null>(null);
  const [active, setActive] = useState(0);
  const search = useDebouncedValue(text.trim(), 150);

  useEffect(() => {
    if (search === '') return;
    let isCurrent = true;
    void load(search).then((result) => {
      if (!isCurrent) return;
      setFound(result.ok ? { query: search, rows: result.value.rows, error: null } : { query: search, rows: [], error: result.error });
      setActive(0);
    });
    return () => {
      isCurrent = false;
    };
  }, [search, load]);

  // Results belong to one query; while the next one is typed or loading, the list is not shown.
  const current = found !== null && found.query === search && search !== '' && text.trim() !== '' ? found : null;
  const rows = current?.rows ?? [];
  const activeId = current && rows[active] ? `${listId}-${rows[active].id}` : undefined;

  /** Empties the box and drops the results. */
  function clear(): void {
    setText('');
    setFound(null);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>, { onEnter, onEscape }: KeyHandlers<Row>): void {
    if (event.key === 'ArrowDown' && rows.length > 0) {
      event.preventDefault();
      setActive((i) => Math.min(rows.length - 1, i + 1));
    } else if (event.key === 'ArrowUp' && rows.length > 0) {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onEnter(rows[active]);
    } else if (event.key === 'Escape') {
      clear();
      onEscape?.();
    }
  }

  return { listId, text, setText, current, rows, active, setActive, activeId, clear, handleKeyDown };
}
