import { useMemo } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { type BrowseFilters, filtersToParams, parseFilters } from './browse-filters';

/**
 * The cursors of the pages after the first, as a stack: the last one is the page on screen. It
 * lives in the history entry's state (not the URL): a reload keeps the page and "Previous", while
 * a shared link opens on page 1 of the same filters.
 */
interface PagingState {
  cursors: string[];
}

function pagingOf(state: unknown): PagingState {
  if (typeof state === 'object' && state !== null && 'cursors' in state) {
    const { cursors } = state as { cursors: unknown };
    if (Array.isArray(cursors) && cursors.every((c) => typeof c === 'string')) return { cursors };
  }
  return { cursors: [] };
}

export interface BrowseState {
  filters: BrowseFilters;
  /** Cursor of the page on screen; undefined on page 1. */
  cursor: string | undefined;
  /** 1-based. */
  page: number;
  /** Applies a filter change and goes back to page 1. */
  setFilters(patch: Partial<BrowseFilters>): void;
  resetFilters(): void;
  nextPage(cursor: string): void;
  previousPage(): void;
}

/** Filters from the URL query string and the page stack from the history state. */
export function useBrowseState(): BrowseState {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string is the identity of the filters
  const filters = useMemo(() => parseFilters(params), [search]);
  const { cursors } = pagingOf(location.state);

  const go = (next: URLSearchParams, stack: string[]) =>
    setParams(next, { replace: true, state: { cursors: stack } satisfies PagingState });

  return {
    filters,
    cursor: cursors.at(-1),
    page: cursors.length + 1,
    setFilters: (patch) => go(filtersToParams({ ...filters, ...patch }), []),
    resetFilters: () =>
      go(
        filtersToParams({
          gpuModels: [],
          providers: [],
          spot: 'any',
          availableOnly: false,
          sort: filters.sort,
          weights: filters.weights,
        }),
        [],
      ),
    nextPage: (cursor) => go(params, [...cursors, cursor]),
    previousPage: () => go(params, cursors.slice(0, -1)),
  };
}
