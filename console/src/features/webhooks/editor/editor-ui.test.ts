import { describe, expect, it } from 'vitest';
import { emptyCondition, emptyGroup } from '../../../components/FilterBuilder/filter-model';
import { sectionOf } from './editor-ui';
import { filterSummary } from './sections/FilterSection';

describe('sectionOf', () => {
  it.each([
    ['name', 'name'],
    ['endpoint', 'request'],
    ['method', 'request'],
    ['verification.header', 'authentication'],
    ['idempotency.windowHours', 'idempotency'],
    ['filter.groups[1].conditions[0].value', 'filter'],
    ['action', 'action'],
    ['splitOn', 'split'],
    ['mapping[2].replace[0].value', 'mapping'],
    ['errorResponse', 'response'],
    ['expectedVersion', undefined],
  ])('%s is shown in %s', (path, section) => {
    expect(sectionOf(path)).toBe(section);
  });
});

describe('filterSummary', () => {
  it('counts conditions and groups, nested ones included', () => {
    const nested = { ...emptyGroup('OR'), conditions: [emptyCondition(), emptyCondition()] };
    const root = { ...emptyGroup(), conditions: [emptyCondition()], groups: [nested] };
    expect(filterSummary(root)).toBe('3 conditions in 2 groups');
    expect(filterSummary({ ...emptyGroup(), conditions: [emptyCondition()] })).toBe('1 condition in 1 group');
    expect(filterSummary(emptyGroup())).toBe('No filter: every request is accepted');
  });
});
