import { useCallback, useLayoutEffect, useRef } from 'react';

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
 * `value`, or the object given last time when it has the same JSON: a value recomputed on every keystroke (the
 * editor's errors) keeps its identity while its content does not change, so memoised children skip rendering.
 */
export function useStableValue<T>(value: T): T {
  const previous = useRef<{ value: T; text: string }>(undefined);
  const text = JSON.stringify(value);
  if (previous.current?.text === text) return previous.current.value;
  previous.current = { value, text };
  return value;
}
