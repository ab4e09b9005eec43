/** JSON text with explained mistakes: shared with the console, which must show the server's words. */
export { parseJsonText, type JsonParseResult } from '@intake/rules';
