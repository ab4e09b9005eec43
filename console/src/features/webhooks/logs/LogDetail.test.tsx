import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RequestLogDetailQuery } from '../../../gql/graphql';
import { mockClient, type MockAnswer } from '../../../test/mock-client';
import { ADMIN_VIEWER, renderWithProviders } from '../../../test/render';
import LogDetail from './LogDetail';

type Log = NonNullable<RequestLogDetailQuery['requestLog']>;

const ORIGINAL: Log = {
  id: 'log-1',
  receivedAt: '2026-12-01T10:00:00.000Z',
  method: 'POST',
  path: '/webhooks/custom/acme/github',
  query: null,
  statusCode: 200,
  durationMs: 9,
  outcome: 'PROCESSED',
  error: null,
  errorCode: null,
  requestHeaders: { 'x-github-delivery': 'd-72d3162e', 'x-hub-signature-256': '[REDACTED]' },
  requestBody: '{"points":5}',
  bodyTruncated: false,
  responseBody: '{"ok":true}',
  responseHeaders: { 'content-type': 'application/json' },
  idempotencyKey: 'd-72d3162e',
  duplicateOf: null,
  replayOf: null,
  replayedBy: null,
  customerId: 'c-42',
  filterTrace: null,
  webhook: { id: 'wh-1', name: 'GitHub points', url: 'https://intake.example/webhooks/custom/acme/github' },
  event: null,
  events: [],
};

function renderLog(
  log: Log,
  path = `/incoming-webhooks/wh-1/logs/${log.id}`,
  replay: (variables: Record<string, unknown>) => MockAnswer = () => 'loading',
) {
  const client = mockClient({ RequestLogDetail: () => ({ data: { requestLog: log } }), ReplayRequest: replay });
  const nested = path.startsWith('/incoming-webhooks');
  const view = renderWithProviders(<LogDetail />, {
    client,
    route: nested ? '/incoming-webhooks/:webhookId/logs/:logId' : '/logs/:logId',
    path,
  });
  return { ...view, client, user: userEvent.setup({ delay: null }) };
}

