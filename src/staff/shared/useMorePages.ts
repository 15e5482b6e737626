import { useCallback, useRef, useState, type MutableRefObject } from 'react';
import { type Result } from '../../domain';

/** Appends a page to a list, skipping entries already listed (an entry may move while paging). */
export function appendNew<T>(items: readonly T[], more: readonly T[], key: (entry: T) => string): T[] {
  const seen = new Set(items.map(key));
  return [...items, ...more.filter((entry) => !seen.has(key(entry)))];
}

/**
 * The next page of a list, one request at a time. `latest` counts the list's (re)loads: a page that
 * answers after the list was loaded again belongs to the old list and is dropped.
 */
export function useMorePages(latest: MutableRefObject<number>) {
  const inFlight = useRef(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);

  const fetchMore = useCallback(
    async <P>(fetchPage: () => Promise<Result<P>>, apply: (page: P) => void): Promise<void> => {
      if (inFlight.current) return;
      const seq = latest.current;
      inFlight.current = true;
      setLoadingMore(true);
      setMoreError(null);
      const result = await fetchPage();
      inFlight.current = false;
      setLoadingMore(false);
      if (seq !== latest.current) return;
      if (!result.ok) return setMoreError(result.message);
      apply(result.data);
    },
    [latest],
  );
  const clearMoreError = useCallback(() => setMoreError(null), []);

  return { loadingMore, moreError, fetchMore, clearMoreError };
}
