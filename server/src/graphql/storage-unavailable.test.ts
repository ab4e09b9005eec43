import { describe, expect, it } from 'vitest';
import { isStorageUnavailable } from './storage-unavailable.js';

function withCode(message: string, code: string, name = 'Error') {
  return Object.assign(new Error(message), { code, name });
}

describe('isStorageUnavailable', () => {
  it.each([
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), true],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET'), true],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300'), true],
    ['an administrator terminated the backend (57P01)', withCode('terminating connection', '57P01'), true],
    ['the server is starting up (57P03)', withCode('the database system is starting up', '57P03'), true],
    [
      'a statement cancelled on timeout (57014)',
      withCode('canceling statement due to statement timeout', '57014'),
      true,
    ],
    ['a lock not available (55P03)', withCode('could not obtain lock', '55P03'), true],
    [
      'the pool could not hand out a connection',
      new Error('Knex: Timeout acquiring a connection. The pool is probably full.'),
      true,
    ],
    ['the connection ended under the query', new Error('Connection terminated unexpectedly'), true],
    ["MikroORM's wrapper of it", Object.assign(new Error('x'), { name: 'ConnectionException' }), true],
    ['wrapped as a cause', new Error('outer', { cause: withCode('refused', 'ECONNREFUSED') }), true],
    ['a missing table (42P01) is our bug', withCode('relation "webhooks" does not exist', '42P01'), false],
    ['a unique violation (23505) is not', withCode('duplicate key', '23505'), false],
    ['a plain error is not', new Error('undefined is not a function'), false],
    ['a non-error is not', 'ECONNREFUSED', false],
  ])('%s', (_case, error, expected) => {
    expect(isStorageUnavailable(error)).toBe(expected);
  });

  it('does not loop on a cycle of causes', () => {
    const error = new Error('a');
    (error as { cause?: unknown }).cause = error;
    expect(isStorageUnavailable(error)).toBe(false);
  });
});
