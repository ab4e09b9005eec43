import { screen, waitFor, within } from '@testing-library/react';
import { getOperationName } from '@urql/core';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { EVENT_DEFINITIONS } from '../../../test/fixtures';
import { mockClient, variablesSent } from '../../../test/mock-client';
import { ADMIN_VIEWER, renderWithProviders } from '../../../test/render';
import { formatErrorRate } from '../stats/stats-model';
import WebhooksPage from './WebhooksPage';

/** 24 hourly buckets, all empty but those given (by index). */
function last24Hours(
  busy: Record<number, { total: number; invalid?: number; rejected?: number; failed?: number }> = {},
) {
  const empty = { total: 0, invalid: 0, rejected: 0, failed: 0 };
  const start = Date.parse('2026-11-30T11:00:00.000Z');
  return Array.from({ length: 24 }, (_, hour) => ({
    start: new Date(start + hour * 3_600_000).toISOString(),
    ...empty,
    ...busy[hour],
  }));
}

const WEBHOOK = {
  id: 'wh-1',
  name: 'Point add',
  method: 'POST',
  endpoint: 'endpoint1',
  url: 'https://intake.example/webhooks/custom/acme/endpoint1',
  action: 'point_add',
  status: 'ACTIVE',
  verification: { scheme: 'GITHUB' },
  lastRequest: { id: 'log-1', receivedAt: '2025-07-24T11:07:05Z', statusCode: 200, outcome: 'PROCESSED' },
  stats: last24Hours({ 3: { total: 40 }, 23: { total: 7, invalid: 1, failed: 1 } }),
};

function renderList(viewer = ADMIN_VIEWER, nodes: unknown[] = [WEBHOOK]) {
  const client = mockClient({
    Webhooks: () => ({ data: { webhooks: { nodes, pageInfo: { hasNextPage: false, endCursor: null } } } }),
    EventDefinitions: () => ({ data: { eventDefinitions: EVENT_DEFINITIONS } }),
  });
  renderWithProviders(<WebhooksPage />, { client, viewer, route: '/incoming-webhooks', path: '/incoming-webhooks' });
  return { client, user: userEvent.setup({ delay: null }) };
}

describe('WebhooksPage', () => {
  it('lists name, method, full URL with a copy button, action, status and the last request', async () => {
    renderList();
    const table = await screen.findByRole('table', { name: 'Webhooks' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(within(row).getByRole('link', { name: 'Point add' }).getAttribute('href')).toBe('/incoming-webhooks/wh-1');
    expect(within(row).getByText('https://intake.example/webhooks/custom/acme/endpoint1')).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Copy URL of Point add' })).toBeTruthy();
    expect(within(row).getByText('Active')).toBeTruthy();
    expect(within(row).getByText('Processed')).toBeTruthy();
    expect(within(row).getAllByText('Point add')).toHaveLength(2);
    expect(within(row).queryByTestId('unverified-badge')).toBeNull();
  });

  it('shows the last 24 hours per row in one query: a sparkline, the requests and the error rate', async () => {
    const quiet = { ...WEBHOOK, id: 'wh-2', name: 'Quiet', stats: last24Hours() };
    const { client } = renderList(ADMIN_VIEWER, [WEBHOOK, quiet]);
    const table = await screen.findByRole('table', { name: 'Webhooks' });
    expect(within(table).getByRole('columnheader', { name: 'Last 24 h' })).toBeTruthy();
    const [, busy, idle] = within(table).getAllByRole('row');
    // 2 errors (1 invalid, 1 failed) of 47 requests.
    expect(within(busy!).getByTestId('volume-24h').textContent).toBe(`47 requests${formatErrorRate(2 / 47)} errors`);
    expect(within(idle!).getByTestId('volume-24h').textContent).toBe('No requests');

    const [variables] = variablesSent(client.executeQuery, 'Webhooks');
    const hours = (Date.parse(variables!.statsTo as string) - Date.parse(variables!.statsFrom as string)) / 3_600_000;
    expect(hours).toBe(24);
    // No query per row: the statistics come with the list.
    const operations = client.executeQuery.mock.calls.map(([request]) => getOperationName(request.query));
    expect(new Set(operations)).toEqual(new Set(['Webhooks', 'EventDefinitions']));
  });

  it('marks a webhook that verifies no sender as Unverified, unless it is archived', async () => {
    const unverified = { ...WEBHOOK, id: 'wh-2', name: 'Open door', verification: { scheme: 'NONE' } };
    renderList(ADMIN_VIEWER, [unverified, { ...unverified, id: 'wh-3', name: 'Closed', status: 'ARCHIVED' }]);
    const table = await screen.findByRole('table', { name: 'Webhooks' });
    const [, open, archived] = within(table).getAllByRole('row');
    expect(within(open!).getByTestId('unverified-badge').textContent).toBe(
      'Unverified: anyone who knows the URL can send',
    );
    expect(within(archived!).queryByTestId('unverified-badge')).toBeNull();
  });

  it('shows an archived webhook’s URL without a copy button: its endpoint is freed', async () => {
    renderList(ADMIN_VIEWER, [{ ...WEBHOOK, status: 'ARCHIVED' }]);
    const table = await screen.findByRole('table', { name: 'Webhooks' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(within(row).getByText(WEBHOOK.url).getAttribute('title')).toMatch(/no longer accepts requests/);
    expect(within(row).queryByRole('button', { name: 'Copy URL of Point add' })).toBeNull();
  });

  it('shows archived webhooks only under their own filter, and searches by name or endpoint', async () => {
    const { client, user } = renderList();
    await screen.findByRole('table', { name: 'Webhooks' });
    expect(variablesSent(client.executeQuery, 'Webhooks')[0]).toMatchObject({ status: undefined });

    await user.click(screen.getByRole('radio', { name: 'Archived' }));
    await waitFor(() =>
      expect(variablesSent(client.executeQuery, 'Webhooks').at(-1)).toMatchObject({ status: 'ARCHIVED' }),
    );

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'endp');
    await waitFor(() =>
      expect(variablesSent(client.executeQuery, 'Webhooks').at(-1)).toMatchObject({ search: 'endp' }),
    );
  });

  it('hides Create webhook and the status filter from readers (they see active webhooks only)', async () => {
    renderList({ ...ADMIN_VIEWER, role: 'READER' }, []);
    expect(await screen.findByText('No webhooks yet')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Create webhook' })).toBeNull();
    expect(screen.queryByRole('radiogroup', { name: 'Status' })).toBeNull();
    expect(screen.queryByText('Archived')).toBeNull();
  });
});
