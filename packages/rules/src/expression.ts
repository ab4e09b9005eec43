import jsonata from 'jsonata';
import { RE2JS } from 're2js';
import { expressionShapeProblem, type ExpressionCheck } from './expression-shape.js';
import type { JsonValue } from './json.js';
import { isForbiddenSegment } from './paths.js';

/**
 * Mapping expressions (entry point `@intake/rules/expression`): the check an admin's JSONata expression must pass
 * to be saved, and the sandbox it is compiled into to run. The server validates with it on save and evaluates with
 * it in its worker threads; the console loads it lazily for the same inline errors and for its preview. So both
 * accept exactly the same expressions, and compute the same results.
 *
 * The sandbox, on top of what JSONata itself guarantees (no JavaScript globals, only registered functions; paths
 * read own properties only):
 * - names that reach JavaScript internals (`__proto__`, `constructor`, `prototype`) are refused on save, as a
 *   field, a key or a text, and `$lookup` and `$merge` refuse them at run time (keys built from parts);
 * - `$eval` is refused on save and throws at run time: it would compile text past these checks;
 * - regular expressions run on RE2 (linear time), so no pattern can backtrack for ever; patterns RE2 cannot run
 *   (lookarounds, backreferences) are refused on save;
 * - evaluation nests at most MAX_EVALUATION_DEPTH steps (runaway recursion stops at once) and stops cooperatively
 *   after `timeoutMs`. A single step that never yields (a range of ten million numbers) is not stopped here: the
 *   server runs expressions in worker threads it terminates (server/src/expressions);
 * - no step may build a text longer than MAX_TEXT_CHARACTERS (`$pad` is refused before it allocates), and the
 *   lists one evaluation builds hold at most MAX_LIST_ITEMS items in all. A worker thread's memory limit only ends
 *   the thread when its heap fills gradually: one allocation far past the limit aborts the whole process (Node
 *   gives a worker 16 MB of leeway), so the sandbox keeps every single allocation well below it.
 */

export { MAX_EXPRESSION_LENGTH, type ExpressionCheck } from './expression-shape.js';

/** Evaluation steps nested at most: deep enough for any formula, shallow enough that recursion ends quickly. */
export const MAX_EVALUATION_DEPTH = 500;

/** Characters of an expression's result as JSON at most: a mapped value, not a document. */
export const MAX_RESULT_CHARACTERS = 64 * 1024;

/** Characters of any text an evaluation step builds, at most (10 to 20 MB of memory). */
export const MAX_TEXT_CHARACTERS = 10_000_000;

/**
 * Items of the lists one evaluation builds, in all (lists of fewer than LARGE_LIST items are not counted): room for
 * JSONata's largest range (ten million) and a little more, not for several.
 */
export const MAX_LIST_ITEMS = 20_000_000;
const LARGE_LIST = 1_000;

const EVALUATE_EXIT = Symbol.for('jsonata.__evaluate_exit');

const FORBIDDEN_VARIABLES: ReadonlySet<string> = new Set(['eval']);

const INTERNALS_HINT = 'names that reach JavaScript internals (__proto__, constructor, prototype) cannot be used';

interface AstNode {
  type: string;
  value?: unknown;
  position?: number;
}

interface JsonataFailure {
  code?: string;
  position?: number;
  token?: string;
  message?: string;
}

function failureOf(error: unknown): JsonataFailure {
  return typeof error === 'object' && error !== null ? (error as JsonataFailure) : { message: String(error) };
}

function at(position: number | undefined): string {
  return typeof position === 'number' ? ` (at position ${position})` : '';
}

/**
 * Returns why an expression cannot be saved — empty, too long, not JSONata (with the position JSONata reports), or
 * using what the sandbox refuses — or null when it can.
 */
export const expressionProblem: ExpressionCheck = (source) => {
  const shape = expressionShapeProblem(source);
  if (shape) return shape;
  let ast: AstNode;
  try {
    ast = jsonata(source).ast() as AstNode;
  } catch (error) {
    const failure = failureOf(error);
    return `The expression is not valid JSONata: ${failure.message ?? 'syntax error'}${at(failure.position)}.`;
  }
  return sandboxProblem(ast);
};

/** The first thing in a parsed expression the sandbox refuses, in plain words, or null. */
function sandboxProblem(root: AstNode): string | null {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    const node = value as AstNode;
    const problem = nodeProblem(node);
    if (problem) return problem;
    for (const [key, child] of Object.entries(node)) {
      // A regex node's value is the RegExp itself; `position` and friends are numbers.
      if (key !== 'value' || typeof child === 'object') stack.push(child);
    }
  }
  return null;
}

