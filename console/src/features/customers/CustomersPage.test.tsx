import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, type MockResolver } from '../../test/mock-client';
import { renderWithProviders } from '../../test/render';
import CustomersPage from './CustomersPage';

const MEMBER = {
  id: 'c-1',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  labels: [],
  points: 10,
  optedOut: false,
};

function renderCustomers(answer: MockResolver, path = '/customers') {
  const client = mockClient({ Customers: answer });
  renderWithProviders(<CustomersPage />, { client, route: '/customers', path });
  return { client, user: userEvent.setup({ delay: null }) };
}

const page = (nodes: unknown[], hasNextPage = false) => ({
  data: { customers: { nodes, pageInfo: { hasNextPage, endCursor: hasNextPage ? 'c1' : null } } },
});

describe('CustomersPage', () => {
  it('shows a loading state while the members load', () => {
    renderCustomers(() => 'loading');
    expect(screen.getByRole('status').textContent).toContain('Loading customers');
  });

  it('explains an empty list, and an empty search', async () => {
    renderCustomers(() => page([]));
    expect(await screen.findByText('No members yet')).toBeTruthy();
    expect(screen.getByText('Members appear once an opt-in event enrols them.')).toBeTruthy();
  });

  it('says what was searched when nothing matches', async () => {
    renderCustomers(() => page([]), '/customers?q=zed');
    expect(await screen.findByText('No member matches')).toBeTruthy();
    expect(screen.getByText('Nothing found for "zed".')).toBeTruthy();
  });

  it('shows an error with Try again', async () => {
    renderCustomers(() => ({ errors: [{ message: 'boom', extensions: { code: 'INTERNAL' } }] }));
    expect(await screen.findByText('Could not load customers')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('keeps the loaded members and says so when the next page fails', async () => {
    const { user } = renderCustomers((variables) =>
      variables.after
        ? { errors: [{ message: 'boom', extensions: { code: 'INTERNAL' } }], data: page([MEMBER], true).data }
        : page([MEMBER], true),
    );
    await user.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Could not load more customers')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'c-1' })).toBeTruthy();
  });
});
