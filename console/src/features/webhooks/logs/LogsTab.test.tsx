import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { attachLiveStatus } from '../../../app/live-socket';
import { mockClient, subscriptionFeed, variablesSent, type MockResolver } from '../../../test/mock-client';
import { ADMIN_VIEWER, renderWithProviders } from '../../../test/render';
import LogsTab from './LogsTab';

const LOGS = [
  {
    id: 'log-2',
    receivedAt: '2025-07-24T11:07:05Z',
    method: 'POST',
    path: '/webhooks/custom/acme/endpoint1/',
    query: null,
    statusCode: 422,
    durationMs: 12.5,
    outcome: 'FILTERED',
    error: 'body.pointadd EXISTS: missing',
    customerId: null,
    event: null,
  },
  {
    id: 'log-1',
    receivedAt: '2025-07-24T11:00:00Z',
    method: 'POST',
    path: '/webhooks/custom/acme/endpoint1',
    query: 'a=1',
    statusCode: 200,
    durationMs: 0.3,
    outcome: 'PROCESSED',
    error: null,
    customerId: 'c-42',
    event: { id: 'ev-1', action: 'point_add', customerId: 'c-42' },
  },
];

const URL = 'https://intake.example/webhooks/custom/acme/endpoint1';

function renderLogs(
  nodes: readonly object[] = LOGS,
  hasNextPage = false,
  status = 'ACTIVE',
  more: Record<string, MockResolver> = {},
) {
  const client = mockClient({
    ReplayCount: () => ({ data: { replayCount: nodes.length } }),
    ...more,
    WebhookLogs: () => ({
      data: {
        webhook: {
          id: 'wh-1',
          method: 'PUT',
          url: URL,
          status,
          logs: { nodes, pageInfo: { hasNextPage, endCursor: 'c1' } },
        },
      },
    }),
  });
  const view = renderWithProviders(<LogsTab />, {
    client,
    route: '/incoming-webhooks/:webhookId/logs',
    path: '/incoming-webhooks/wh-1/logs',
  });
  return { ...view, client, user: userEvent.setup({ delay: null }) };
}

