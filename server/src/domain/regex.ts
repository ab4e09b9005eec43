/** RE2 patterns: shared with the console, which must accept exactly the patterns the server accepts. */
export { compilePattern, MAX_PATTERN_LENGTH, patternProblem, type CompiledPattern } from '@intake/rules/regex';