function nodeProblem(node: AstNode): string | null {
  if (typeof node.type !== 'string') return null;
  if (node.type === 'variable' && typeof node.value === 'string' && FORBIDDEN_VARIABLES.has(node.value)) {
    return `$${node.value} is not available in mapping expressions${at(node.position)}.`;
  }
  if ((node.type === 'name' || node.type === 'string') && typeof node.value === 'string') {
    if (isForbiddenSegment(node.value)) return `"${node.value}" cannot be used${at(node.position)}: ${INTERNALS_HINT}.`;
  }
  if (node.type === 'regex' && node.value instanceof RegExp) {
    try {
      new Re2Engine(node.value);
    } catch {
      return `The regular expression /${node.value.source}/ cannot be used${at(node.position)}: expressions run regular expressions on RE2, which has no lookarounds or backreferences.`;
    }
  }
  return null;
}

/**
 * The RegExp-like engine JSONata runs regular expressions with (its `RegexEngine` option: `new`, `lastIndex`,
 * `exec`), on RE2: linear in the input, whatever the pattern.
 */
class Re2Engine {
  lastIndex = 0;
  private readonly re: RE2JS;

  constructor(regex: RegExp) {
    let flags = 0;
    if (regex.flags.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
    if (regex.flags.includes('m')) flags |= RE2JS.MULTILINE;
    if (regex.flags.includes('s')) flags |= RE2JS.DOTALL;
    this.re = RE2JS.compile(RE2JS.translateRegExp(regex.source), flags);
  }

  exec(input: string): (RegExpExecArray & { index: number }) | null {
    const matcher = this.re.matcher(input);
    if (this.lastIndex > input.length || !matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: string[] = [];
    for (let group = 0; group <= matcher.groupCount(); group++) groups.push(matcher.group(group) as string);
    const match = Object.assign(groups, { index: matcher.start(), input }) as unknown as RegExpExecArray;
    this.lastIndex = matcher.end();
    return match;
  }
}

/** Why an evaluation was refused: `timeout` when it ran out of time, `failed` for everything else. */
export class ExpressionRefusal extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'failed',
  ) {
    super(message);
    this.name = 'ExpressionRefusal';
  }
}

/** What an expression sees besides `$`: `$body`, `$headers` (and, for a split request, `$parent`). */
export type ExpressionBindings = Record<string, JsonValue | undefined>;

export interface SandboxedExpression {
  /** Evaluates against `value` (`$`) and the bindings; rejects with an ExpressionRefusal. */
  evaluate(value: JsonValue | undefined, bindings: ExpressionBindings): Promise<JsonValue | undefined>;
}

export interface SandboxLimits {
  /** Evaluation stops (cooperatively, between steps) after this long. */
  timeoutMs: number;
  /** Sequences longer than this are refused (the console's preview bounds ranges this way); none by default. */
  maxSequence?: number;
}

interface JsonataFunction {
  implementation: (this: unknown, ...args: unknown[]) => unknown;
}

interface Builtins {
  lookup: JsonataFunction;
  merge: JsonataFunction;
  pad: JsonataFunction;
}

let builtins: Promise<Builtins> | undefined;

/** JSONata's own functions that the sandbox wraps (JSONata only hands them out by evaluation). */
function jsonataBuiltins(): Promise<Builtins> {
  builtins ??= (jsonata('[$lookup, $merge, $pad]').evaluate(null) as Promise<JsonataFunction[]>).then(
    ([lookup, merge, pad]) => ({ lookup: lookup!, merge: merge!, pad: pad! }),
  );
  return builtins;
}

function textTooLong(length: number): ExpressionRefusal {
  return new ExpressionRefusal(
    `The expression built a text of ${length} characters; at most ${MAX_TEXT_CHARACTERS} are allowed.`,
    'failed',
  );
}

function refuseInternals(key: unknown, where: string): void {
  if (typeof key === 'string' && isForbiddenSegment(key)) {
    throw new ExpressionRefusal(`${where} refuses the key "${key}": ${INTERNALS_HINT}.`, 'failed');
  }
}

/**
 * Compiles an expression that passed `expressionProblem` into the sandbox; rejects with an ExpressionRefusal
 * (`failed`, with the check's words) for one that does not.
 */
