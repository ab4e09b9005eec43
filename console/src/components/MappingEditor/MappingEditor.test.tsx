import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { fill, getInput } from '../../test/queries';
import { renderWithProviders } from '../../test/render';
import { MappingEditor } from './MappingEditor';
import { mappingDraftsFrom, toMappingInput, type EventAttributeInfo, type MappingDraft } from './mapping-model';

const POINT_ADD_ATTRIBUTES: EventAttributeInfo[] = [
  { path: 'customer', type: 'STRING', required: true, description: 'The member' },
  { path: 'data.points', type: 'NUMBER', required: true, description: 'Points to add' },
  { path: 'data.reason', type: 'STRING', required: false, description: 'Why' },
];

function renderEditor(
  initial: MappingDraft[] = [],
  attributes: EventAttributeInfo[] | undefined = POINT_ADD_ATTRIBUTES,
) {
  const latest = { rows: initial };
  function Harness() {
    const [rows, setRows] = useState(initial);
    latest.rows = rows;
    return <MappingEditor value={rows} onChange={setRows} attributes={attributes} />;
  }
  renderWithProviders(<Harness />);
  return { latest, user: userEvent.setup({ delay: null }) };
}

function requiredNotice() {
  return screen.queryByRole('alert', { name: 'Required attributes not mapped yet' });
}

describe('MappingEditor', () => {
  it('adds rows and converts them to MappingInput', async () => {
    const { user, latest } = renderEditor();
    await user.click(screen.getByRole('button', { name: 'Add mapping' }));
    const row = screen.getByRole('group', { name: 'Mapping 1' });
    await fill(user, getInput('From', row), 'clientID');
    await fill(user, getInput('To', row), 'customer');

    await user.click(screen.getByRole('button', { name: 'Add mapping' }));
    const second = screen.getByRole('group', { name: 'Mapping 2' });
    await fill(user, getInput('From', second), 'pointstobeadded');
    await fill(user, getInput('To', second), 'data.points');
    await user.clear(getInput('Default', second));
    await fill(user, getInput('Default', second), '5');
    await user.click(getInput('Default type', second));
    await user.click(await screen.findByRole('option', { name: 'Number' }));

    expect(toMappingInput(latest.rows)).toEqual({
      input: [
        { from: 'clientID', to: 'customer', replace: [] },
        { from: 'pointstobeadded', to: 'data.points', default: 5, replace: [] },
      ],
      errors: {},
    });
  });

  it("suggests the action's attributes in To", async () => {
    const { user } = renderEditor();
    await user.click(screen.getByRole('button', { name: 'Add mapping' }));
    await user.click(getInput('To', screen.getByRole('group', { name: 'Mapping 1' })));

    const listbox = await screen.findByRole('listbox');
    const suggestions = within(listbox)
      .getAllByRole('option')
      .map((option) => option.textContent);
    expect(suggestions).toEqual(['customerrequired', 'data.pointsrequired', 'data.reason']);

    await user.click(within(listbox).getByRole('option', { name: /data\.points/ }));
    expect(getInput('To', screen.getByRole('group', { name: 'Mapping 1' })).value).toBe('data.points');
  });

  it('flags required attributes not mapped yet and adds a row for one', async () => {
    const { user, latest } = renderEditor(mappingDraftsFrom([{ from: 'clientID', to: 'customer', replace: [] }]));
    const notice = requiredNotice();
    expect(notice).toBeTruthy();
    expect(within(notice!).queryByRole('button', { name: 'Map customer' })).toBeNull();

    await user.click(within(notice!).getByRole('button', { name: 'Map data.points' }));
    expect(latest.rows.map((row) => row.to)).toEqual(['customer', 'data.points']);
    expect(requiredNotice()).toBeNull();
  });

  it('asks for customer even when the definition does not list it', () => {
    renderEditor([], [{ path: 'data.reason', type: 'STRING', required: false, description: '' }]);
    expect(within(requiredNotice()!).getByRole('button', { name: 'Map customer' })).toBeTruthy();
  });

  it('edits replace values with their types', async () => {
    const { user, latest } = renderEditor(mappingDraftsFrom([{ from: 'tier', to: 'data.tier', replace: [] }]));
    const row = screen.getByRole('group', { name: 'Mapping 1' });
    await user.click(within(row).getByRole('button', { name: 'Add replace value' }));
    await fill(user, getInput('Replace value 1', row), 'G');
    await fill(user, getInput('Replacement 1', row), 'gold');

    await user.click(within(row).getByRole('button', { name: 'Add replace value' }));
    await fill(user, getInput('Replace value 2', row), '1');
    await user.click(getInput('Replace value 2 type', row));
    await user.click(await screen.findByRole('option', { name: 'Number' }));
    await user.click(getInput('Replacement 2 type', row));
    await user.click(await screen.findByRole('option', { name: 'True/false' }));

    expect(toMappingInput(latest.rows).input).toEqual([
      {
        from: 'tier',
        to: 'data.tier',
        replace: [
          { value: 'G', replacement: 'gold' },
          { value: 1, replacement: true },
        ],
      },
    ]);

    await user.click(within(row).getByRole('button', { name: 'Remove replace value 1' }));
    expect(toMappingInput(latest.rows).input[0]!.replace).toEqual([{ value: 1, replacement: true }]);
  });

  it('removes rows and reports mistakes at the server paths', async () => {
    const { user, latest } = renderEditor(
      mappingDraftsFrom([
        { from: 'a', to: 'customer', replace: [] },
        { from: 'body.points', to: 'points', replace: [] },
      ]),
    );
    expect(toMappingInput(latest.rows).errors).toEqual({
      'mapping[1].from': '"body.points" starts with "body.": mapping reads the body only, so write "points".',
      'mapping[1].to': 'The target "points" must be "customer" or start with "data.", e.g. data.points.',
    });
    await user.click(screen.getByRole('button', { name: 'Remove mapping 1' }));
    expect(latest.rows.map((row) => row.from)).toEqual(['body.points']);
  });

  it('shows server errors at the input they name', () => {
    renderWithProviders(
      <MappingEditor
        value={mappingDraftsFrom([
          { from: 'a', to: 'customer', replace: [] },
          { from: 'b', to: 'data.nope', replace: [] },
        ])}
        onChange={() => {}}
        attributes={POINT_ADD_ATTRIBUTES}
        errors={{ 'mapping[1].to': 'point_add has no attribute data.nope.' }}
      />,
    );
    const to = getInput('To', screen.getByRole('group', { name: 'Mapping 2' }));
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('point_add has no attribute data.nope.')).toBeTruthy();
  });
});
