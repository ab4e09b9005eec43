import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockClient } from '../../test/mock-client';
import { renderWithProviders } from '../../test/render';
import CustomerPage from './CustomerPage';

const CUSTOMER = {
  id: 'c-1',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  labels: ['vip'],
  points: 1250,
  optedOut: false,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
  events: {
    nodes: [
      {
        id: 'ev-1',
        action: 'point_add',
        data: { points: 250 },
        createdAt: '2025-01-02T00:00:00Z',
        webhook: { id: 'wh-1', name: 'Point add' },
        requestLog: { id: 'log-9' },
        requestLogExpired: false,
      },
    ],
    pageInfo: { hasNextPage: false, endCursor: null },
  },
};

describe('CustomerPage', () => {
  it('shows the profile, labels, points balance and events linked to their webhook and log', async () => {
    const client = mockClient({ CustomerDetail: () => ({ data: { customer: CUSTOMER } }) });
    renderWithProviders(<CustomerPage />, { client, route: '/customers/:customerId', path: '/customers/c-1' });

    expect((await screen.findByTestId('customer-points')).textContent).toBe('1,250');
    expect(screen.getByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Labels' })).getByText('vip')).toBeTruthy();

    const events = screen.getByRole('table', { name: 'Events' });
    expect(within(events).getByRole('link', { name: 'Point add' }).getAttribute('href')).toBe(
      '/incoming-webhooks/wh-1',
    );
    expect(within(events).getByRole('link', { name: 'View request log' }).getAttribute('href')).toBe(
      '/incoming-webhooks/wh-1/logs/log-9',
    );
  });

  it('says "Log expired" for an event whose request log the retention deleted, with or without its webhook', async () => {
    const expired = { requestLog: null, requestLogExpired: true };
    const events = [
      { ...CUSTOMER.events.nodes[0]!, id: 'ev-2', ...expired },
      { ...CUSTOMER.events.nodes[0]!, id: 'ev-3', webhook: null, ...expired },
      // A reader who may not see the webhook (archived) sees neither the log nor that it expired.
      { ...CUSTOMER.events.nodes[0]!, id: 'ev-4', webhook: null, requestLog: null, requestLogExpired: false },
    ];
    const customer = { ...CUSTOMER, events: { ...CUSTOMER.events, nodes: events } };
    const client = mockClient({ CustomerDetail: () => ({ data: { customer } }) });
    renderWithProviders(<CustomerPage />, { client, route: '/customers/:customerId', path: '/customers/c-1' });

    const table = await screen.findByRole('table', { name: 'Events' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).queryByText('Log expired') !== null)).toEqual([true, true, false]);
    expect(within(table).queryByRole('link', { name: 'View request log' })).toBeNull();
    expect(within(rows[0]!).getByRole('link', { name: 'Point add' })).toBeTruthy();
  });

  it('says when no member has the id', async () => {
    const client = mockClient({ CustomerDetail: () => ({ data: { customer: null } }) });
    renderWithProviders(<CustomerPage />, { client, route: '/customers/:customerId', path: '/customers/nobody' });
    expect(await screen.findByText('No member with this id')).toBeTruthy();
  });
});
