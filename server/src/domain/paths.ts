/**
 * Dot paths into JSON values (reading, prototype-safe writing, validating): shared with the console, which writes
 * sample requests and checks the paths admins type with the same code.
 */
export {
  cloneJson,
  filterAttributeProblem,
  isForbiddenSegment,
  lookupPath,
  MAX_PATH_SEGMENTS,
  MAX_SEGMENT_LENGTH,
  MISSING,
  parseFilterAttribute,
  pathProblem,
  readPath,
  setOwnProperty,
  splitPath,
  writePath,
  type FilterAttribute,
  type Missing,
} from '@intake/rules';
