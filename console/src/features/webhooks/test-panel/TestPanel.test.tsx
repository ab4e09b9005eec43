import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { WebhookTestResultFieldsFragment } from '../../../gql/graphql';
import { mockClient, variablesSent } from '../../../test/mock-client';
import { getInput } from '../../../test/queries';
import { EVENT_DEFINITIONS } from '../../../test/fixtures';
import { ADMIN_VIEWER, renderWithProviders } from '../../../test/render';
import TestPanel, { WebhookTester, type TestDraft } from './TestPanel';

const TESTED_WEBHOOK = {
  id: 'wh-1',
  method: 'POST',
  status: 'ACTIVE',
  action: 'point_add',
  splitOn: null,
  filter: {
    join: 'AND',
    conditions: [
      { attribute: 'body.pointadd', operator: 'EXISTS', value: null },
      { attribute: 'headers.x-token', operator: 'EQUALS', value: 's3cret' },
    ],
    groups: [],
  },
  mapping: [
    { from: 'clientID', to: 'customer', expression: null },
    { from: 'points', to: 'data.points', expression: null },
  ],
  verification: { scheme: 'NONE', secrets: [] as { id: string; expiresAt: string | null }[] },
  idempotency: null as { key: string } | null,
  lastRequest: null as { id: string; requestHeaders: unknown; requestBody: string | null } | null,
};

const MEMBERS = [
  { id: 'm-100', email: 'ada@example.com', firstName: 'Ada', lastName: 'L' },
  { id: 'm-200', email: null, firstName: null, lastName: null },
];

const FILTERED_RESULT: WebhookTestResultFieldsFragment = {
  statusCode: 422,
  outcome: 'FILTERED',
  errorCode: 'FILTERED',
  reason: 'headers.x-token EQUALS: "wrong" is not "s3cret"',
  responseBody: '{"ok":false,"error":{"code":"FILTERED"}}',
  responseHeaders: { 'x-webhook-error': 'FILTERED' },
  filterPassed: false,
  conditions: [
    {
      groupPath: '0',
      index: 0,
      attribute: 'body.pointadd',
      operator: 'EXISTS',
      expected: null,
      actual: 'yes',
      found: true,
      passed: true,
      evaluated: true,
      explanation: 'present',
    },
    {
      groupPath: '0',
      index: 1,
      attribute: 'headers.x-token',
      operator: 'EQUALS',
      expected: 's3cret',
      actual: 'wrong',
      found: true,
      passed: false,
      evaluated: true,
      explanation: 'not equal',
    },
  ],
  // Set below from the conditions.
  filterTrace: null,
  mapping: [],
  mappedEvent: null,
  convertedEvent: null,
  issues: [],
  items: [],
  events: [],
  verification: { scheme: 'NONE', verified: true, errorCode: null, reason: null, signed: false },
  idempotency: null,
};
FILTERED_RESULT.filterTrace = {
  verdict: 'NOT_MATCHED',
  reason: null,
  groups: [{ path: '0', join: 'AND', verdict: 'NOT_MATCHED' }],
  conditions: FILTERED_RESULT.conditions,
};

const INVALID_EVENT_RESULT: WebhookTestResultFieldsFragment = {
  ...FILTERED_RESULT,
  statusCode: 422,
  outcome: 'INVALID_EVENT',
  errorCode: 'MISSING_ATTRIBUTE',
  reason: 'data.points is required',
  filterPassed: true,
  conditions: FILTERED_RESULT.conditions.map((condition) => ({ ...condition, passed: true })),
  filterTrace: {
    verdict: 'MATCHED',
    reason: null,
    groups: [{ path: '0', join: 'AND', verdict: 'MATCHED' }],
    conditions: FILTERED_RESULT.conditions.map((condition) => ({ ...condition, passed: true })),
  },
  mapping: [
    {
      from: 'clientID',
      to: 'customer',
      found: true,
      usedDefault: false,
      replaced: false,
      value: 'c-1',
      expression: null,
      expressionResult: null,
    },
    {
      from: 'points',
      to: 'data.points',
      found: false,
      usedDefault: false,
      replaced: false,
      value: null,
      expression: null,
      expressionResult: null,
    },
  ],
  mappedEvent: { customer: 'c-1', data: {} },
  convertedEvent: { customer: 'c-1', data: {} },
  issues: [{ code: 'MISSING_ATTRIBUTE', attribute: 'data.points', message: 'data.points is required' }],
  items: [],
  events: [],
};

