import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { fill, getInput } from '../../test/queries';
import { renderWithProviders } from '../../test/render';
import { FilterBuilder } from './FilterBuilder';
import {
  emptyGroup,
  filterDraftFrom,
  toFilterGroupInput,
  type FilterGroupData,
  type FilterGroupDraft,
} from './filter-model';

/** Holds the draft like the editor does and exposes the latest one to the test. */
function renderBuilder(initial: FilterGroupDraft = emptyGroup()) {
  const latest = { draft: initial };
  function Harness() {
    const [draft, setDraft] = useState(initial);
    latest.draft = draft;
    return <FilterBuilder value={draft} onChange={setDraft} />;
  }
  const view = renderWithProviders(<Harness />);
  return { ...view, latest, user: userEvent.setup({ delay: null }) };
}

async function chooseOption(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, optionName: string) {
  await user.click(input);
  await user.click(await screen.findByRole('option', { name: optionName }));
}

describe('FilterBuilder', () => {
  it('starts empty: no filter accepts every request and converts to null', () => {
    const { latest } = renderBuilder();
    expect(screen.getByText(/No filter: every request is accepted/)).toBeTruthy();
    expect(toFilterGroupInput(latest.draft)).toEqual({ input: null, errors: {} });
  });

  it('adds and removes condition rows', async () => {
    const { user, latest } = renderBuilder();
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    expect(screen.getByRole('group', { name: 'Condition 1' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Condition 2' })).toBeTruthy();

    await fill(user, getInput('Condition 2 attribute'), 'body.second');
    await user.click(screen.getByRole('button', { name: 'Remove condition 1' }));

    expect(screen.queryByRole('group', { name: 'Condition 2' })).toBeNull();
    expect(latest.draft.conditions).toHaveLength(1);
    expect(latest.draft.conditions[0]!.attribute).toBe('body.second');
  });

  it('emits the FilterGroupInput for an EXISTS condition without a value', async () => {
    const { user, latest } = renderBuilder();
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await fill(user, getInput('Condition 1 attribute'), 'body.pointadd');

    expect(screen.getByText('No value needed')).toBeTruthy();
    expect(toFilterGroupInput(latest.draft)).toEqual({
      input: { join: 'AND', conditions: [{ attribute: 'body.pointadd', operator: 'EXISTS' }], groups: [] },
      errors: {},
    });
  });

  it('switches the value input with the operator: number, tags, typed value', async () => {
    const { user, latest } = renderBuilder();
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await fill(user, getInput('Condition 1 attribute'), 'body.points');

    await chooseOption(user, getInput('Condition 1 operator'), 'is greater than');
    await fill(user, getInput('Condition 1 value'), '10');
    expect(toFilterGroupInput(latest.draft).input?.conditions).toEqual([
      { attribute: 'body.points', operator: 'GREATER_THAN', value: 10 },
    ]);

    await chooseOption(user, getInput('Condition 1 operator'), 'is one of');
    const tags = getInput('Condition 1 value');
    await user.type(tags, 'gold{Enter}silver{Enter}');
    expect(toFilterGroupInput(latest.draft).input?.conditions).toEqual([
      { attribute: 'body.points', operator: 'IN', value: ['gold', 'silver'] },
    ]);

    await chooseOption(user, getInput('Condition 1 operator'), 'equals');
    await chooseOption(user, getInput('Condition 1 value type'), 'True/false');
    expect(toFilterGroupInput(latest.draft).input?.conditions).toEqual([
      { attribute: 'body.points', operator: 'EQUALS', value: true },
    ]);
  });

  it('nests groups with their own join and removes them', async () => {
    const { user, latest } = renderBuilder();
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await fill(user, getInput('Condition 1 attribute'), 'headers.x-token');
    await user.click(screen.getByRole('button', { name: 'Add group' }));

    const group = screen.getByRole('group', { name: 'Group 1' });
    await fill(user, getInput('Group 1, condition 1 attribute', group), 'body.a');
    await user.click(within(group).getByRole('button', { name: 'Add condition to group 1' }));
    await fill(user, getInput('Group 1, condition 2 attribute', group), 'body.b');
    await user.click(within(group).getByRole('radio', { name: 'Any (OR)' }));

    await user.click(within(group).getByRole('button', { name: 'Add group to group 1' }));
    const nested = screen.getByRole('group', { name: 'Group 1.1' });
    await fill(user, getInput('Group 1.1, condition 1 attribute', nested), 'body.c');

    expect(toFilterGroupInput(latest.draft)).toEqual({
      input: {
        join: 'AND',
        conditions: [{ attribute: 'headers.x-token', operator: 'EXISTS' }],
        groups: [
          {
            join: 'OR',
            conditions: [
              { attribute: 'body.a', operator: 'EXISTS' },
              { attribute: 'body.b', operator: 'EXISTS' },
            ],
            groups: [{ join: 'AND', conditions: [{ attribute: 'body.c', operator: 'EXISTS' }], groups: [] }],
          },
        ],
      },
      errors: {},
    });

    await user.click(screen.getByRole('button', { name: 'Remove group 1.1' }));
    expect(screen.queryByRole('group', { name: 'Group 1.1' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Remove group 1' }));
    expect(latest.draft.groups).toHaveLength(0);
  });

  it('reports mistakes at the paths the server uses', async () => {
    const { user, latest } = renderBuilder();
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await fill(user, getInput('Condition 1 attribute'), 'pointadd');
    await chooseOption(user, getInput('Condition 1 operator'), 'is less than');
    await fill(user, getInput('Condition 1 value'), 'ten');
    await user.click(screen.getByRole('button', { name: 'Add group' }));
    await user.click(screen.getByRole('button', { name: 'Remove group 1, condition 1' }));

    expect(toFilterGroupInput(latest.draft).errors).toEqual({
      'filter.conditions[0].attribute': '"pointadd" must start with "headers." or "body.", e.g. body.customer_id.',
      'filter.conditions[0].value': 'LESS_THAN needs a number to compare with, e.g. 0; got "ten".',
      'filter.groups[0]': 'This group is empty: add a condition or remove the group.',
    });
  });

  it('shows a stored filter with typed values and server errors at their rows', () => {
    const stored: FilterGroupData = {
      join: 'OR',
      conditions: [
        { attribute: 'body.tier', operator: 'IN', value: [1, 2] },
        { attribute: 'body.count', operator: 'EQUALS', value: 10 },
      ],
      groups: [{ join: 'AND', conditions: [{ attribute: 'body.code', operator: 'MATCHES', value: '^A' }], groups: [] }],
    };
    const draft = filterDraftFrom(stored);
    renderWithProviders(
      <FilterBuilder
        value={draft}
        onChange={() => {}}
        errors={{ 'filter.groups[0].conditions[0].value': 'The pattern is too long.' }}
      />,
    );

    expect(screen.getByRole('radio', { name: 'Any (OR)', checked: true })).toBeTruthy();
    expect(getInput('Condition 2 value type').value).toBe('Number');
    expect(screen.getByText('The pattern is too long.')).toBeTruthy();
    // Loading and saving unchanged gives back exactly what was stored.
    expect(toFilterGroupInput(draft).input).toEqual(stored);
  });
});