export async function compileExpression(source: string, limits: SandboxLimits): Promise<SandboxedExpression> {
  const problem = expressionProblem(source);
  if (problem) throw new ExpressionRefusal(problem, 'failed');
  const { lookup, merge, pad } = await jsonataBuiltins();
  const expression = jsonata(source, {
    timeout: limits.timeoutMs,
    stack: MAX_EVALUATION_DEPTH,
    ...(limits.maxSequence ? { sequence: limits.maxSequence } : {}),
    RegexEngine: Re2Engine as unknown as RegExpConstructor,
  });
  expression.registerFunction(
    'eval',
    () => {
      throw new ExpressionRefusal('$eval is not available in mapping expressions.', 'failed');
    },
    '<sx?:x>',
  );
  expression.registerFunction(
    'lookup',
    function (this: unknown, object: unknown, key: unknown) {
      refuseInternals(key, '$lookup');
      return lookup.implementation.call(this, object, key);
    },
    '<x-s:x>',
  );
  expression.registerFunction(
    'merge',
    function (this: unknown, objects: unknown) {
      for (const object of Array.isArray(objects) ? objects : [objects]) {
        if (typeof object === 'object' && object !== null) {
          for (const key of Object.keys(object)) refuseInternals(key, '$merge');
        }
      }
      return merge.implementation.call(this, objects);
    },
    '<a<o>:o>',
  );
  expression.registerFunction(
    'pad',
    function (this: unknown, text: unknown, width: unknown, padding: unknown) {
      if (typeof width === 'number' && Math.abs(width) > MAX_TEXT_CHARACTERS) throw textTooLong(Math.abs(width));
      return pad.implementation.call(this, text, width, padding);
    },
    '<s-ns?:s>',
  );
  // Every step's result is measured as it is made: texts by length (O(1), even for a text made by joining two), and
  // large lists counted once each. Evaluations of one compiled expression run one at a time (per worker thread).
  let listItems = 0;
  let lists = new WeakSet<object>();
  expression.assign(
    EVALUATE_EXIT as unknown as string,
    (_node: unknown, _input: unknown, _env: unknown, result: unknown) => {
      if (typeof result === 'string') {
        if (result.length > MAX_TEXT_CHARACTERS) throw textTooLong(result.length);
      } else if (Array.isArray(result) && result.length >= LARGE_LIST && !lists.has(result)) {
        lists.add(result);
        listItems += result.length;
        if (listItems > MAX_LIST_ITEMS) {
          throw new ExpressionRefusal(
            `The expression built lists of more than ${MAX_LIST_ITEMS} items in all; that is the limit.`,
            'failed',
          );
        }
      }
    },
  );
  return {
    evaluate: async (value, bindings) => {
      listItems = 0;
      lists = new WeakSet();
      let result: unknown;
      try {
        result = await expression.evaluate(value, bindings);
      } catch (error) {
        throw refusalOf(error, limits.timeoutMs);
      }
      return jsonResult(result);
    },
  };
}

function refusalOf(error: unknown, timeoutMs: number): ExpressionRefusal {
  if (error instanceof ExpressionRefusal) return error;
  const failure = failureOf(error);
  if (failure.code === 'D1012')
    return new ExpressionRefusal(`The expression did not finish within ${timeoutMs} ms.`, 'timeout');
  if (failure.code === 'D1011') {
    return new ExpressionRefusal(
      `The expression nested more than ${MAX_EVALUATION_DEPTH} steps deep (a recursive function that does not end?)${at(failure.position)}.`,
      'failed',
    );
  }
  if (error instanceof RangeError)
    return new ExpressionRefusal(`The expression ran out of room (${error.message}).`, 'failed');
  return new ExpressionRefusal(
    `The expression failed: ${failure.message ?? 'unknown error'}${at(failure.position)}.`,
    'failed',
  );
}

/**
 * An evaluation's result as a JSON value (undefined: nothing): JSONata's sequences become plain lists; a function
 * is refused, and so is a result larger than MAX_RESULT_CHARACTERS as JSON.
 */
function jsonResult(result: unknown): JsonValue | undefined {
  if (result === undefined) return undefined;
  // Measured before it is written out: JSON of a ten-million-item list is itself a large allocation.
  const size = typeof result === 'string' || Array.isArray(result) ? result.length : 0;
  if (size > MAX_RESULT_CHARACTERS) {
    throw new ExpressionRefusal(
      `The expression's result is longer than ${MAX_RESULT_CHARACTERS} characters as JSON; that is the limit.`,
      'failed',
    );
  }
  const text = JSON.stringify(result, (_key, value: unknown) => {
    if (typeof value === 'function' || isJsonataFunction(value)) {
      throw new ExpressionRefusal("The expression's result holds a function, which is not a JSON value.", 'failed');
    }
    return value;
  });
  if (text === undefined) return undefined;
  if (text.length > MAX_RESULT_CHARACTERS) {
    throw new ExpressionRefusal(
      `The expression's result is ${text.length} characters long as JSON; at most ${MAX_RESULT_CHARACTERS} are allowed.`,
      'failed',
    );
  }
  return JSON.parse(text) as JsonValue;
}

function isJsonataFunction(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return '_jsonata_function' in value || '_jsonata_lambda' in value;
}
