import type { ExpressionCheck } from '@intake/rules';
import type * as Expression from '@intake/rules/expression';
import { useEffect, useState } from 'react';

/**
 * `@intake/rules/expression` (JSONata, RE2 and the sandbox), loaded on demand: only mapping rows with an expression
 * need it, and it is far larger than the rest of the editor. Until it has loaded (or when loading failed), an
 * expression is checked for emptiness and length only, and the server's answer fills in the rest at the same input.
 */

export type ExpressionModule = typeof Expression;

let loaded: ExpressionModule | undefined;
let loading: Promise<ExpressionModule | undefined> | undefined;

/** Loads the module once; resolves to undefined when the chunk could not be loaded (a later call tries again). */
export function loadExpressionModule(): Promise<ExpressionModule | undefined> {
  loading ??= import('@intake/rules/expression').then(
    (module) => (loaded = module),
    () => {
      loading = undefined;
      return undefined;
    },
  );
  return loading;
}

/** The full check when the module has loaded already (saving does not wait for it: the server checks anyway). */
export function loadedExpressionCheck(): ExpressionCheck | undefined {
  return loaded?.expressionProblem;
}

/** The module once loaded; starts loading as soon as `needed` is true, and re-renders when it arrives. */
export function useExpressionModule(needed: boolean): ExpressionModule | undefined {
  const [module, setModule] = useState(() => loaded);
  useEffect(() => {
    if (!needed || module) return;
    let current = true;
    void loadExpressionModule().then((result) => {
      if (current && result) setModule(result);
    });
    return () => {
      current = false;
    };
  }, [needed, module]);
  return module;
}
