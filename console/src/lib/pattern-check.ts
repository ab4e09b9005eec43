import type { PatternCheck } from '@intake/rules';
import { useEffect, useState } from 'react';

/**
 * The server's RE2 pattern check, loaded on demand: RE2 is large, and only filters with a MATCHES condition need
 * it. Until it has loaded (or when loading failed), the editor checks patterns for emptiness and length only and
 * the server's answer fills in the rest, at the same input.
 */

let loaded: PatternCheck | undefined;
let loading: Promise<PatternCheck | undefined> | undefined;

/** Loads the check once; resolves to undefined when the chunk could not be loaded (a later call tries again). */
export function loadPatternCheck(): Promise<PatternCheck | undefined> {
  loading ??= import('@intake/rules/regex').then(
    (module) => (loaded = module.patternProblem),
    () => {
      loading = undefined;
      return undefined;
    },
  );
  return loading;
}

/** The RE2 check once loaded; starts loading as soon as `needed` is true, and re-renders when it arrives. */
export function usePatternCheck(needed: boolean): PatternCheck | undefined {
  const [check, setCheck] = useState(() => loaded);
  useEffect(() => {
    if (!needed || check) return;
    let current = true;
    void loadPatternCheck().then((result) => {
      if (current && result) setCheck(() => result);
    });
    return () => {
      current = false;
    };
  }, [needed, check]);
  return check;
}
