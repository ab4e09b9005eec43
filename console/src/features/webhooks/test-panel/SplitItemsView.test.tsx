import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { WebhookTestResultFieldsFragment } from '../../../gql/graphql';
import { renderWithProviders } from '../../../test/render';
import { SplitItemsView } from './SplitItemsView';

type Result = WebhookTestResultFieldsFragment;
type Item = Result['items'][number];

function item(index: number, customer: string, points: unknown, issues: Item['issues'] = []): Item {
  const row = (from: string, to: string, value: unknown) => ({
    from,
    to,
    found: value !== undefined,
    usedDefault: false,
    replaced: false,
    value: value ?? null,
    expression: null,
    expressionResult: null,
  });
  return {
    index,
    mapping: [row('customer_id', 'customer', customer), row('points', 'data.points', points)],
    mappedEvent: { customer, data: { points } },
    convertedEvent: issues.length === 0 ? { customer, data: { points } } : null,
    issues,
  };
}

function resultWith(items: Item[], events: unknown[]): Result {
  return { items, events } as Result;
}

describe('SplitItemsView (the dry run of a split sample)', () => {
  it('shows each item mapped and the events the request would register', () => {
    renderWithProviders(
      <SplitItemsView
        result={resultWith(
          [item(0, 'c-1', 1), item(1, 'c-2', 2.5)],
          [
            { action: 'point_add', customer: 'c-1', data: { points: 1 } },
            { action: 'point_add', customer: 'c-2', data: { points: 2.5 } },
          ],
        )}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Items (2)' })).toBeTruthy();
    const second = screen.getByRole('article', { name: 'Item 2' });
    expect(within(second).getByRole('table', { name: 'Item 2 mapping' }).textContent).toContain('c-2');
    expect(screen.getByText('It would register 2 events:')).toBeTruthy();
    const rows = within(screen.getByRole('table', { name: 'Events it would register' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((row) => row.textContent)).toEqual(['point_addc-11', 'point_addc-22.5']);
  });

  it('marks the item refused, with its issues, and registers nothing', () => {
    const refused = item(1, 'c-2', 'many', [
      { code: 'INVALID_TYPE', attribute: 'data.points', message: 'data.points must be a number' },
    ]);
    renderWithProviders(<SplitItemsView result={resultWith([item(0, 'c-1', 1), refused], [])} />);
    const second = screen.getByRole('article', { name: 'Item 2' });
    expect(within(second).getByText('refused')).toBeTruthy();
    expect(within(second).getByRole('alert').textContent).toContain('data.points must be a number');
    expect(screen.getByText('No events would be registered.')).toBeTruthy();
  });

  it('shows nothing when the webhook does not split', () => {
    const { container } = renderWithProviders(<SplitItemsView result={resultWith([], [{ action: 'point_add' }])} />);
    expect(container.querySelector('section')).toBeNull();
  });
});
