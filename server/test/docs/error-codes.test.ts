import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { EXPRESSION_ERROR_CODES } from '@intake/rules';
import { ERROR_CODES } from '../../src/domain/errors.js';

describe('error catalogue', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

  it.each([...Object.keys(ERROR_CODES), ...Object.keys(EXPRESSION_ERROR_CODES)])(
    'documents %s in the README',
    (code) => {
      expect(readme).toContain(`| \`${code}\` |`);
    },
  );
});
