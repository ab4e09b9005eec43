import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { fill, getInput } from '../../test/queries';
import { renderWithProviders } from '../../test/render';
import { loadExpressionModule } from './expression-module';
import { buildPreviewSample, previewExpression } from './expression-preview';
import { MappingEditor } from './MappingEditor';
import { mappingDraftsFrom, toMappingInput, type EventAttributeInfo, type MappingDraft } from './mapping-model';

const ATTRIBUTES: EventAttributeInfo[] = [
  { path: 'customer', type: 'STRING', required: true, description: 'The member' },
  { path: 'data.points', type: 'NUMBER', required: true, description: 'Points to add' },
];

function renderEditor(initial: MappingDraft[], errors = {}) {
  const latest = { rows: initial };
  function Harness() {
    const [rows, setRows] = useState(initial);
    latest.rows = rows;
    return <MappingEditor value={rows} onChange={setRows} attributes={ATTRIBUTES} errors={errors} />;
  }
  renderWithProviders(<Harness />);
  return { latest, user: userEvent.setup({ delay: null }) };
}

const row = (number: number) => screen.getByRole('group', { name: `Mapping ${number}` });

describe('mapping expressions in the editor', () => {
  it('adds an expression behind ƒx, sends it, and removes it again', async () => {
    const { user, latest } = renderEditor(
      mappingDraftsFrom([
        { from: 'id', to: 'customer', replace: [] },
        { from: 'total_price', to: 'data.points', replace: [] },
      ]),
    );
    expect(within(row(2)).queryByLabelText(/^Expression/)).toBeNull();
    await user.click(within(row(2)).getByRole('button', { name: 'ƒx: compute mapping 2 with an expression' }));
    await fill(user, getInput('Expression', row(2)), '$floor($number($) * 10)');

    expect(toMappingInput(latest.rows)).toEqual({
      input: [
        { from: 'id', to: 'customer', replace: [] },
        { from: 'total_price', to: 'data.points', replace: [], expression: '$floor($number($) * 10)' },
      ],
      errors: {},
    });

    await user.click(within(row(2)).getByRole('button', { name: 'Remove ƒx: the expression of mapping 2' }));
    expect(latest.rows[1]!.expression).toBeNull();
    expect(toMappingInput(latest.rows).input[1]).not.toHaveProperty('expression');
  });

  it('previews the result against the sample body, which the admin can edit', async () => {
    const { user } = renderEditor(
      mappingDraftsFrom([
        { from: 'id', to: 'customer', replace: [] },
        { from: 'total_price', to: 'data.points', replace: [], expression: '$floor($number($) * 10)' },
      ]),
    );
    const sample = getInput('Sample body for previews');
    // Built from the rows: a number where the target is a NUMBER.
    expect(JSON.parse(sample.value)).toEqual({ id: 'customer-1', total_price: 10 });
    const preview = screen.getByRole('status', { name: 'Preview of mapping 2' });
    await waitFor(() => expect(preview.textContent).toBe('Result on the sample: 100'));

    await user.clear(sample);
    await fill(user, sample, '{"id": "c-1", "total_price": "58.69"}');
    await waitFor(() => expect(preview.textContent).toBe('Result on the sample: 586'));

    await user.clear(sample);
    await fill(user, sample, '{"total_price": "abc"}');
    await waitFor(() => expect(preview.textContent).toMatch(/Unable to cast value to a number.*422 EXPRESSION_FAILED/));
  });

  it('says what is wrong as you type: JSONata syntax with its position, and what the sandbox refuses', async () => {
    const { user, latest } = renderEditor(
      mappingDraftsFrom([{ from: 'total_price', to: 'data.points', replace: [], expression: '' }]),
    );
    const input = getInput('Expression', row(1));
    await fill(user, input, '$floor($number($) * 10');
    await waitFor(() =>
      expect(within(row(1)).getByText(/^The expression is not valid JSONata: .*\(at position \d+\)\.$/)).toBeTruthy(),
    );
    await user.clear(input);
    await fill(user, input, '$eval("1")');
    await waitFor(() =>
      expect(within(row(1)).getByText(/\$eval is not available in mapping expressions/)).toBeTruthy(),
    );
    // Once loaded, saving refuses the same (the full check, not only the length).
    expect(toMappingInput(latest.rows).errors['mapping[0].expression']).toMatch(/\$eval is not available/);
  });

  it('shows a server error at the row’s expression', () => {
    renderEditor(mappingDraftsFrom([{ from: 'a', to: 'customer', replace: [], expression: '$x' }]), {
      'mapping[0].expression': 'The expression is not valid JSONata: boom (at position 2).',
    });
    expect(getInput('Expression', row(1)).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The expression is not valid JSONata: boom (at position 2).')).toBeTruthy();
  });
});

describe('toMappingInput with expressions', () => {
  it('refuses an empty expression and one over the limit, at the row', () => {
    const rows = mappingDraftsFrom([
      { from: 'a', to: 'customer', replace: [], expression: ' ' },
      { from: 'b', to: 'data.points', replace: [], expression: `"${'x'.repeat(1_000)}"` },
    ]);
    expect(toMappingInput(rows).errors).toEqual({
      'mapping[0].expression': 'The expression is empty: write one, or remove it to copy the value as it is.',
      'mapping[1].expression': 'The expression is 1002 characters long; at most 1000 are allowed.',
    });
  });
});

describe('previewExpression', () => {
  it('binds $ at from, $body and $headers like the server, and bounds what the tab computes', async () => {
    const module = (await loadExpressionModule())!;
    const body = { order: { total: '12.5' }, tier: 'gold' };
    expect(await previewExpression(module, '$number($) * 2', 'order.total', body)).toEqual({
      kind: 'value',
      value: 25,
    });
    expect(await previewExpression(module, '$body.tier & "/" & $headers."content-type"', 'x', body)).toEqual({
      kind: 'value',
      value: 'gold/application/json',
    });
    expect(await previewExpression(module, '$', 'missing', body)).toEqual({ kind: 'nothing' });
    expect(await previewExpression(module, '$sum([1..10000000])', 'x', body)).toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(/maximum sequence length/),
    });
    expect(await previewExpression(module, '$.constructor', 'x', body)).toMatchObject({ kind: 'invalid' });
  });

  it('builds a starting sample from the rows', () => {
    const rows = mappingDraftsFrom([
      { from: 'client.id', to: 'customer', replace: [] },
      { from: 'order.total', to: 'data.points', replace: [] },
      { from: 'note', to: 'data.reason', replace: [] },
      { from: 'body.bad', to: 'data.x', replace: [] },
    ]);
    expect(buildPreviewSample(rows, ATTRIBUTES)).toEqual({
      client: { id: 'customer-1' },
      order: { total: 10 },
      note: 'example',
      body: { bad: 'example' },
    });
  });
});
