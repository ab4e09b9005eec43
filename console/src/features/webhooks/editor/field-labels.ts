/**
 * Names an input path the way the editor shows it, for the error summary:
 * `mapping[1].replace[0].value` → "Mapping 2, replace value 1, value".
 */
const WORDS: Record<string, string> = {
  name: 'Name',
  method: 'Method',
  endpoint: 'Endpoint',
  action: 'Action',
  successResponse: 'Success response',
  errorResponse: 'Error response',
  expectedVersion: 'Version',
  filter: 'Filter',
  groups: 'group',
  conditions: 'condition',
  mapping: 'Mapping',
  replace: 'replace value',
  from: 'From',
  to: 'To',
  default: 'Default',
  verification: 'Authentication',
  scheme: 'scheme',
  header: 'header',
  algorithm: 'algorithm',
  encoding: 'encoding',
  prefix: 'prefix',
  timestampHeader: 'timestamp header',
  toleranceSeconds: 'tolerance',
  username: 'username',
  idempotency: 'Idempotency',
  key: 'delivery id',
  windowHours: 'window',
  splitOn: 'Split into items',
};

export function describeFieldPath(path: string): string {
  const parts = [...path.matchAll(/([A-Za-z_]+)(?:\[(\d+)\])?/g)].map(([, word, index]) => {
    const label = WORDS[word!] ?? word!;
    return index === undefined ? label : `${label} ${Number(index) + 1}`;
  });
  return parts.join(', ');
}
