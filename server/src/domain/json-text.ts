/** JSON text with explained mistakes: shared with the console, which must show the server's words. */
export { parseJsonText, type JsonParseResult } from '@intake/rules';

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when objects and lists in `text` nest deeper than `maxDepth`. One left-to-right pass without recursion
 * (brackets inside strings do not count), so it is safe on any input, valid JSON or not: the check runs before
 * anything that walks a parsed value recursively.
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  // Each level needs its own opening bracket.
  if (text.length <= maxDepth) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && depth > 0) {
      depth--;
    }
  }
  return false;
}
