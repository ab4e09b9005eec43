import { describe, expect, it } from 'vitest';
import { dryRunFilterTrace, loggedFilterTrace, type LoggedFilterRequest } from './filter-trace.js';
import { evaluateFilter } from './filter.js';
import type { FilterGroup } from './types.js';

const FILTER: FilterGroup = {
  join: 'AND',
  conditions: [{ attribute: 'headers.x-token', operator: 'EQUALS', value: 's3cret' }],
  groups: [
    {
      join: 'OR',
      conditions: [
        { attribute: 'body.kind', operator: 'EQUALS', value: 'earn' },
        { attribute: 'body.kind', operator: 'EQUALS', value: 'bonus' },
      ],
      groups: [],
    },
  ],
};

const log = (overrides: Partial<LoggedFilterRequest>): LoggedFilterRequest => ({
  outcome: 'PROCESSED',
  errorCode: null,
  requestHeaders: { 'content-type': 'application/json', 'x-token': '[REDACTED]' },
  requestBody: '{"kind":"earn"}',
  bodyTruncated: false,
  ...overrides,
});

const states = (trace: ReturnType<typeof loggedFilterTrace>) =>
  trace!.conditions.map(
    (c) => `${c.groupPath}.${c.index} ${c.evaluated ? (c.passed ? 'passed' : 'failed') : c.explanation}`,
  );

describe('a log’s filter trace', () => {
  it('evaluates the logged body again, leaves redacted headers unevaluated, and takes the verdict from the outcome', () => {
    const trace = loggedFilterTrace(FILTER, log({}));
    expect(trace!.verdict).toBe('MATCHED');
    expect(trace!.groups.map((g) => [g.path, g.verdict])).toEqual([
      ['0', 'UNKNOWN'],
      ['0.0', 'MATCHED'],
    ]);
    expect(states(trace)).toEqual([
      '0.0 not evaluated: the value is not kept in the log',
      '0.0.0 passed',
      '0.0.1 not evaluated: an earlier condition decided its group',
    ]);
  });

  it('shows which group failed for a FILTERED log', () => {
    const trace = loggedFilterTrace(
      FILTER,
      log({ outcome: 'FILTERED', errorCode: 'FILTERED', requestBody: '{"kind":"spend"}' }),
    );
    expect(trace!.verdict).toBe('NOT_MATCHED');
    expect(trace!.groups.map((g) => g.verdict)).toEqual(['NOT_MATCHED', 'NOT_MATCHED']);
  });

  it('reads form bodies as ingestion does', () => {
    const trace = loggedFilterTrace(
      FILTER,
      log({
        requestHeaders: { 'content-type': 'application/x-www-form-urlencoded', 'x-token': '[REDACTED]' },
        requestBody: 'kind=bonus',
      }),
    );
    expect(states(trace).slice(1)).toEqual(['0.0.0 failed', '0.0.1 passed']);
  });

  it.each([
    ['INVALID_JSON', 'the body could not be read'],
    ['UNSUPPORTED_MEDIA_TYPE', 'the body could not be read'],
    ['SIGNATURE_INVALID', 'the sender was not verified'],
    ['WEBHOOK_INACTIVE', 'the webhook was inactive'],
  ])('a log refused before its filter (%s): not evaluated, saying why', (errorCode, reason) => {
    const trace = loggedFilterTrace(FILTER, log({ outcome: 'INVALID_REQUEST', errorCode }));
    expect(trace!.verdict).toBe('NOT_EVALUATED');
    expect(trace!.reason).toBe(reason);
    expect(trace!.groups.every((g) => g.verdict === 'NOT_EVALUATED')).toBe(true);
    expect(trace!.conditions.every((c) => !c.evaluated && c.explanation === `not evaluated: ${reason}`)).toBe(true);
  });

  it('says when the logged body is not kept in full', () => {
    const trace = loggedFilterTrace(FILTER, log({ bodyTruncated: true }));
    expect(trace).toMatchObject({ verdict: 'MATCHED', reason: 'the log keeps only the beginning of this body' });
  });

  it('is null without a filter', () => {
    expect(loggedFilterTrace(null, log({}))).toBeNull();
    expect(loggedFilterTrace({ join: 'AND', conditions: [], groups: [] }, log({}))).toBeNull();
  });
});

describe('the dry run’s filter trace', () => {
  it('is the evaluation when the filter ran', () => {
    const evaluated = evaluateFilter(FILTER, { headers: { 'x-token': 's3cret' }, body: { kind: 'bonus' } });
    const trace = dryRunFilterTrace(FILTER, evaluated, null);
    expect(trace).toMatchObject({ verdict: 'MATCHED', reason: null });
    expect(trace!.groups.map((g) => g.verdict)).toEqual(['MATCHED', 'MATCHED']);
  });

  it('says "the body could not be read" for an invalid body, instead of no filter', () => {
    const trace = dryRunFilterTrace(FILTER, null, 'INVALID_JSON');
    expect(trace).toMatchObject({ verdict: 'NOT_EVALUATED', reason: 'the body could not be read' });
    expect(trace!.conditions).toHaveLength(3);
  });

  it('is null without a filter', () => {
    expect(dryRunFilterTrace(null, null, 'INVALID_JSON')).toBeNull();
  });
});
