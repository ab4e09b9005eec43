import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, variablesSent } from '../../test/mock-client';
import { renderWithProviders } from '../../test/render';
import LogsPage from './LogsPage';

const LOG = {
  id: 'log-1',
  receivedAt: '2026-12-01T10:00:00.123Z',
  method: 'POST',
  path: '/webhooks/custom/acme/points',
  query: null,
  statusCode: 422,
  durationMs: 0.4,
  outcome: 'INVALID_EVENT',
  error: 'customer "c-404" is not enrolled',
  customerId: 'c-404',
  event: null,
  webhook: { id: 'wh-1', name: 'Points' },
};

function renderPage(answer: (variables: Record<string, unknown>) => object, path = '/logs') {
  const client = mockClient({ RequestLogs: (variables) => answer(variables) as never });
  const view = renderWithProviders(<LogsPage />, { client, route: '/logs', path });
  return { ...view, client, user: userEvent.setup({ delay: null }) };
}

const page = (nodes: object[], more: { hasNextPage?: boolean; searchedBackTo?: string | null } = {}) => ({
  data: {
    requestLogs: {
      nodes,
      pageInfo: { hasNextPage: more.hasNextPage ?? false, endCursor: 'c1' },
      searchedBackTo: more.searchedBackTo ?? null,
    },
  },
});

describe('LogsPage', () => {
  it('lists the last 24 hours of every webhook, with the webhook, customer and duration to 0.1 ms', async () => {
    const { client } = renderPage(() => page([LOG]));
    const row = (await screen.findAllByTestId('log-row'))[0]!;
    expect(within(row).getByRole('link', { name: 'Points' }).getAttribute('href')).toBe('/incoming-webhooks/wh-1/logs');
    expect(within(row).getByRole('link', { name: 'c-404' })).toBeTruthy();
    expect(row.textContent).toContain('0.4 ms');
    const [sent] = variablesSent(client.executeQuery, 'RequestLogs') as { filter: { receivedAfter: string } }[];
    const hours = (Date.now() - Date.parse(sent!.filter.receivedAfter)) / 3600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThan(24.1);
  });

  it('searches by customer id, outcome and body text on Search, and keeps the search in the URL', async () => {
    const { client, user, router } = renderPage(() => page([LOG]));
    await screen.findAllByTestId('log-row');
    await user.type(screen.getByRole('textbox', { name: 'Customer id' }), 'c-404');
    await user.type(screen.getByRole('textbox', { name: 'Text in the body' }), 'order-7');
    await user.click(screen.getByRole('combobox', { name: 'Outcome' }));
    await user.click(await screen.findByRole('option', { name: 'Invalid event' }));
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(variablesSent(client.executeQuery, 'RequestLogs').at(-1)).toMatchObject({
        filter: { customerId: 'c-404', outcome: 'INVALID_EVENT', bodyContains: 'order-7' },
        after: null,
      }),
    );
    expect(router.state.location.search).toBe('?customer=c-404&outcome=INVALID_EVENT&text=order-7');
  });

  it('refuses body text over any time before asking the server', async () => {
    const { client } = renderPage(() => page([LOG]), '/logs?period=all&text=order-7');
    expect(await screen.findByText('Bodies are searched within 7 days at most: pick a shorter period.')).toBeTruthy();
    expect(variablesSent(client.executeQuery, 'RequestLogs')).toEqual([]);
  });

  it('shows a bad filter at its field', async () => {
    renderPage(
      () => ({
        errors: [
          {
            message: 'A request id is the UUID in X-Request-Id.',
            extensions: { code: 'BAD_USER_INPUT', field: 'filter.requestId' },
          },
        ],
      }),
      '/logs?request=abc',
    );
    expect(await screen.findByText('A request id is the UUID in X-Request-Id.')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Request id' }).getAttribute('aria-invalid')).toBe('true');
  });

  it('says how far back a page searched when it ran out of requests to examine, and goes on', async () => {
    const { user, client } = renderPage(() =>
      page([], { hasNextPage: true, searchedBackTo: '2026-11-30T08:00:00.000Z' }),
    );
    expect(await screen.findByText(/No match yet: searched back to/)).toBeTruthy();
    expect(screen.queryByText('No request matches')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() =>
      expect(variablesSent(client.executeQuery, 'RequestLogs').at(-1)).toMatchObject({ after: 'c1' }),
    );
  });
});
