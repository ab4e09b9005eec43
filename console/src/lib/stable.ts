import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';

/**
 * A callback whose identity never changes but which always calls the latest `fn`: memoised children (editor rows)
 * can take it without re-rendering whenever their parent does.
 */
export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const latest = useRef(fn);
  useLayoutEffect(() => {
    latest.current = fn;
  });
  return useCallback((...args: A) => latest.current(...args), []);
}

/**
 * A plain JSON value (the editor's errors, recomputed on every keystroke) as an object that keeps its identity while
 * its content does not change, so that memoised children skip rendering.
 */
export function useStableValue<T>(value: T): T {
  const text = JSON.stringify(value);
  return useMemo(() => JSON.parse(text) as T, [text]);
}