/** The text an input points to with aria-describedby. */
function describedBy(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

function renderPanel(
  result: WebhookTestResultFieldsFragment,
  webhook = TESTED_WEBHOOK,
  viewer = ADMIN_VIEWER,
  { members = MEMBERS, draft }: { members?: typeof MEMBERS; draft?: TestDraft } = {},
) {
  const client = mockClient({
    TestPanelWebhook: () => ({ data: { webhook } }),
    TestWebhook: () => ({ data: { testWebhook: result } }),
    EventDefinitions: () => ({ data: { eventDefinitions: EVENT_DEFINITIONS } }),
    TestCustomers: (variables) => ({
      data: {
        customers: {
          nodes: members.filter((member) => !variables.search || member.id.includes(String(variables.search))),
        },
      },
    }),
    TestCustomer: (variables) => ({
      data: { customer: members.find((member) => member.id === variables.id) ?? null },
    }),
  });
  renderWithProviders(draft ? <WebhookTester webhookId="wh-1" draft={draft} /> : <TestPanel />, {
    client,
    viewer,
    route: '/incoming-webhooks/:webhookId/test',
    path: '/incoming-webhooks/wh-1/test',
  });
  return { client, user: userEvent.setup({ delay: null }) };
}

describe('TestPanel', () => {
  it('prefills a typed sample for the first member that satisfies the filters and fills the mapping', async () => {
    renderPanel(FILTERED_RESULT);
    await waitFor(() => expect(getInput('Customer').value).toBe('m-100'));
    const body = JSON.parse(getInput('Body').value);
    expect(body).toEqual({ pointadd: 'example', clientID: 'm-100', points: 1 });
    expect(JSON.parse(getInput('Headers').value)).toEqual({ 'content-type': 'application/json', 'x-token': 's3cret' });
  });

  it('builds the sample for the member picked, and says when an id typed is not a member', async () => {
    const { user } = renderPanel(FILTERED_RESULT);
    const customer = await screen.findByRole('combobox', { name: 'Customer' });
    await waitFor(() => expect(getInput('Customer').value).toBe('m-100'));
    await user.clear(customer);
    await user.type(customer, 'm-200');
    await waitFor(() => expect(JSON.parse(getInput('Body').value).clientID).toBe('m-200'));
    expect(screen.queryByText(/is not a member/)).toBeNull();

    await user.clear(customer);
    await user.type(customer, 'stranger');
    expect(
      await screen.findByText(
        /"stranger" is not a member of this account: the test will be refused with CUSTOMER_NOT_FOUND/,
      ),
    ).toBeTruthy();
    expect(describedBy(customer)).toContain('CUSTOMER_NOT_FOUND');
  });

  it('says so when the account has no members yet', async () => {
    renderPanel(FILTERED_RESULT, TESTED_WEBHOOK, ADMIN_VIEWER, { members: [] });
    expect(await screen.findByText(/This account has no members yet/)).toBeTruthy();
  });

  it('asks for the values the log redacted before sending the last request, and never sends the marker', async () => {
    const webhook = {
      ...TESTED_WEBHOOK,
      lastRequest: {
        id: 'log-1',
        requestHeaders: { 'content-type': 'application/json', 'x-token': '[REDACTED]' },
        requestBody: '{"pointadd":"yes","clientID":"m-100","points":3}',
      },
    };
    const { client, user } = renderPanel(FILTERED_RESULT, webhook);
    await user.click(await screen.findByRole('textbox', { name: 'Sample' }).catch(() => getInput('Sample')));
    await user.click(await screen.findByRole('option', { name: 'The last request received' }));
    expect(await screen.findByText('These values were redacted in the log: header x-token')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Run test' }));
    const missing = screen.getByText('Fill in the redacted values first').closest<HTMLElement>('[role="alert"]')!;
    expect(within(missing).getByText('header x-token')).toBeTruthy();
    expect(variablesSent(client.executeQuery, 'TestWebhook')).toHaveLength(0);

    await user.type(screen.getByRole('textbox', { name: 'header x-token' }), 's3cret');
    await user.click(screen.getByRole('button', { name: 'Run test' }));
    expect(variablesSent(client.executeQuery, 'TestWebhook')[0]).toMatchObject({
      request: { headers: { 'content-type': 'application/json', 'x-token': 's3cret' } },
    });
  });

  it('tests an unsaved draft: builds from it, says so, and sends the changes', async () => {
    const draft: TestDraft = {
      patch: { filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'gift' }] } },
      settings: {
        method: 'POST',
        action: 'point_add',
        filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'gift' }] },
        mapping: TESTED_WEBHOOK.mapping,
      },
    };
    const { client, user } = renderPanel(FILTERED_RESULT, TESTED_WEBHOOK, ADMIN_VIEWER, { draft });
    expect(await screen.findByText('Testing your unsaved changes')).toBeTruthy();
    await waitFor(() =>
      expect(JSON.parse(getInput('Body').value)).toEqual({ kind: 'gift', clientID: 'm-100', points: 1 }),
    );
    await user.click(screen.getByRole('button', { name: 'Run test' }));
    expect(variablesSent(client.executeQuery, 'TestWebhook')[0]).toMatchObject({ id: 'wh-1', draft: draft.patch });
  });

  it('runs testWebhook with the request and shows each condition green or red with its actual value', async () => {
    const { client, user } = renderPanel(FILTERED_RESULT);
    fireEvent.change(getInput('Headers'), { target: { value: '{"x-token": "wrong"}' } });
    fireEvent.change(getInput('Body'), { target: { value: '{"pointadd": "yes"}' } });
    await user.click(screen.getByRole('button', { name: 'Run test' }));

    const traces = await screen.findAllByTestId('condition-trace');
    expect(traces.map((trace) => trace.getAttribute('data-passed'))).toEqual(['true', 'false']);
    expect(within(traces[1]!).getByText('"wrong"')).toBeTruthy();
    expect(screen.getByText('The filter did not match: nothing would be registered.')).toBeTruthy();
    expect(variablesSent(client.executeQuery, 'TestWebhook')).toEqual([
      { id: 'wh-1', request: { method: 'POST', headers: { 'x-token': 'wrong' }, body: '{"pointadd": "yes"}' } },
    ]);
  });

  it('shows the mapped event, its validation errors and the response the sender would get', async () => {
    const { user } = renderPanel(INVALID_EVENT_RESULT);
    await user.click(await screen.findByRole('button', { name: 'Run test' }));

    const event = await screen.findByRole('region', { name: 'Event' });
    expect(within(event).getByRole('alert').textContent).toContain('data.points is required');
    const response = screen.getByRole('region', { name: 'Response' });
    expect(within(response).getByText(/"code": "FILTERED"/)).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Mapping' })).getByText('missing')).toBeTruthy();
  });

  it('refuses headers that are not a JSON object', async () => {
    const { user, client } = renderPanel(FILTERED_RESULT);
    fireEvent.change(await screen.findByLabelText('Headers'), { target: { value: '["x"]' } });
    expect(screen.getByText(/Headers are a JSON object/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Run test' }));
    expect(variablesSent(client.executeQuery, 'TestWebhook')).toHaveLength(0);
  });

  it('has the server sign the sample with the live secret, and shows the verification and the delivery id', async () => {
    const github = {
      ...TESTED_WEBHOOK,
      verification: { scheme: 'GITHUB', secrets: [{ id: 'sec-1', expiresAt: null }] },
      idempotency: { key: 'headers.x-github-delivery' },
    };
    const result: WebhookTestResultFieldsFragment = {
      ...FILTERED_RESULT,
      verification: { scheme: 'GITHUB', verified: true, errorCode: null, reason: null, signed: true },
      idempotency: {
        key: 'headers.x-github-delivery',
        value: 'sample-delivery-1',
        problem: null,
        alreadyProcessed: true,
        originalRequestId: 'log-7',
      },
    };
    const { client, user } = renderPanel(result, github);
    const sign = await screen.findByRole('switch', { name: "Sign with the webhook's secret" });
    expect(sign).toHaveProperty('checked', true);
    expect(describedBy(sign)).toContain('The server signs the sample with the newest live secret, as GitHub would');
    // The built sample carries a delivery id where the webhook reads it.
    expect(JSON.parse(getInput('Headers').value)).toMatchObject({
      'x-github-delivery': expect.stringMatching(/^sample-delivery-/),
    });
    await user.click(screen.getByRole('button', { name: 'Run test' }));

    const verification = await screen.findByRole('region', { name: 'Sender verification' });
    expect(within(verification).getByTestId('verification-verdict').textContent).toBe(
      "Verified (GitHub): the sample was signed with the webhook's newest secret.",
    );
    const delivery = screen.getByRole('region', { name: 'Delivery id' });
    expect(delivery.textContent).toContain('Read from headers.x-github-delivery: sample-delivery-1');
    expect(within(delivery).getByRole('link', { name: 'Original request' }).getAttribute('href')).toBe(
      '/incoming-webhooks/wh-1/logs/log-7',
    );
    expect(variablesSent(client.executeQuery, 'TestWebhook')[0]).toMatchObject({
      request: { signWithSecret: true },
    });

    await user.click(sign);
    await user.click(screen.getByRole('button', { name: 'Run test' }));
    expect(variablesSent(client.executeQuery, 'TestWebhook')[1]!.request).not.toHaveProperty('signWithSecret');
  });

  it('shows which verification check failed', async () => {
    const result: WebhookTestResultFieldsFragment = {
      ...FILTERED_RESULT,
      statusCode: 401,
      outcome: 'UNAUTHENTICATED',
      verification: {
        scheme: 'STRIPE',
        verified: false,
        errorCode: 'TIMESTAMP_INVALID',
        reason: 'the timestamp is 301 s old (tolerance 300 s)',
        signed: false,
      },
    };
    const { user } = renderPanel(result, {
      ...TESTED_WEBHOOK,
      verification: { scheme: 'STRIPE', secrets: [{ id: 'sec-1', expiresAt: null }] },
    });
    await user.click(await screen.findByRole('button', { name: 'Run test' }));
    const verification = await screen.findByRole('region', { name: 'Sender verification' });
    expect(within(verification).getByText('TIMESTAMP_INVALID')).toBeTruthy();
    expect(within(verification).getByTestId('verification-verdict').textContent).toBe(
      'Refused (Stripe): the timestamp is 301 s old (tolerance 300 s)',
    );
  });

  it('cannot sign without a live secret', async () => {
    const noSecret = { ...TESTED_WEBHOOK, verification: { scheme: 'GITHUB', secrets: [] } };
    renderPanel(FILTERED_RESULT, noSecret);
    const sign = await screen.findByRole('switch', { name: "Sign with the webhook's secret" });
    expect(sign).toHaveProperty('disabled', true);
    expect(sign).toHaveProperty('checked', false);
    expect(describedBy(sign)).toContain('has no live secret yet: add one under Authentication');
  });

  it('asks a reader for the filter tokens hidden from their role instead of sending the marker', async () => {
    const hidden = {
      ...TESTED_WEBHOOK,
      filter: {
        ...TESTED_WEBHOOK.filter,
        conditions: [{ attribute: 'headers.x-token', operator: 'EQUALS', value: '[REDACTED]' }],
      },
    };
    const { client, user } = renderPanel(FILTERED_RESULT, hidden, { ...ADMIN_VIEWER, role: 'READER' });
    expect(await screen.findByText('These values are hidden from you: header x-token')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Run test' }));
    expect(variablesSent(client.executeQuery, 'TestWebhook')).toHaveLength(0);
  });

  it('offers no signing to a reader (the server would refuse it)', async () => {
    const github = { ...TESTED_WEBHOOK, verification: { scheme: 'GITHUB', secrets: [{ id: 's', expiresAt: null }] } };
    renderPanel(FILTERED_RESULT, github, { ...ADMIN_VIEWER, role: 'READER' });
    await screen.findByRole('button', { name: 'Run test' });
    expect(screen.queryByRole('switch')).toBeNull();
  });

  it('explains instead of offering a test when the webhook is archived', async () => {
    const { client } = renderPanel(FILTERED_RESULT, { ...TESTED_WEBHOOK, status: 'ARCHIVED' });
    expect(await screen.findByText('This webhook is archived')).toBeTruthy();
    expect(screen.getByText(/senders get 404 Not Found/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Run test' })).toBeNull();
    expect(screen.queryByLabelText('Body')).toBeNull();
    expect(variablesSent(client.executeQuery, 'TestWebhook')).toHaveLength(0);
  });
});
