import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, variablesSent } from '../../../test/mock-client';
import { renderWithProviders } from '../../../test/render';
import LogsTab from './LogsTab';

const LOGS = [
  { id: 'log-2', receivedAt: '2025-07-24T11:07:05Z', method: 'POST', path: '/webhooks/custom/acme/endpoint1', query: null, statusCode: 422, durationMs: 12.5, outcome: 'FILTERED', error: 'body.pointadd EXISTS: missing' },
  { id: 'log-1', receivedAt: '2025-07-24T11:00:00Z', method: 'POST', path: '/webhooks/custom/acme/endpoint1', query: 'a=1', statusCode: 200, durationMs: 8, outcome: 'PROCESSED', error: null },
];

function renderLogs(nodes = LOGS, hasNextPage = false) {
  const client = mockClient({
    WebhookLogs: () => ({ data: { webhook: { id: 'wh-1', logs: { nodes, pageInfo: { hasNextPage, endCursor: 'c1' } } } } }),
  });
  const view = renderWithProviders(<LogsTab />, { client, route: '/incoming-webhooks/:webhookId/logs', path: '/incoming-webhooks/wh-1/logs' });
  return { ...view, client, user: userEvent.setup({ delay: null }) };
}

describe('LogsTab', () => {
  it('lists requests in the order received from the server with their request line, status and outcome', async () => {
    renderLogs();
    const rows = await screen.findAllByTestId('log-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('POST /webhooks/custom/acme/endpoint1');
    expect(rows[0]!.textContent).toContain('422');
    expect(rows[0]!.textContent).toContain('Filtered out');
    expect(rows[1]!.textContent).toContain('?a=1');
    expect(rows[1]!.textContent).toContain('8 ms');
  });

  it('opens the detail view from a row', async () => {
    const { user, router } = renderLogs();
    await user.click((await screen.findAllByTestId('log-row'))[0]!);
    expect(router.state.location.pathname).toBe('/incoming-webhooks/wh-1/logs/log-2');
  });

  it('filters by outcome and asks for the next page', async () => {
    const { user, client } = renderLogs(LOGS, true);
    await user.click(await screen.findByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(variablesSent(client.executeQuery, 'WebhookLogs').at(-1)).toMatchObject({ after: 'c1' }));

    await user.click(screen.getByRole('combobox', { name: 'Outcome' }));
    await user.click(await screen.findByRole('option', { name: 'Processed' }));
    await waitFor(() =>
      expect(variablesSent(client.executeQuery, 'WebhookLogs').at(-1)).toMatchObject({ outcome: 'PROCESSED', after: null }),
    );
  });

  it('says so when there are no requests yet', async () => {
    renderLogs([]);
    expect(await screen.findByText('No requests yet')).toBeTruthy();
  });
});
