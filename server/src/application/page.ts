/** One page of a newest-first list; `endCursor` is passed back as `after` for the next one. */
export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Which page: at most `first` items (validated by the repository), after an `endCursor` it returned. */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
}