describe('LogsTab', () => {
  it('lists requests in the order received from the server with their request line, status and outcome', async () => {
    renderLogs();
    const rows = await screen.findAllByTestId('log-row');
    expect(rows).toHaveLength(2);
    // A path is shown only where it differs from the webhook's.
    expect(rows[0]!.textContent).toContain('POST /webhooks/custom/acme/endpoint1/');
    expect(rows[0]!.textContent).toContain('422');
    expect(rows[0]!.textContent).toContain('Filtered out');
    expect(rows[0]!.textContent).toContain('12.5 ms');
    expect(rows[1]!.textContent).toContain('POST ?a=1');
    expect(rows[1]!.textContent).not.toContain('/webhooks/custom');
    // Never "0 ms" for a fraction of a millisecond; times to the millisecond.
    expect(rows[1]!.textContent).toContain('0.3 ms');
    expect(rows[1]!.textContent).toMatch(/[.,]000/);
  });

  it('shows the customer and the registered event, linked', async () => {
    renderLogs();
    const rows = await screen.findAllByTestId('log-row');
    expect(within(rows[1]!).getByRole('link', { name: 'c-42' }).getAttribute('href')).toBe('/customers/c-42');
    expect(within(rows[1]!).getByRole('link', { name: 'point_add' }).getAttribute('href')).toBe(
      '/customers/c-42#event-ev-1',
    );
    expect(within(rows[0]!).queryByRole('link', { name: 'point_add' })).toBeNull();
  });

  it('opens the detail view from a row', async () => {
    const { user, router } = renderLogs();
    await user.click((await screen.findAllByTestId('log-row'))[0]!);
    expect(router.state.location.pathname).toBe('/incoming-webhooks/wh-1/logs/log-2');
  });

  it('filters by outcome and asks for the next page', async () => {
    const { user, client } = renderLogs(LOGS, true);
    await user.click(await screen.findByRole('button', { name: 'Load more' }));
    await waitFor(() =>
      expect(variablesSent(client.executeQuery, 'WebhookLogs').at(-1)).toMatchObject({ after: 'c1' }),
    );

    await user.click(screen.getByRole('combobox', { name: 'Outcome' }));
    await user.click(await screen.findByRole('option', { name: 'Processed' }));
    await waitFor(() =>
      expect(variablesSent(client.executeQuery, 'WebhookLogs').at(-1)).toMatchObject({
        outcome: 'PROCESSED',
        after: null,
      }),
    );
  });

  it('shows the sender-auth outcomes and filters by them', async () => {
    const refused = {
      ...LOGS[1]!,
      id: 'log-4',
      statusCode: 401,
      outcome: 'UNAUTHENTICATED',
      error: 'SIGNATURE_INVALID',
    };
    const repeated = { ...LOGS[1]!, id: 'log-3', statusCode: 200, outcome: 'DUPLICATE', error: null };
    const { user, client } = renderLogs([refused, repeated]);
    const rows = await screen.findAllByTestId('log-row');
    expect(rows[0]!.textContent).toContain('401');
    expect(rows[0]!.textContent).toContain('Unauthenticated');
    expect(rows[1]!.textContent).toContain('Duplicate');

    await user.click(screen.getByRole('combobox', { name: 'Outcome' }));
    await user.click(await screen.findByRole('option', { name: 'Unauthenticated' }));
    await waitFor(() =>
      expect(variablesSent(client.executeQuery, 'WebhookLogs').at(-1)).toMatchObject({ outcome: 'UNAUTHENTICATED' }),
    );
    await user.click(screen.getByRole('combobox', { name: 'Outcome' }));
    await user.click(await screen.findByRole('option', { name: 'Duplicate' }));
    await waitFor(() =>
      expect(variablesSent(client.executeQuery, 'WebhookLogs').at(-1)).toMatchObject({ outcome: 'DUPLICATE' }),
    );
    await user.click(screen.getByRole('combobox', { name: 'Status code' }));
    await user.click(await screen.findByRole('option', { name: '401' }));
    await waitFor(() =>
      expect(variablesSent(client.executeQuery, 'WebhookLogs').at(-1)).toMatchObject({ statusCode: 401 }),
    );
  });

  it('says so when there are no requests yet, with a curl line that sends a first one', async () => {
    renderLogs([]);
    expect(await screen.findByText('No requests yet')).toBeTruthy();
    expect(screen.getByText(`curl -X PUT '${URL}' -H 'Content-Type: application/json' -d '{}'`)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy command' })).toBeTruthy();
  });

  it('says an inactive webhook answers 404 until activated', async () => {
    renderLogs([], false, 'INACTIVE');
    expect(await screen.findByText(/until you activate it, a request is answered 404/)).toBeTruthy();
  });

  it('offers no curl line for an archived webhook, which no longer accepts requests', async () => {
    renderLogs([], false, 'ARCHIVED');
    expect(await screen.findByText('No requests logged')).toBeTruthy();
    expect(screen.queryByText(/curl/)).toBeNull();
  });

  it('shows an error with Try again when the logs cannot load', async () => {
    const client = mockClient({
      WebhookLogs: () => ({ errors: [{ message: 'boom', extensions: { code: 'INTERNAL' } }] }),
    });
    renderWithProviders(<LogsTab />, {
      client,
      route: '/incoming-webhooks/:webhookId/logs',
      path: '/incoming-webhooks/wh-1/logs',
    });
    expect(await screen.findByText('Could not load the logs')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('replays the requests the filter matches after a confirmation saying how many, with a progress bar', async () => {
    const job = { id: 'job-1', total: 2, processed: 0, finishedAt: null };
    const { user, client } = renderLogs(LOGS, false, 'ACTIVE', {
      ReplayRequests: () => ({ data: { replayRequests: { ...job, status: 'QUEUED', done: 0 } } }),
      ReplayJob: () => ({
        data: { replayJob: { ...job, status: 'DONE', done: 2, processed: 2, finishedAt: '2026-12-01T10:00:00Z' } },
      }),
    });
    await user.click(screen.getByRole('combobox', { name: 'Outcome' }));
    await user.click(await screen.findByRole('option', { name: 'Filtered out' }));
    await user.click(await screen.findByRole('button', { name: 'Replay 2 matching' }));
    const dialog = await screen.findByRole('dialog', { name: 'Replay requests' });
    expect(dialog.textContent).toContain('Replay 2 requests through the webhook as configured now?');
    await user.click(within(dialog).getByRole('button', { name: 'Replay 2' }));

    expect(await screen.findByText('Replayed 2 of 2: 2 processed.')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Replayed 2 of 2' })).toBeTruthy();
    expect(variablesSent(client.executeMutation, 'ReplayRequests').at(-1)).toMatchObject({
      selection: { webhookId: 'wh-1', outcome: 'FILTERED' },
    });
  });

  it('cancels a replay in progress', async () => {
    const job = { id: 'job-1', total: 2, processed: 0, finishedAt: null };
    const { user, client } = renderLogs(LOGS, false, 'ACTIVE', {
      ReplayRequests: () => ({ data: { replayRequests: { ...job, status: 'QUEUED', done: 0 } } }),
      ReplayJob: () => ({ data: { replayJob: { ...job, status: 'RUNNING', done: 1 } } }),
      CancelReplayJob: () => ({
        data: { cancelReplayJob: { ...job, status: 'CANCELLED', done: 1, finishedAt: '2026-12-01T10:00:00Z' } },
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Replay 2 matching' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Replay 2' }));
    expect(await screen.findByText('Replaying… 1 of 2 (0 processed)')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('Cancelled after 1 of 2 (0 processed).')).toBeTruthy();
    expect(variablesSent(client.executeMutation, 'CancelReplayJob').at(-1)).toEqual({ id: 'job-1' });
  });

  it('offers no bulk replay to readers', async () => {
    const client = mockClient({
      WebhookLogs: () => ({
        data: {
          webhook: {
            id: 'wh-1',
            method: 'PUT',
            url: URL,
            status: 'ACTIVE',
            logs: { nodes: LOGS, pageInfo: { hasNextPage: false, endCursor: null } },
          },
        },
      }),
    });
    renderWithProviders(<LogsTab />, {
      client,
      viewer: { ...ADMIN_VIEWER, role: 'READER' },
      route: '/incoming-webhooks/:webhookId/logs',
      path: '/incoming-webhooks/wh-1/logs',
    });
    await screen.findAllByTestId('log-row');
    expect(screen.queryByRole('button', { name: /matching/ })).toBeNull();
  });
});

const LIVE_LOG = (id: string, outcome = 'PROCESSED') => ({
  ...LOGS[1],
  id,
  receivedAt: '2025-07-24T12:00:00Z',
  outcome,
  customerId: null,
  event: null,
});

describe('LogsTab live', () => {
  function renderLive() {
    const view = renderLogs();
    const feed = subscriptionFeed(view.client);
    attachLiveStatus(view.client, { get: () => 'connected', subscribe: () => () => {} });
    return { ...view, feed };
  }

  it('subscribes when Live is turned on, shows the connection, and prepends arriving requests highlighted', async () => {
    const { user, feed } = renderLive();
    await screen.findAllByTestId('log-row');
    expect(feed.started()).toBe(0);
    await user.click(screen.getByRole('switch', { name: 'Live' }));
    await waitFor(() => expect(feed.started()).toBe(1));
    expect(feed.variables()).toEqual([{ webhookId: 'wh-1' }]);
    expect(screen.getByText('Connected')).toBeTruthy();

    act(() => feed.push({ requestLogged: LIVE_LOG('log-3') }));
    act(() => feed.push({ requestLogged: LIVE_LOG('log-4', 'FILTERED') }));
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(4));
    const rows = screen.getAllByTestId('log-row');
    expect(rows[0]!.textContent).toContain('Filtered out');
    expect(rows.map((row) => row.dataset.new === 'true')).toEqual([true, true, false, false]);
  });

  it('holds arriving requests while paused, counting them, and shows them on Resume', async () => {
    const { user, feed } = renderLive();
    await user.click(await screen.findByRole('switch', { name: 'Live' }));
    await waitFor(() => expect(feed.started()).toBe(1));
    act(() => feed.push({ requestLogged: LIVE_LOG('log-3') }));
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(3));

    await user.click(screen.getByRole('button', { name: 'Pause' }));
    act(() => feed.push({ requestLogged: LIVE_LOG('log-4') }));
    act(() => feed.push({ requestLogged: LIVE_LOG('log-5') }));
    expect(await screen.findByText('2 new')).toBeTruthy();
    expect(screen.getAllByTestId('log-row')).toHaveLength(3);

    await user.click(screen.getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(5));
    expect(screen.queryByText('2 new')).toBeNull();
  });

  it('ends the subscription when Live is turned off, and on leaving the tab', async () => {
    const { user, feed, unmount } = renderLive();
    const live = await screen.findByRole('switch', { name: 'Live' });
    await user.click(live);
    await waitFor(() => expect(feed.started()).toBe(1));
    act(() => feed.push({ requestLogged: LIVE_LOG('log-3') }));
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(3));
    await user.click(live);
    await waitFor(() => expect(feed.started()).toBe(0));
    // The rows received live leave with Live (the list is read again, and would hold them).
    expect(screen.getAllByTestId('log-row')).toHaveLength(2);

    await user.click(live);
    await waitFor(() => expect(feed.started()).toBe(1));
    // A new session starts empty.
    expect(screen.getAllByTestId('log-row')).toHaveLength(2);
    unmount();
    expect(feed.started()).toBe(0);
  });

  it('applies the filters to requests arriving live', async () => {
    const client = mockClient({
      ReplayCount: () => ({ data: { replayCount: 1 } }),
      WebhookLogs: () => ({
        data: {
          webhook: {
            id: 'wh-1',
            method: 'PUT',
            url: URL,
            status: 'ACTIVE',
            logs: { nodes: [LOGS[0]], pageInfo: { hasNextPage: false, endCursor: 'c1' } },
          },
        },
      }),
    });
    const feed = subscriptionFeed(client);
    renderWithProviders(<LogsTab />, {
      client,
      route: '/incoming-webhooks/:webhookId/logs',
      path: '/incoming-webhooks/wh-1/logs?outcome=FILTERED',
    });
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByRole('switch', { name: 'Live' }));
    await waitFor(() => expect(feed.started()).toBe(1));
    act(() => feed.push({ requestLogged: LIVE_LOG('log-3', 'PROCESSED') }));
    act(() => feed.push({ requestLogged: LIVE_LOG('log-4', 'FILTERED') }));
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(2));
    expect(screen.getAllByTestId('log-row')[0]!.dataset.new).toBe('true');
  });
});
