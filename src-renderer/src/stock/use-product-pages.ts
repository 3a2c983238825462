import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type IpcError, type ProductListInput, type ProductRow } from '../../../src-preload/contract';
import { api } from '../api/api-client';

export const pageSize = 200;

/** Everything that defines the result set; pages are cached per query and dropped when it changes. */
export type StockQuery = Omit<ProductListInput, 'offset' | 'limit' | 'groupId'>;

type Snapshot = {
  /** Query plus refresh generation: answers carrying another id are dropped. */
  id: string;
  key: string;
  pages: ReadonlyMap<number, ProductRow[]>;
  /** Pages of the previous load of the same query, shown until fresh ones arrive (refresh without flicker). */
  stale: ReadonlyMap<number, ProductRow[]>;
  total: number | null;
  error: IpcError | null;
};

export type ProductPages = {
  /** null until the first page of the current query arrived. */
  total: number | null;
  error: IpcError | null;
  rowAt: (index: number) => ProductRow | undefined;
  /**
   * The oldest "as of" among the loaded rows: how fresh the data on screen is, at worst. null when
   * no loaded row has a stock time (nothing came from 1C yet).
   */
  oldestAsOf: number | null;
  /** Loads the pages covering rows [first, last], inclusive, that are neither cached nor in flight. */
  ensureRange: (first: number, last: number) => void;
};

/**
 * Lazily loads products.list in pages of 200 as rows become visible, so 200,000 products cost only
 * the pages the user scrolled through. Changing the query starts an empty cache; a new
 * `refreshToken` (data.changed) reloads the same query while still showing the old rows.
 */
export function useProductPages(query: StockQuery | null, refreshToken: number): ProductPages {
  const key = query ? JSON.stringify(query) : '';
  const id = `${refreshToken}|${key}`;
  const [snapshot, setSnapshot] = useState<Snapshot>({
    id,
    key,
    pages: new Map(),
    stale: new Map(),
    total: null,
    error: null,
  });
  // Pages already asked for in the current id; a ref because it changes without needing a render.
  const requested = useRef({ id: '', pages: new Set<number>() });

  let current = snapshot;
  if (snapshot.id !== id) {
    // React's "adjust state while rendering" pattern: the reset is visible in this very render,
    // so no frame shows old-query rows under a new query.
    const isSameQuery = snapshot.key === key;
    current = {
      id,
      key,
      pages: new Map(),
      stale: isSameQuery ? new Map([...snapshot.stale, ...snapshot.pages]) : new Map(),
      total: isSameQuery ? snapshot.total : null,
      error: null,
    };
    setSnapshot(current);
  }

  const ensureRange = useCallback(
    (first: number, last: number) => {
      if (!key) return;
      if (requested.current.id !== id) requested.current = { id, pages: new Set() };
      const asked = requested.current.pages;
      const input = JSON.parse(key) as StockQuery;
      for (let page = Math.floor(first / pageSize); page <= Math.floor(last / pageSize); page += 1) {
        if (asked.has(page)) continue;
        // A failed page stays "asked": retrying on every render would hammer the host. The error is
        // shown and the next query change or data.changed starts over.
        asked.add(page);
        void api.invoke('products.list', { ...input, offset: page * pageSize, limit: pageSize }).then((result) => {
          setSnapshot((prev) => {
            if (prev.id !== id) return prev;
            if (!result.ok) return { ...prev, error: result.error };
            const pages = new Map(prev.pages);
            pages.set(page, result.value.rows);
            return { ...prev, pages, total: result.value.total, error: null };
          });
        });
      }
    },
    [id, key],
  );

  // The first page also brings the total, which sizes the virtual list.
  useEffect(() => ensureRange(0, 0), [ensureRange]);

  const rowAt = useCallback(
    (index: number) => {
      const page = Math.floor(index / pageSize);
      const rows = current.pages.get(page) ?? current.stale.get(page);
      return rows?.[index - page * pageSize];
    },
    [current],
  );

  const oldestAsOf = useMemo(() => {
    // Fresh pages when there are any; during a refresh the stale ones are what is on screen.
    const pages = current.pages.size > 0 ? current.pages : current.stale;
    let oldest: number | null = null;
    for (const rows of pages.values()) {
      for (const row of rows) {
        if (row.asOf !== null && (oldest === null || row.asOf < oldest)) oldest = row.asOf;
      }
    }
    return oldest;
  }, [current]);

  return { total: current.total, error: current.error, rowAt, ensureRange, oldestAsOf };
}