describe('LogDetail', () => {
  it('lists every event of a request split into items: action, customer (linked) and points, in item order', async () => {
    const events = [
      { id: 'ev-1', action: 'point_add', customerId: 'c-1', data: { points: 1 } },
      { id: 'ev-2', action: 'point_add', customerId: 'c-2', data: { points: 2.5 } },
      { id: 'ev-3', action: 'opt_in', customerId: 'c-3', data: {} },
    ];
    renderLog({
      ...ORIGINAL,
      event: { id: 'ev-1', action: 'point_add', customerId: 'c-1', createdAt: ORIGINAL.receivedAt },
      events,
    });
    const table = await screen.findByRole('table', { name: 'Registered events' });
    expect(screen.getByText('Registered events (3)')).toBeTruthy();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual(['1point_addc-11', '2point_addc-22.5', '3opt_inc-3—']);
    expect(within(rows[1]).getByRole('link', { name: 'c-2' }).getAttribute('href')).toBe('/customers/c-2');
    expect(within(rows[1]).getByRole('link', { name: 'point_add' }).getAttribute('href')).toContain('ev-2');
    expect(screen.queryByText('Registered event')).toBeNull();
  });

  it('keeps the single registered event as it was when the request was not split', async () => {
    const event = { id: 'ev-9', action: 'point_add', customerId: 'c-9', createdAt: ORIGINAL.receivedAt };
    renderLog({ ...ORIGINAL, event, events: [{ ...event, data: { points: 5 } }] });
    expect(await screen.findByText('Registered event')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'point_add for customer c-9' })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Registered events' })).toBeNull();
  });

  it('shows the delivery id a request carried', async () => {
    renderLog(ORIGINAL);
    await screen.findByRole('heading', { name: 'POST /webhooks/custom/acme/github' });
    expect(screen.getByText('Delivery id:').textContent).toBe('Delivery id: d-72d3162e');
    expect(screen.queryByRole('alert', { name: 'Duplicate delivery' })).toBeNull();
  });

  it('links a DUPLICATE to the request that was processed', async () => {
    const duplicate: Log = {
      ...ORIGINAL,
      id: 'log-2',
      outcome: 'DUPLICATE',
      receivedAt: '2026-12-01T10:05:00.000Z',
      duplicateOf: { id: 'log-1', receivedAt: ORIGINAL.receivedAt, statusCode: 200 },
    };
    const { user, router } = renderLog(duplicate);
    const notice = await screen.findByRole('alert', { name: 'Duplicate delivery' });
    expect(notice.textContent).toContain('nothing was registered: the sender got the original answer again');
    expect(screen.getByText('Duplicate')).toBeTruthy();
    await user.click(within(notice).getByRole('link', { name: /^Original request, received .+ \(200\)$/ }));
    expect(router.state.location.pathname).toBe('/incoming-webhooks/wh-1/logs/log-1');
  });

  it('links to the original under /logs when opened there', async () => {
    const duplicate: Log = {
      ...ORIGINAL,
      id: 'log-2',
      outcome: 'DUPLICATE',
      duplicateOf: { id: 'log-1', receivedAt: ORIGINAL.receivedAt, statusCode: 200 },
    };
    renderLog(duplicate, '/logs/log-2');
    const link = await screen.findByRole('link', { name: /^Original request/ });
    expect(link.getAttribute('href')).toBe('/logs/log-1');
  });

  it('shows why an UNAUTHENTICATED request was refused', async () => {
    renderLog({
      ...ORIGINAL,
      id: 'log-3',
      statusCode: 401,
      outcome: 'UNAUTHENTICATED',
      error: 'No signature in X-Hub-Signature-256 matches a live secret.',
      errorCode: 'SIGNATURE_INVALID',
      idempotencyKey: null,
      responseBody: '{"ok":false}',
    });
    const why = await screen.findByRole('alert', { name: 'Why it was not processed' });
    expect(why.textContent).toContain('No signature in X-Hub-Signature-256 matches a live secret.');
    expect(screen.getByText('Unauthenticated')).toBeTruthy();
    expect(screen.getByText('SIGNATURE_INVALID')).toBeTruthy();
    expect(screen.queryByText('Delivery id:')).toBeNull();
  });

  it('names the customer the request was mapped to, or says it is not known', async () => {
    renderLog(ORIGINAL);
    expect((await screen.findByRole('link', { name: 'c-42' })).getAttribute('href')).toBe('/customers/c-42');
  });

  it('builds a curl command with the secrets as placeholders, shown and copied', async () => {
    const { user } = renderLog(ORIGINAL);
    await user.click(await screen.findByRole('button', { name: 'Show command' }));
    const command = screen.getByTestId('curl-command').textContent!;
    expect(command).toContain("curl -X POST 'https://intake.example/webhooks/custom/acme/github'");
    expect(command).toContain("-H 'x-hub-signature-256: <X-Hub-Signature-256>'");
    expect(command).toContain(`--data-raw '{"points":5}'`);
    expect(screen.getByText(/replace <X-Hub-Signature-256> before sending/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy as curl' })).toBeTruthy();
  });

  it('shows the filter trace by group: verdicts, conditions under their group, not-evaluated ones', async () => {
    renderLog({
      ...ORIGINAL,
      outcome: 'FILTERED',
      statusCode: 422,
      filterTrace: {
        verdict: 'NOT_MATCHED',
        reason: null,
        groups: [
          { path: '0', join: 'AND', verdict: 'NOT_MATCHED' },
          { path: '0.0', join: 'OR', verdict: 'NOT_MATCHED' },
          { path: '0.1', join: 'AND', verdict: 'NOT_EVALUATED' },
        ],
        conditions: [
          condition('0.0', 0, 'body.kind', true, false, 'actual "spend" is different'),
          condition('0.0', 1, 'body.type', true, false, 'missing'),
          condition('0.1', 0, 'body.points', false, false, 'not evaluated: an earlier condition decided its group'),
        ],
      },
    });
    const filter = await screen.findByRole('group', { name: 'Filter: all of these (and), not matched' });
    const or = within(filter).getByRole('group', { name: 'Group 1: any of these (or), not matched' });
    expect(
      within(or)
        .getAllByTestId('condition-trace')
        .map((c) => c.getAttribute('data-evaluated')),
    ).toEqual(['true', 'true']);
    const skipped = within(filter).getByRole('group', { name: 'Group 2: all of these (and), not evaluated' });
    expect(within(skipped).getAllByText('Not evaluated')).toHaveLength(2); // the group's badge and its condition's
    expect(within(skipped).getByText('Not evaluated: an earlier condition decided its group.')).toBeTruthy();
    expect(screen.getByText('The filter did not match: nothing was registered.')).toBeTruthy();
  });
});

function condition(
  groupPath: string,
  index: number,
  attribute: string,
  evaluated: boolean,
  passed: boolean,
  explanation: string,
) {
  return {
    groupPath,
    index,
    attribute,
    operator: 'EQUALS' as const,
    expected: 'earn',
    actual: null,
    found: evaluated && explanation !== 'missing',
    passed,
    evaluated,
    explanation,
  };
}

describe('LogDetail replay', () => {
  it('replays the request and links the new one with its outcome', async () => {
    const { user, client } = renderLog({ ...ORIGINAL, outcome: 'FILTERED', statusCode: 422 }, undefined, () => ({
      data: { replayRequest: { id: 'log-9', outcome: 'PROCESSED', statusCode: 200, error: null } },
    }));
    await user.click(await screen.findByRole('button', { name: 'Replay' }));
    const result = await screen.findByRole('link', { name: 'Open the new request (200)' });
    expect(result.getAttribute('href')).toBe('/incoming-webhooks/wh-1/logs/log-9');
    expect(within(screen.getByRole('alert')).getByText('Processed')).toBeTruthy();
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ logId: 'log-1' });
  });

  it('says inline why a request cannot be replayed', async () => {
    const { user } = renderLog(ORIGINAL, undefined, () => ({
      errors: [
        {
          message: 'The webhook is inactive; activate it to replay its requests.',
          extensions: { code: 'NOT_REPLAYABLE', field: 'logId' },
        },
      ],
    }));
    await user.click(await screen.findByRole('button', { name: 'Replay' }));
    expect(await screen.findByText('The webhook is inactive; activate it to replay its requests.')).toBeTruthy();
  });

  it('links a replay to the request it replayed, and offers no Replay to readers', async () => {
    const log: Log = {
      ...ORIGINAL,
      id: 'log-9',
      replayOf: { id: 'log-1', receivedAt: ORIGINAL.receivedAt, outcome: 'FILTERED' },
      replayedBy: 'user:admin@acme.test',
    };
    const client = mockClient({ RequestLogDetail: () => ({ data: { requestLog: log } }) });
    renderWithProviders(<LogDetail />, {
      client,
      viewer: { ...ADMIN_VIEWER, role: 'READER' },
      route: '/incoming-webhooks/:webhookId/logs/:logId',
      path: '/incoming-webhooks/wh-1/logs/log-9',
    });
    const link = await screen.findByRole('link', { name: /the request received/ });
    expect(link.getAttribute('href')).toBe('/incoming-webhooks/wh-1/logs/log-1');
    expect(screen.getByText(/by user:admin@acme.test/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Replay' })).toBeNull();
  });
});
