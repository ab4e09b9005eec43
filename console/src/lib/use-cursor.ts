import { useState } from 'react';

/**
 * The `after` cursor of a "Load more" list. The cache's relayPagination merges the pages, so the query with the
 * latest cursor returns every row so far. Changing the filters (`resetKey`) starts again from the first page.
 */
export function useCursor(
  resetKey: string,
): [after: string | null, loadAfter: (cursor: string | null | undefined) => void] {
  const [state, setState] = useState<{ resetKey: string; after: string | null }>({ resetKey, after: null });
  const after = state.resetKey === resetKey ? state.after : null;
  return [after, (cursor) => setState({ resetKey, after: cursor ?? null })];
}
