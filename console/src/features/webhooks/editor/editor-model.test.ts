import { AGREEMENT_CASES } from '@intake/rules/agreement-cases';
import { describe, expect, it } from 'vitest';
import { emptyGroup } from '../../../components/FilterBuilder/filter-model';
import { loadPatternCheck } from '../../../lib/pattern-check';
import { pointAddWebhook } from '../../../test/fixtures';
import { convertDraft, draftFrom, sameDraft, toUpdateInput } from './editor-model';
import { describeFieldPath } from './field-labels';

describe('editor model', () => {
  const baseline = draftFrom(pointAddWebhook());

  it('round-trips a stored webhook unchanged', () => {
    expect(sameDraft(draftFrom(pointAddWebhook()), baseline)).toBe(true);
    expect(toUpdateInput(baseline, baseline, 3).input).toEqual({ expectedVersion: 3 });
  });

  it('sends null to clear: an emptied filter and an emptied response', () => {
    const draft = { ...baseline, filter: emptyGroup(), successResponse: '  ' };
    expect(toUpdateInput(draft, baseline, 3).input).toEqual({
      filter: null,
      successResponse: null,
      expectedVersion: 3,
    });
  });

  it('sends the whole mapping list when one row changed, so indices match the server errors', () => {
    const mapping = baseline.mapping.map((row, index) => (index === 1 ? { ...row, to: 'data.amount' } : row));
    expect(toUpdateInput({ ...baseline, mapping }, baseline, 3).input).toEqual({
      mapping: [
        { from: 'clientID', to: 'customer', replace: [] },
        { from: 'pointstobeadded', to: 'data.amount', replace: [] },
      ],
      expectedVersion: 3,
    });
  });

  it('leaves a filter it cannot show in full out of the patch', () => {
    const draft = { ...baseline, filter: emptyGroup(), name: 'Renamed' };
    expect(toUpdateInput(draft, baseline, 3, { filterEditable: false }).input).toEqual({
      name: 'Renamed',
      expectedVersion: 3,
    });
  });

  it('checks name, endpoint, action and responses before saving', () => {
    const draft = { ...baseline, name: ' ', endpoint: 'Bad Endpoint', action: '', errorResponse: "{'notok':false}" };
    expect(Object.keys(convertDraft(draft).errors).sort()).toEqual(['action', 'endpoint', 'errorResponse', 'name']);
  });

  it('sends splitOn trimmed when set, leaves it out of a new webhook when empty and checks its body. prefix', () => {
    expect(convertDraft({ ...baseline, splitOn: ' body.events ' }).input.splitOn).toBe('body.events');
    expect('splitOn' in convertDraft(baseline).input).toBe(false);
    expect(convertDraft({ ...baseline, splitOn: 'events' }).errors.splitOn).toMatch(/must be "body\." followed by/);
    expect(draftFrom(pointAddWebhook({ splitOn: 'body.lines' })).splitOn).toBe('body.lines');
    expect(describeFieldPath('splitOn')).toBe('Split into items');
  });

  it('names input paths the way the editor shows them', () => {
    expect(describeFieldPath('mapping[1].replace[0].value')).toBe('Mapping 2, replace value 1, value');
    expect(describeFieldPath('filter.groups[0].conditions[2].attribute')).toBe(
      'Filter, group 1, condition 3, attribute',
    );
    expect(describeFieldPath('successResponse')).toBe('Success response');
  });
});

describe('the table the server must agree with (@intake/rules/agreement-cases)', () => {
  it.each(AGREEMENT_CASES.map((c) => [c.label, c] as const))('%s', async (_label, { settings, expected }) => {
    const conversion = convertDraft(draftFrom(settings), { patternProblem: await loadPatternCheck() });
    // The editor sends exactly the settings of the case, so the server judged the same input.
    expect(conversion.input).toEqual(settings);
    expect(conversion.errors).toEqual(expected);
  });
});
