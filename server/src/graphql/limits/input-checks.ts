import { Kind, visit, type DocumentNode, type OperationDefinitionNode, type ValueNode } from 'graphql';

/** Arguments nest at most this deep (objects and lists), as ingestion bodies do: deeper input is refused. */
export const MAX_INPUT_DEPTH = 64;

/** A problem of an argument, at its input path (e.g. `input.filter.conditions[0].value`). */
export interface InputProblem {
  field: string;
  message: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a text cannot be taken: PostgreSQL cannot store NUL in text or JSON, and an unpaired surrogate is not Unicode
 * (it cannot be encoded as UTF-8 at all). Null when it is fine.
 */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which cannot be stored';
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    const code = surrogate[0].charCodeAt(0).toString(16).toUpperCase();
    return `contains an unpaired surrogate (U+${code}), which is not valid Unicode text`;
  }
  return null;
}

const depthProblem = `is nested more than ${MAX_INPUT_DEPTH} levels deep`;

/**
 * The first argument of `operation` that holds an unstorable text (`textProblem`, in values and object keys alike)
 * or nests deeper than MAX_INPUT_DEPTH — in literals and in variables, named by the argument it is passed to. Runs
 * before variables are coerced, so that no deep value reaches a recursive step; iterative itself.
 */
export function findInputProblem(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): InputProblem | null {
  const argumentOfVariable = new Map<string, string>();
  let literalProblem: InputProblem | null = null;
  const inspectArguments = (node: DocumentNode['definitions'][number]) =>
    visit(node, {
      Argument(argument) {
        literalProblem ??= inspectLiteral(argument.value, argument.name.value, argumentOfVariable);
        return false;
      },
    });
  inspectArguments(operation);
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) inspectArguments(definition);
  }
  if (literalProblem) return literalProblem;
  for (const [name, value] of Object.entries(variables ?? {})) {
    const problem = inspectValue(value, argumentOfVariable.get(name) ?? `$${name}`);
    if (problem) return problem;
  }
  return null;
}

/** Checks a literal argument value; records under which path each variable inside it is passed. */
function inspectLiteral(root: ValueNode, rootPath: string, argumentOfVariable: Map<string, string>) {
  const stack: { node: ValueNode; path: string; depth: number }[] = [{ node: root, path: rootPath, depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    const container = node.kind === Kind.LIST || node.kind === Kind.OBJECT;
    if (container && depth >= MAX_INPUT_DEPTH) return { field: path, message: `${path} ${depthProblem}.` };
    if (node.kind === Kind.VARIABLE) {
      if (!argumentOfVariable.has(node.name.value)) argumentOfVariable.set(node.name.value, path);
    } else if (node.kind === Kind.STRING) {
      const problem = textProblem(node.value);
      if (problem) return { field: path, message: `${path} ${problem}.` };
    } else if (node.kind === Kind.LIST) {
      node.values.forEach((item, i) => stack.push({ node: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else if (node.kind === Kind.OBJECT) {
      for (const field of node.fields) {
        stack.push({ node: field.value, path: `${path}.${field.name.value}`, depth: depth + 1 });
      }
    }
  }
  return null;
}

/** Checks a variable's value as sent (plain JSON). */
export function inspectValue(root: unknown, rootPath: string): InputProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: rootPath, depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { field: path, message: `${path} ${problem}.` };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path, message: `${path} ${depthProblem}.` };
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const problem = textProblem(key);
      if (problem) return { field: path, message: `A key of ${path} ${problem}.` };
      stack.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}
