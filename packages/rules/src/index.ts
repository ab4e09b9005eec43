/**
 * What the console and the server must agree on: enum lists, limits, the syntax of endpoints, paths and filter
 * attributes, the checks of a webhook's settings with their messages, JSON text explanations and the error codes.
 * Pure TypeScript that runs in Node and in browsers. The RE2 pattern check is a separate entry point,
 * `@intake/rules/regex`, and so is the JSONata expression check and sandbox, `@intake/rules/expression`, so that the
 * console can load them lazily.
 */
export * from './enums.js';
export * from './errors.js';
export * from './expression-shape.js';
export * from './json.js';
export * from './paths.js';
export * from './pattern.js';
export * from './sample.js';
export * from './settings.js';
export * from './verification.js';
